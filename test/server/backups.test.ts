import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alarm } from '@talon/protocol';
import { type RunningServer, startServer } from '@talon/server';
import { VirtualClock } from '@talon/server/clock';
import { rosatomDemoOffice } from '@talon/server/demo';
import { afterEach, describe, expect, it } from 'vitest';

/** Wednesday 26 Nov 2026, 10:00 in Moscow. */
const MORNING = Date.parse('2026-11-26T07:00:00Z');
const HOUR = 3600_000;
const MIN = 60_000;

const open: { server: RunningServer; dir: string }[] = [];
afterEach(async () => {
  for (const { server, dir } of open.splice(0)) {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function office(clock: VirtualClock) {
  const dir = mkdtempSync(join(tmpdir(), 'talon-backups-'));
  const server = await startServer({
    dataDir: dir,
    clock,
    tickMs: 0,
    monitorMs: 0,
    initialConfig: rosatomDemoOffice(),
    // the schedule is driven by hand on the virtual clock (server.backups.tick())
    backups: { at: '02:30', keep: 3, checkEveryMs: 0 },
  });
  open.push({ server, dir });
  server.auth.ensureUser({ login: 'boss', name: 'Начальник', password: 'boss-password', roles: ['hall_admin'] });
  // a session lasts 12 h on the server's (virtual) clock: sign in for each look
  const token = async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'boss', password: 'boss-password' }),
    });
    return ((await login.json()) as { token: string }).token;
  };
  const get = async <T>(path: string) =>
    (await (
      await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${await token()}` } })
    ).json()) as T;
  const active = async () =>
    (await get<{ active: Alarm[] }>('/api/alarms')).active.filter((a) => a.kind === 'backup-overdue');
  const ack = async (id: number) =>
    fetch(`${server.url}/api/alarms/${id}/ack`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
      body: '{}',
    });
  return { server, dir, get, active, ack };
}

describe('the backup alarm on the admin screen', () => {
  it('is quiet after a good backup, raised 26 h later without one, acknowledged, and cleared by the next good backup', async () => {
    const clock = new VirtualClock(MORNING);
    const { server, active, ack, get } = await office(clock);
    const first = await server.backups.runNow();
    expect(first.ok).toBe(true);
    server.monitor.evaluate();
    expect(await active()).toEqual([]);

    // nobody runs the schedule: 26 h pass without a backup
    clock.advance(26 * HOUR);
    server.monitor.evaluate();
    expect(await active()).toEqual([]);
    clock.advance(MIN);
    server.monitor.evaluate();
    const [alarm] = await active();
    expect(alarm).toMatchObject({ kind: 'backup-overdue', severity: 'warning', acknowledgedAt: null });
    expect(alarm?.message.ru).toContain('Последняя удачная резервная копия');
    expect(alarm?.message.ru).toContain('26.11.2026 10:00');
    expect(alarm?.subject.backupDir).toBe(server.backups.status().dir);
    expect((await ack(alarm?.id ?? 0)).status).toBe(200);
    expect((await active())[0]?.acknowledgedAt).toBe(clock.now());

    // the scheduled backup is due (02:30 passed): the tick makes it, the alarm clears
    const run = await server.backups.tick();
    expect(run).toMatchObject({ ok: true, trigger: 'catch-up' });
    server.monitor.evaluate();
    expect(await active()).toEqual([]);
    const history = await get<Alarm[]>(`/api/alarms/history?from=${MORNING}`);
    expect(history.find((a) => a.id === alarm?.id)?.clearedAt).toBe(clock.now());
    expect(server.backups.status()).toMatchObject({ lastGoodAt: clock.now(), lastSeq: server.office.seq });
  });

  it('is raised when a new office has made no backup in its first 26 h, and turns critical after three days', async () => {
    const clock = new VirtualClock(MORNING);
    const { server, active } = await office(clock);
    clock.advance(26 * HOUR - MIN);
    server.monitor.evaluate();
    expect(await active()).toEqual([]);
    clock.advance(2 * MIN);
    server.monitor.evaluate();
    expect((await active()).map((a) => [a.severity, a.message.ru.startsWith('Нет ни одной резервной копии')])).toEqual([
      ['warning', true],
    ]);
    clock.advance(48 * HOUR);
    server.monitor.evaluate();
    expect((await active())[0]?.severity).toBe('critical');
  });

  it('runs the scheduled backup at the configured local time on the server clock', async () => {
    const clock = new VirtualClock(MORNING);
    const { server } = await office(clock);
    const due = Date.parse('2026-11-26T23:30:00Z'); // 02:30 in Moscow
    expect(server.backups.status().nextAt).toBe(due);
    clock.set(due - 1);
    expect(server.backups.tick()).toBeNull();
    clock.set(due);
    expect(await server.backups.tick()).toMatchObject({ ok: true, trigger: 'scheduled', at: due });
    expect(server.backups.status().nextAt).toBe(due + 24 * HOUR);
  });
});
