import type { PrinterStatus } from '@talon/protocol';

/** DLE EOT n: real-time status, answered even while the printer is offline (unlike GS r). */
export const DLE_EOT = (n: 1 | 2 | 4) => Buffer.from([0x10, 0x04, n]);
/** The three queries in the order `parseStatus` expects the answers. */
export const STATUS_QUERY = Buffer.concat([DLE_EOT(1), DLE_EOT(2), DLE_EOT(4)]);

/**
 * Epson's bits: n=1 bit 3 offline; n=2 bit 2 cover open, bit 5 stopped for paper end, bit 6 error;
 * n=4 bits 2–3 roll paper near end, bits 5–6 paper end. Every reply has bits 1 and 4 set, bit 0 and 7 clear.
 */
export function parseStatus(replies: readonly number[]): PrinterStatus {
  const [printer = 0, offline = 0, paper = 0] = replies;
  const valid = replies.length >= 3 && replies.every((r) => (r & 0x93) === 0x12);
  if (!valid)
    return {
      reachable: true,
      online: false,
      paperOut: false,
      paperNearEnd: false,
      coverOpen: false,
      unknown: true,
      error: 'bad status reply',
    };
  const paperOut = (paper & 0x60) !== 0 || (offline & 0x20) !== 0;
  return {
    reachable: true,
    online: (printer & 0x08) === 0,
    coverOpen: (offline & 0x04) !== 0,
    paperOut,
    paperNearEnd: !paperOut && (paper & 0x0c) !== 0,
  };
}

/** The replies a printer in this state would send (the virtual printer answers with these). */
export function statusBytes(s: { paperOut: boolean; paperNearEnd: boolean; coverOpen: boolean; offline?: boolean }) {
  const off = s.offline || s.paperOut || s.coverOpen;
  return {
    1: 0x12 | (off ? 0x08 : 0),
    2: 0x12 | (s.coverOpen ? 0x04 : 0) | (s.paperOut ? 0x20 : 0),
    4: 0x12 | (s.paperNearEnd ? 0x0c : 0) | (s.paperOut ? 0x60 : 0),
  } as Record<number, number>;
}

export const UNREACHABLE = (error: string): PrinterStatus => ({
  reachable: false,
  online: false,
  paperOut: false,
  paperNearEnd: false,
  coverOpen: false,
  error,
});

/** Why a job cannot print now, or null when the printer is ready. */
export function blockingReason(s: PrinterStatus): string | null {
  if (!s.reachable) return 'unreachable';
  if (s.unknown) return null;
  if (s.paperOut) return 'paper-out';
  if (s.coverOpen) return 'cover-open';
  if (!s.online) return 'offline';
  return null;
}

/** Device status as the admin sees it (`GET /api/devices`). */
export function deviceHealth(s: PrinterStatus): 'ok' | 'warning' | 'error' {
  if (blockingReason(s)) return 'error';
  if (s.paperNearEnd || s.unknown) return 'warning';
  return 'ok';
}

export function statusDetails(s: PrinterStatus): Record<string, string | boolean> {
  const d: Record<string, string | boolean> = {
    kind: 'printer',
    reachable: s.reachable,
    online: s.online,
    paper: s.paperOut ? 'out' : s.paperNearEnd ? 'near-end' : 'ok',
    cover: s.coverOpen ? 'open' : 'closed',
  };
  if (s.unknown) d.statusKnown = false;
  if (s.error) d.error = s.error.slice(0, 200);
  return d;
}
