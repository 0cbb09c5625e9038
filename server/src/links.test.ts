import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signVisitToken, verifyVisitToken, visitUrl } from './links.js';

const secret = randomBytes(32);
const now = Date.parse('2026-11-26T07:00:00Z');

describe('signed visit links', () => {
  it('verifies its own token until it expires', () => {
    const token = signVisitToken(secret, { ticketId: '2026-11-26/К-001', exp: now + 60_000 });
    expect(verifyVisitToken(secret, token, now)).toEqual({
      ok: true,
      claim: { ticketId: '2026-11-26/К-001', exp: now + 60_000 },
    });
    expect(verifyVisitToken(secret, token, now + 60_001)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another secret or with an altered body', () => {
    const token = signVisitToken(secret, { ticketId: 'a', exp: now + 60_000 });
    expect(verifyVisitToken(randomBytes(32), token, now)).toEqual({ ok: false, reason: 'forged' });
    const [, mac] = token.split('.');
    const stretched = `${Buffer.from(JSON.stringify(['a', now + 999_999_999])).toString('base64url')}.${mac}`;
    expect(verifyVisitToken(secret, stretched, now)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyVisitToken(secret, 'garbage', now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('builds a short URL under the configured base', () => {
    const url = visitUrl('https://rate.example.ru/', secret, '2026-11-26/К-001', now);
    expect(url).toMatch(/^https:\/\/rate\.example\.ru\/v\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(url.length).toBeLessThan(120);
  });
});
