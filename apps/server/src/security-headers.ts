import type { IncomingMessage, ServerResponse } from "node:http";
import helmet, { type HelmetOptions } from "helmet";

// The built web app loads its script and stylesheet as files of this origin
// and needs nothing inline, so the policy allows nothing inline.
const common: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", "data:"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      imgSrc: ["'self'", "data:"],
      objectSrc: ["'none'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
    },
  },
  xFrameOptions: { action: "deny" },
  referrerPolicy: { policy: "no-referrer" },
  strictTransportSecurity: false,
};

const overPlainHttp = helmet(common);
// Other hosts of the domain are not ours to pin to HTTPS: no includeSubDomains.
const overTls = helmet({ ...common, strictTransportSecurity: { maxAge: 365 * 24 * 60 * 60, includeSubDomains: false } });

/**
 * Sets the browser security headers on a response before anything writes it.
 * HSTS goes only to clients that reached us over TLS: sent over plain HTTP it
 * is ignored at best, and behind a proxy it must reflect the client's side.
 */
export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse, secure: boolean): void {
  (secure ? overTls : overPlainHttp)(req, res, () => {});
}
