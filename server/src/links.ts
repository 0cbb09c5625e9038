import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Signed links to a visit (printed as a QR on the ticket, used for the status and rating pages).
 * The token carries the ticket id and an expiry and is signed with the office's secret (HMAC-SHA256),
 * so it cannot be forged or stretched; single use is the rating's own rule.
 */
export interface VisitClaim {
  ticketId: string;
  /** Epoch ms after which the link is refused. */
  exp: number;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export function signVisitToken(secret: Buffer, claim: VisitClaim): string {
  const body = b64(JSON.stringify([claim.ticketId, claim.exp]));
  const mac = createHmac('sha256', secret).update(body).digest().subarray(0, 16);
  return `${body}.${b64(mac)}`;
}

export type VerifyResult = { ok: true; claim: VisitClaim } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export function verifyVisitToken(secret: Buffer, token: string, now: number): VerifyResult {
  const [body, mac] = token.split('.');
  if (!body || !mac) return { ok: false, reason: 'malformed' };
  const expected = createHmac('sha256', secret).update(body).digest().subarray(0, 16);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'number')
    return { ok: false, reason: 'malformed' };
  if (now > parsed[1]) return { ok: false, reason: 'expired' };
  return { ok: true, claim: { ticketId: parsed[0], exp: parsed[1] } };
}

/** The office's signing secret, created once in the data folder and kept across restarts. */
export function loadOrCreateSecret(dataDir: string): Buffer {
  const path = join(dataDir, 'link-secret.key');
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  const secret = randomBytes(32);
  writeFileSync(path, secret.toString('hex'), { mode: 0o600 });
  return secret;
}

/** `base` is the configurable public URL (head office later; the office server by default). */
export function visitUrl(base: string, secret: Buffer, ticketId: string, exp: number): string {
  return `${base.replace(/\/$/, '')}/v/${signVisitToken(secret, { ticketId, exp })}`;
}

/**
 * A booking's phone as head office may compare it without reading it: an HMAC of the phone key under the
 * office's link secret (which head office holds to sign manage links). Head office counts its per-phone
 * limit over bookings made on either side by it; the number itself stays at the office (152-ФЗ). Whoever
 * holds the secret can test a number they already have, nothing more.
 */
export function bookingPhoneTag(secret: Buffer, phoneKey: string): string {
  return createHmac('sha256', secret).update(`booking-phone\0${phoneKey}`).digest('hex').slice(0, 32);
}
