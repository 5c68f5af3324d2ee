// The API's router, the one source of every type the SDK infers. The build
// writes the router's own declarations in place of this file's (dist/router.d.ts),
// so a program using the built SDK needs none of the server's code.
export type { AppRouter } from "@park/api";
