// The floor every target is compared with: node:http answering fixed JSON,
// no routing, no framework, no database.
import { createServer } from "node:http";

const body = JSON.stringify({ result: { data: { json: { status: "ok", db: "ok" } } } });
createServer({ keepAliveTimeout: 65_000 }, (_req, res) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.PORT), "127.0.0.1");

process.on("SIGTERM", () => process.exit(0));
