import { createHash, randomBytes, type ScryptOptions, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

const SCRYPT = { N: 16384, r: 8, p: 1, keyLen: 64, saltLen: 16 } as const;
/** Refuses to run scrypt with a cost that would stall the server (a tampered or foreign hash). */
const MAX_N = 1 << 20;

const scryptAsync = (password: string, salt: Buffer, keyLen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keyLen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );

const encode = (salt: Buffer, hash: Buffer) =>
  `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;

/** scrypt runs on libuv's thread pool: the event loop keeps serving the hall while a password is hashed. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLen);
  const { N, r, p, keyLen } = SCRYPT;
  return encode(salt, await scryptAsync(password, salt, keyLen, { N, r, p, maxmem: 256 * N * r }));
}

/**
 * The same, blocking (~50 ms): only for what a signed-in administrator or the `talon` command does now and
 * then (creating a login, resetting a password), never for what anyone on the network can repeat.
 */
export function hashPasswordSync(password: string): string {
  const salt = randomBytes(SCRYPT.saltLen);
  const { N, r, p, keyLen } = SCRYPT;
  return encode(salt, scryptSync(password, salt, keyLen, { N, r, p, maxmem: 256 * N * r }));
}

/**
 * Parameters come from the stored string, so hashes made with a future, higher cost still verify.
 * Any malformed input is a plain `false`, never an exception.
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((x) => Number.isSafeInteger(x) && x > 0)) return false;
  if (N > MAX_N || (N & (N - 1)) !== 0 || r > 32 || p > 16) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length === 0 || expected.length < 16) return false;
  try {
    const actual = await scryptAsync(password, salt, expected.length, { N, r, p, maxmem: 256 * N * r });
    return timingSafeEqual(actual, expected);
  } catch {
    return false;
  }
}

/** Bearer secret for sessions and devices: 256 bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest is stored, so a copy of the database does not let anyone sign in. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** No 0/O or 1/I: the code is read off one screen and typed on another. 32 letters = 40 bits per code. */
export const PAIRING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 8;

export function newPairingCode(): string {
  let code = '';
  while (code.length < PAIRING_CODE_LENGTH) {
    // Rejection sampling keeps every letter equally likely whatever the alphabet's size.
    for (const b of randomBytes(PAIRING_CODE_LENGTH * 2)) {
      const limit = 256 - (256 % PAIRING_ALPHABET.length);
      if (b < limit && code.length < PAIRING_CODE_LENGTH) code += PAIRING_ALPHABET[b % PAIRING_ALPHABET.length];
    }
  }
  return code;
}

/** People type codes in lower case and with spaces or dashes; the stored hash is of the canonical form. */
export function normalizePairingCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]+/g, '');
}
