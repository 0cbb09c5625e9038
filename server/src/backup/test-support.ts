// Shared by the backup and command-line tests: a real office database with a served day in it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Actor, Command, type CommandInput } from '@talon/protocol';
import { type Clock, VirtualClock } from '../clock.js';
import { rosatomDemoOffice } from '../demo/rosatom-office.js';
import { Office } from '../office.js';
import { openStore, type Store } from '../store/index.js';

/** Wednesday 26 Nov 2026, 10:00 in Moscow. */
export const MORNING = Date.parse('2026-11-26T07:00:00Z');
export const KIOSK: Actor = { kind: 'device', deviceId: 'kiosk-1', role: 'kiosk' };
export const OPERATOR: Actor = { kind: 'user', userId: 'u-op1', operatorId: 'op1', roles: ['operator'] };
const SYSTEM: Actor = { kind: 'system' };

export function tempFolder(prefix = 'talon-backup-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function must(office: Office, cmd: CommandInput, actor: Actor): void {
  const r = office.execute(Command.parse(cmd), actor);
  if (!r.ok) throw new Error(`${cmd.type}: ${r.error.code}`);
}

/** Configures the demo office and serves `visits` visitors at window 1 (tickets, visits, a snapshot midway). */
export function servedDay(store: Store, clock: Clock & { advance?: (ms: number) => void }, visits = 3): Office {
  const office = new Office({ store, clock });
  if (office.seq === 0) office.configure(rosatomDemoOffice(), SYSTEM);
  must(office, { type: 'operatorLogin', windowId: 'w1' }, OPERATOR);
  for (let i = 0; i < visits; i++) {
    must(office, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' }, KIOSK);
    clock.advance?.(60_000);
    must(office, { type: 'callNext' }, OPERATOR);
    must(office, { type: 'startService' }, OPERATOR);
    clock.advance?.(5 * 60_000);
    must(office, { type: 'finishService' }, OPERATOR);
    if (i === Math.floor(visits / 2)) office.snapshotNow();
  }
  // one visitor still waiting, so that the live state has a ticket in it
  must(office, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' }, KIOSK);
  return office;
}

/** A data folder with office.sqlite holding a served day; the store is closed. */
export function officeFolder(dir: string, visits = 3): string {
  const store = openStore(join(dir, 'office.sqlite'));
  try {
    servedDay(store, new VirtualClock(MORNING), visits);
  } finally {
    store.close();
  }
  return dir;
}
