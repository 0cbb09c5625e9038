import type { LocalText } from '../text.js';

/**
 * The office's side of its link to head office (issue 13), as `/api/health` shows it: public, so it says
 * nothing about where head office is or with which key.
 */
export interface HqLinkHealth {
  /** A head office is set (`--hq`, `TALON_HQ_URL` or the first-run setup). */
  configured: boolean;
  /** The last exchange with head office succeeded. */
  connected: boolean;
  /** The last seq head office acknowledged, and when (office clock); null: never. */
  lastAckSeq: number | null;
  lastAckAt: number | null;
  /** Events not yet at head office and the `at` of the oldest. */
  backlog: { count: number; oldestAt: number | null };
  /** Why the last exchange failed (cleared by the next success). */
  lastError: { at: number; code: string; message: LocalText } | null;
}

/** What the office administrator's screen shows about the link (the sync panel). */
export interface HqLinkStatus extends HqLinkHealth {
  /** Head office's address (never the key). */
  url: string | null;
  /** Where the setting comes from: the command line or environment, or the data folder (setup, admin). */
  source: 'command-line' | 'data-folder' | null;
  /** How head office knows this office (from its welcome). */
  office: { code: string; name: LocalText } | null;
  /** When the last exchange succeeded. */
  lastContactAt: number | null;
  /** When the next attempt is due while head office is unreachable. */
  retryAt: number | null;
  /** Head office saw this office's log go back in time or fork (a database restored from an older backup). */
  attention: 'behind' | 'forked' | null;
  /** The head-office profile this office runs (null: none applied yet), and the last one refused with why. */
  profileVersion: number | null;
  profileRefused: { version: number; reason: string; at: number } | null;
  /** Head office's public address for visit links (the printed QR), when it gave one. */
  publicBase: string | null;
}

/** What head office's `attention` means, in words an office administrator can act on (alarm and panel). */
export const HQ_ATTENTION_TEXT: Record<'behind' | 'forked', LocalText> = {
  behind: {
    ru: 'Головной офис хранит больше событий этого офиса, чем есть в его базе: похоже, базу восстановили из старой резервной копии. Ничего не перезаписано; сообщите в головной офис.',
    en: "Head office holds more of this office's events than its database has: it looks restored from an older backup. Nothing has been overwritten; tell head office.",
  },
  forked: {
    ru: 'Журнал этого офиса разошёлся с тем, что уже получил головной офис (база восстановлена из старой копии и продолжила работу). Головной офис хранит обе версии; сообщите туда, чтобы разобраться.',
    en: "This office's log differs from what head office already received (the database was restored from an older copy and went on working). Head office keeps both; tell them to sort it out.",
  },
};
