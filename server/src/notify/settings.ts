import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bookingSettingsOf,
  type EngineState,
  NotifySettings,
  type NotifySettingsInput,
  type OfficeConfig,
} from '@talon/protocol';

/** Beside the database, mode 0600 like `head-office.json`: it holds the gateway's key and the bot's token. */
export const NOTIFY_SETTINGS_FILE = 'notifications.json';

/** A secret as the administrator reads it back: its last four characters only. */
const MASK = '…';
export const mask = (secret: string) => (secret ? `${MASK}${secret.slice(-4)}` : '');
const isMasked = (v: string) => v.startsWith(MASK);

export function loadNotifySettings(dataDir: string): NotifySettings {
  const path = join(dataDir, NOTIFY_SETTINGS_FILE);
  if (!existsSync(path)) return NotifySettings.parse({});
  try {
    return NotifySettings.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    // a hand-edited file that no longer parses sends nothing rather than stopping the server
    return NotifySettings.parse({});
  }
}

/** Written under another name and renamed: never half-written, never readable by others. */
export function saveNotifySettings(dataDir: string, s: NotifySettings): void {
  const path = join(dataDir, NOTIFY_SETTINGS_FILE);
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** What the admin route answers: the same shape, the secrets masked. */
export function viewOf(s: NotifySettings): NotifySettings {
  return {
    sms: {
      ...s.sms,
      authHeader: s.sms.authHeader ? { ...s.sms.authHeader, value: mask(s.sms.authHeader.value) } : null,
    },
    telegram: { ...s.telegram, botToken: mask(s.telegram.botToken) },
  };
}

/** A masked secret sent back as it was read keeps the saved one; anything else replaces it. */
export function merge(saved: NotifySettings, input: NotifySettingsInput): NotifySettings {
  const next = NotifySettings.parse(input);
  const header = next.sms.authHeader;
  if (header && isMasked(header.value) && saved.sms.authHeader)
    next.sms.authHeader = { ...header, value: saved.sms.authHeader.value };
  if (isMasked(next.telegram.botToken)) next.telegram.botToken = saved.telegram.botToken;
  return next;
}

export const smsReady = (s: NotifySettings) => s.sms.enabled && /^https?:\/\//.test(s.sms.baseUrl);
export const telegramReady = (s: NotifySettings) =>
  s.telegram.enabled && !!s.telegram.botToken && !!s.telegram.botName && /^https?:\/\//.test(s.telegram.apiBase);

/**
 * K people ahead and M minutes: «Ваша очередь подходит» when either is reached. One function, so that
 * where the office keeps them is said once.
 */
export function thresholdsOf(config: OfficeConfig | EngineState['config']): { aheadMax: number; minutesMax: number } {
  return bookingSettingsOf(config).notify;
}
