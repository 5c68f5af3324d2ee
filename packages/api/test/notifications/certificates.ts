// A private certificate authority and a server certificate it signed, made
// afresh for each test server. The server certificate names localhost and
// 127.0.0.1, so a client that trusts the authority verifies it exactly as it
// would a public one.
import { generate } from "selfsigned";

export interface TestCertificates {
  /** The authority's certificate (PEM): what a client has to trust. */
  ca: string;
  /** The server's certificate (PEM), valid for localhost and 127.0.0.1 for a day. */
  cert: string;
  /** The server's private key (PEM). */
  key: string;
}

export async function createTestCertificates(): Promise<TestCertificates> {
  // A minute back, so that a clock a little behind this one still finds them valid.
  const validity = { notBeforeDate: new Date(Date.now() - 60_000), notAfterDate: new Date(Date.now() + 86_400_000) };
  const common = { keyType: "ec", algorithm: "sha256", ...validity } as const;
  const authority = await generate([{ name: "commonName", value: "Park test authority" }], {
    ...common,
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: "commonName", value: "localhost" }], {
    ...common,
    ca: { key: authority.private, cert: authority.cert },
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  return { ca: authority.cert, cert: server.cert, key: server.private };
}
