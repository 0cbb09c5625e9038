import { readFileSync } from 'node:fs';

/** A certificate (with its chain) and its key: PEM text, or the paths of PEM files. */
export interface TlsOptions {
  cert: string | Buffer;
  key: string | Buffer;
}

const pem = (x: string | Buffer): Buffer => {
  if (Buffer.isBuffer(x)) return x;
  return x.includes('-----BEGIN') ? Buffer.from(x) : readFileSync(x);
};

/** What Fastify's `https` option takes. The files are read once, at start: a renewed certificate needs a restart. */
export function httpsOptions(tls: TlsOptions): { cert: Buffer; key: Buffer } {
  return { cert: pem(tls.cert), key: pem(tls.key) };
}
