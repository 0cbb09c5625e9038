import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.js';
import { openStore, type Store } from '../store/index.js';
import { checkBackupFile, listBackups, writeBackup } from './files.js';
import { nextSlot } from './schedule.js';
import { BACKUP_RETRY_MS, BackupService } from './service.js';
import { readStatus, STATUS_FILE } from './status.js';
import { MORNING, servedDay, tempFolder } from './test-support.js';

const HOUR = 3600_000;
const MSK = 'Europe/Moscow';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function folder() {
  const t = tempFolder();
  cleanups.push(t.cleanup);
  return t.dir;
}

function liveOffice(dir: string, clock: VirtualClock): Store {
  const store = openStore(join(dir, 'office.sqlite'));
  cleanups.unshift(() => store.close());
  servedDay(store, clock);
  return store;
}

describe('the time of day a backup is due', () => {
  it('is the next local HH:MM strictly after the given instant, in the office zone', () => {
    // 10:00 MSK on the 26th → 02:30 MSK on the 27th (23:30 UTC on the 26th)
    expect(nextSlot(MORNING, '02:30', MSK)).toBe(Date.parse('2026-11-26T23:30:00Z'));
    const slot = Date.parse('2026-11-26T23:30:00Z');
    expect(nextSlot(slot - 1, '02:30', MSK)).toBe(slot);
    expect(nextSlot(slot, '02:30', MSK)).toBe(slot + 24 * HOUR);
    // Berlin's spring-forward night has no 02:30: the backup runs at the first minute after the gap
    const gap = nextSlot(Date.parse('2026-03-28T12:00:00Z'), '02:30', 'Europe/Berlin');
    expect(gap).toBe(Date.parse('2026-03-29T01:30:00Z'));
  });
});

describe('a backup file', () => {
  it('is an online copy of the live database, verified, self-contained and owner-only', async () => {
    const dir = folder();
    const clock = new VirtualClock(MORNING);
    const store = liveOffice(dir, clock);
    const written = await writeBackup(store, join(dir, 'backups'), clock.now());
    // the office keeps working after (and during) the copy
    expect(store.lastSeq()).toBe(written.seq);
    expect(written.file).toMatch(/office-20261126T\d{6}Z\.sqlite$/);
    expect(readdirSync(join(dir, 'backups'))).toEqual([written.file.split('/').at(-1)]);
    expect(checkBackupFile(written.file)).toMatchObject({ ok: true, seq: store.lastSeq(), integrity: ['ok'] });
    if (process.platform !== 'win32') {
      expect(statSync(written.file).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'backups')).mode & 0o777).toBe(0o700);
    }
    // two in the same second do not overwrite each other
    const again = await writeBackup(store, join(dir, 'backups'), clock.now());
    expect(again.file).not.toBe(written.file);
    expect(listBackups(join(dir, 'backups'))[0]?.file).toBe(again.file);
  });

  it('that fails its check is deleted and never counts', async () => {
    const dir = folder();
    const store = liveOffice(dir, new VirtualClock(MORNING));
    const broken = {
      async backup(dest: string) {
        await store.backup(dest);
        // damage the first page of the events table
        const db = readFileSync(dest);
        const page = 4096;
        db.fill(0xff, 3 * page, 3 * page + 64);
        writeFileSync(dest, db);
      },
    };
    await expect(writeBackup(broken, join(dir, 'backups'), MORNING)).rejects.toThrow();
    expect(readdirSync(join(dir, 'backups'))).toEqual([]);
  });
});

describe('the daily schedule on the injected clock', () => {
  it('backs up at the configured local time, records each run, keeps N and retries a failure an hour later', async () => {
    const dir = folder();
    const clock = new VirtualClock(MORNING);
    const store = liveOffice(dir, clock);
    const runs: string[] = [];
    const backups = new BackupService({
      dataDir: dir,
      source: store,
      clock,
      timeZone: () => MSK,
      options: { at: '03:15', keep: 2, checkEveryMs: 0 },
      onRun: (r) => runs.push(r.ok ? 'ok' : 'failed'),
    });
    cleanups.unshift(() => void backups.stop());
    const slot = Date.parse('2026-11-27T00:15:00Z'); // 03:15 MSK
    expect(backups.status()).toMatchObject({ enabled: true, nextAt: slot, lastGoodAt: null, since: clock.now() });
    expect(backups.tick()).toBeNull();
    clock.set(slot - 1);
    expect(backups.tick()).toBeNull();
    clock.set(slot);
    const first = await backups.tick();
    expect(first).toMatchObject({ ok: true, trigger: 'scheduled', seq: store.lastSeq(), at: slot });
    expect(existsSync(first?.file ?? '')).toBe(true);
    expect(backups.tick()).toBeNull(); // done for today
    expect(readStatus(dir)?.lastGood?.file).toBe(first?.file);
    expect(backups.status()).toMatchObject({ lastGoodAt: slot, lastFile: first?.file, lastSeq: store.lastSeq() });

    // three more nights: only the newest two stay
    for (let day = 1; day <= 3; day++) {
      clock.set(slot + day * 24 * HOUR);
      expect((await backups.tick())?.ok).toBe(true);
    }
    expect(listBackups(join(dir, 'backups')).map((b) => b.name)).toEqual([
      'office-20261130T001500Z.sqlite',
      'office-20261129T001500Z.sqlite',
    ]);

    // the folder becomes unusable: the failure is recorded and tried again an hour later
    const blocked = new BackupService({
      dataDir: dir,
      source: store,
      clock,
      timeZone: () => MSK,
      options: { dir: join(dir, STATUS_FILE), at: '03:15', checkEveryMs: 0 },
    });
    clock.set(slot + 4 * 24 * HOUR);
    const failed = await blocked.tick();
    expect(failed).toMatchObject({ ok: false });
    expect(blocked.status().lastError).toBeTruthy();
    expect(blocked.status().lastGoodAt).toBe(slot + 3 * 24 * HOUR);
    expect(blocked.nextAt()).toBe(clock.now() + BACKUP_RETRY_MS);
    expect(runs).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it('catches up at the first check after a night the server was off', async () => {
    const dir = folder();
    const clock = new VirtualClock(MORNING);
    const store = liveOffice(dir, clock);
    const opts = { dataDir: dir, source: store, clock, timeZone: () => MSK, options: { checkEveryMs: 0 } };
    const first = new BackupService(opts);
    clock.set(Date.parse('2026-11-26T23:30:00Z'));
    expect((await first.tick())?.trigger).toBe('scheduled');
    // off for two nights, started at 09:00
    clock.set(Date.parse('2026-11-29T06:00:00Z'));
    const restarted = new BackupService(opts);
    expect((await restarted.tick())?.trigger).toBe('catch-up');
    expect(restarted.tick()).toBeNull();
  });

  it('does nothing when off', () => {
    const dir = folder();
    const clock = new VirtualClock(MORNING);
    const store = liveOffice(dir, clock);
    const off = new BackupService({ dataDir: dir, source: store, clock, options: { enabled: false } });
    clock.advance(48 * HOUR);
    expect(off.tick()).toBeNull();
    expect(off.health()).toBeNull();
    expect(existsSync(join(dir, STATUS_FILE))).toBe(false);
  });
});

describe('a copy of a copy', () => {
  it('opens with the same log as the live database', async () => {
    const dir = folder();
    const store = liveOffice(dir, new VirtualClock(MORNING));
    const b = await writeBackup(store, join(dir, 'backups'), MORNING);
    copyFileSync(b.file, join(dir, 'copy.sqlite'));
    const copy = openStore(join(dir, 'copy.sqlite'));
    try {
      expect(copy.readEvents(0)).toEqual(store.readEvents(0));
    } finally {
      copy.close();
    }
  });
});
