import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where head office is and the office's key there. */
export interface HqSettings {
  url: string;
  key: string;
}

/** Beside the database, mode 0600: written by the first-run setup (or the admin), read by `talon serve`. */
export const HQ_SETTINGS_FILE = 'head-office.json';

/** A head-office address: http(s), no credentials, no query; trailing slashes dropped. Null when it is not one. */
export function normalizeHqUrl(raw: string): string | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || u.search || u.hash)
    return null;
  return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
}

/** An office key as head office issues it: printable, no spaces. */
export const isHqKey = (key: string) => /^[\x21-\x7e]{16,200}$/.test(key);

export function loadHqSettings(dataDir: string): HqSettings | null {
  const path = join(dataDir, HQ_SETTINGS_FILE);
  if (!existsSync(path)) return null;
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as Partial<HqSettings>;
    const url = typeof j.url === 'string' ? normalizeHqUrl(j.url) : null;
    return url && typeof j.key === 'string' && isHqKey(j.key) ? { url, key: j.key } : null;
  } catch {
    return null;
  }
}

/** Written under another name and renamed: never half-written, never readable by others (the key is a secret). */
export function saveHqSettings(dataDir: string, s: HqSettings | null): void {
  const path = join(dataDir, HQ_SETTINGS_FILE);
  if (!s) {
    rmSync(path, { force: true });
    return;
  }
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ url: s.url, key: s.key }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
