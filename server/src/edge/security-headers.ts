import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every page and answer. The screens (Vite builds) and the server's own
 * pages load scripts only as files from this server: no inline script, no eval.
 * - style-src allows inline styles: the server's pages (start page, the visitor's rating page on a phone
 *   over a slow link, the demo's virtual printer) carry their small stylesheet in the page, and a style
 *   cannot run code;
 * - img-src allows any http(s) address: an operator's photo on the rating terminal is an address the
 *   configuration administrator types (`photoUrl`);
 * - media-src allows data: the board's audio unlock is a generated WAV;
 * - connect-src 'self' covers the same-origin socket (ws: and wss: of this host in CSP 3).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: http: https:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  // No screen frames another (the wall screen is the admin screen in its own window), so nobody may
  // frame the admin or operator consoles to trick a click.
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  // the same for browsers that know only the older header
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // a visit's link (`/v/<token>`) and a pairing code in an address must not leak to another site
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // No Strict-Transport-Security: an office may run plain HTTP on its LAN (HTTPS is opt-in, --tls-cert),
  // and a remembered HSTS would strand its screens the day it goes back.
};

/**
 * Every answer Fastify sends carries the headers: routes of the table, the screens' files, refusals,
 * 404s. Set when the request arrives, so an answer sent from any later stage has them.
 */
export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
}
