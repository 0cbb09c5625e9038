import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  hashPasswordSync,
  newPairingCode,
  newToken,
  normalizePairingCode,
  PAIRING_ALPHABET,
  tokenHash,
  verifyPassword,
} from './crypto.js';

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt, and verifies', async () => {
    const a = await hashPassword('Correct horse 1');
    const b = hashPasswordSync('Correct horse 1');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    const [, , , , salt, hash] = a.split('$');
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(hash ?? '', 'base64')).toHaveLength(64);
    expect(b).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Correct horse 1', a)).toBe(true);
    expect(await verifyPassword('Correct horse 1', b)).toBe(true);
    expect(await verifyPassword('correct horse 1', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('matches an independent scrypt computation', async () => {
    const encoded = await hashPassword('пароль');
    const [, , , , salt, hash] = encoded.split('$');
    const again = scryptSync('пароль', Buffer.from(salt ?? '', 'base64'), 64, { N: 16384, r: 8, p: 1 });
    expect(again.toString('base64')).toBe(hash);
  });

  it('verifies with the parameters stored in the hash, as the blocking version stored them', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const key = scryptSync('pw', salt, 32, { N: 1024, r: 8, p: 1 });
    const encoded = `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('pw', encoded)).toBe(true);
  });

  it('checks passwords off the event loop: timers keep firing while scrypt runs', async () => {
    const encoded = hashPasswordSync('pw');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    // with the blocking version all eight were done before the timer could fire once
    const settled = await Promise.all(Array.from({ length: 8 }, () => verifyPassword('wrong', encoded)));
    const during = ticks;
    clearInterval(timer);
    expect(settled).toEqual(Array(8).fill(false));
    expect(during).toBeGreaterThan(0);
  });

  it('treats malformed or tampered hashes as a mismatch', async () => {
    const good = await hashPassword('pw');
    const parts = good.split('$');
    const flipped = Buffer.from(parts[5] ?? '', 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(await verifyPassword('pw', [...parts.slice(0, 5), flipped.toString('base64')].join('$'))).toBe(false);
    for (const bad of [
      '',
      'pw',
      'bcrypt$1$2$3$4$5',
      'scrypt$abc$8$1$AAAA$AAAA',
      `scrypt$${1 << 30}$8$1$${parts[4]}$${parts[5]}`,
    ]) {
      expect(await verifyPassword('pw', bad)).toBe(false);
    }
    expect(await verifyPassword('pw', `scrypt$16384$8$1$${parts[4]}$`)).toBe(false);
  });
});

describe('tokens and codes', () => {
  it('makes 256-bit url-safe tokens and stores only their sha256', () => {
    const t = newToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(new Set(Array.from({ length: 200 }, newToken)).size).toBe(200);
    expect(tokenHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(tokenHash(t)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('makes 8-letter pairing codes without look-alike characters', () => {
    expect(PAIRING_ALPHABET).toHaveLength(32);
    const codes = Array.from({ length: 2000 }, newPairingCode);
    for (const c of codes) expect(c).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{8}$/);
    expect(new Set(codes).size).toBe(codes.length);
    const used = new Set(codes.join(''));
    expect(used.size).toBe(32);
    for (const ch of '01OI') expect(used.has(ch)).toBe(false);
  });

  it('normalises what people type', () => {
    expect(normalizePairingCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(normalizePairingCode('AB CD EF GH')).toBe('ABCDEFGH');
  });
});
