// The interactive API reference at /docs: Swagger UI reading /openapi.json,
// its script and stylesheet served from the swagger-ui-dist package this
// server depends on (no CDN). The page and its start-up script are files of
// this origin with nothing inline, so the site's Content-Security-Policy
// applies to /docs unchanged.
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Park API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
    <link rel="icon" type="image/png" href="/docs/favicon.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/start.js"></script>
  </body>
</html>
`;

// No validator badge: it would be an image from validator.swagger.io, which the policy refuses anyway.
const start = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null });\n`;

const css = "text/css; charset=utf-8";
const js = "text/javascript; charset=utf-8";

/** Answers GET and HEAD of /docs and its assets; returns false, having written nothing, for anything else. */
export function createDocs(): (req: IncomingMessage, res: ServerResponse, path: string) => boolean {
  // Resolved now, so that a server installed without the package fails to start rather than to serve.
  const resolve = createRequire(import.meta.url).resolve;
  const files: Record<string, { type: string; read: () => Promise<Buffer> }> = {
    "/docs/swagger-ui.css": { type: css, read: once(resolve("swagger-ui-dist/swagger-ui.css")) },
    "/docs/swagger-ui-bundle.js": { type: js, read: once(resolve("swagger-ui-dist/swagger-ui-bundle.js")) },
    "/docs/favicon.png": { type: "image/png", read: once(resolve("swagger-ui-dist/favicon-32x32.png")) },
    "/docs/start.js": { type: js, read: () => Promise.resolve(Buffer.from(start)) },
  };
  const html = Buffer.from(page);

  return (req, res, path) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if (path === "/docs" || path === "/docs/") {
      send(req, res, "text/html; charset=utf-8", "no-cache", html);
      return true;
    }
    const asset = files[path];
    if (!asset) return false;
    asset.read().then(
      (body) => send(req, res, asset.type, "public, max-age=3600", body),
      () => {
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("The API reference's files could not be read");
      },
    );
    return true;
  };
}

/** Reads a file the first time it is asked for, and keeps it: the package does not change under a running server. */
function once(file: string): () => Promise<Buffer> {
  let content: Promise<Buffer> | undefined;
  return () =>
    (content ??= readFile(file).catch((error: unknown) => {
      content = undefined;
      throw error;
    }));
}

function send(req: IncomingMessage, res: ServerResponse, type: string, cacheControl: string, body: Buffer) {
  res.writeHead(200, { "content-type": type, "content-length": body.length, "cache-control": cacheControl });
  res.end(req.method === "HEAD" ? undefined : body);
}
