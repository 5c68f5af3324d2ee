// The real server, started in this process by the server's own test helpers,
// on PGlite in a folder of its own.
export { register, startServer, unique, type Account, type TestServer } from "../../../apps/server/test/helpers.ts";
