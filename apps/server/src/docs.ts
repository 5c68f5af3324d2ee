// The interactive API reference at /docs: Swagger UI reading /openapi.json,
// its script and stylesheet served by this server (no CDN). The build copies
// them from the swagger-ui-dist package into dist/docs beside the bundle, so
// a built server needs no package to serve them; run from source, it reads
// the package itself. The page and its start-up script are files of this
// origin with nothing inline, so the site's Content-Security-Policy applies
// to /docs unchanged.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import assets from "./docs-assets.json" with { type: "json" };

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

/** Answers GET and HEAD of /docs and its assets; returns false, having written nothing, for anything else. */
export function createDocs(): (req: IncomingMessage, res: ServerResponse, path: string) => boolean {
  const files: Record<string, { type: string; read: () => Promise<Buffer> }> = {
    "/docs/start.js": { type: "text/javascript; charset=utf-8", read: () => Promise.resolve(Buffer.from(start)) },
  };
  for (const [path, asset] of Object.entries(assets.files)) files[path] = { type: asset.type, read: once(docsAssetPath(asset.file)) };
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

/**
 * Where an asset is read from: the build's copy beside the bundle, or the
 * package's own when run from source. Located at start, so that a server
 * missing both fails to start rather than to serve.
 */
function docsAssetPath(file: string): string {
  const built = fileURLToPath(new URL(`./docs/${file}`, import.meta.url));
  return existsSync(built) ? built : createRequire(import.meta.url).resolve(`${assets.package}/${file}`);
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
