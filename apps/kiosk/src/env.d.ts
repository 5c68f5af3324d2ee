/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The server to call during development, when the kiosk is not served by it. */
  readonly VITE_API_URL?: string;
}
