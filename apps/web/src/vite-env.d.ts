/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin of the Park server when it is not the one serving this app. */
  readonly VITE_API_URL?: string;
}
