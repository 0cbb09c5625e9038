import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResponse, Snapshot } from '@talon/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { postJson, type ServerProcess, spawnServer, waitExit } from '../support/process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'talon-kill9-'));
let server: ServerProcess | undefined;

afterAll(() => {
  server?.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function adminToken(url: string) {
  const r = await postJson<{ token: string }>(`${url}/api/auth/login`, { login: 'admin', password: 'admin-talon' });
  return r.body.token;
}

const NO_TICKET_LIMIT = ['--rate-limits', 'tickets=off'];

const numberOf = (n: string) => Number(n.split('-')[1]);

describe('crash safety', () => {
  it('every acknowledged ticket survives kill -9 and numbering continues without repeats', async () => {
    // one kiosk token issuing as fast as it can: the per-kiosk ticket limit is not what this measures
    server = await spawnServer(dataDir, undefined, NO_TICKET_LIMIT);
    const admin = await adminToken(server.url);
    const code = await postJson<{ code: string }>(
      `${server.url}/api/devices/pairing-codes`,
      { role: 'kiosk', name: 'crash kiosk' },
      admin,
    );
    const kiosk = (await postJson<{ token: string }>(`${server.url}/api/devices/pair`, { code: code.body.code })).body
      .token;

    const acked = new Map<string, string>();
    let stop = false;
    const issueLoop = async () => {
      while (!stop) {
        try {
          const r = await postJson<CommandResponse>(
            `${server?.url}/api/commands`,
            { command: { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' } },
            kiosk,
          );
          if (r.body.ok && r.body.result?.ticketId && r.body.result.number)
            acked.set(r.body.result.ticketId, r.body.result.number);
        } catch {
          return; // the server died under us: this request was never acknowledged
        }
      }
    };
    const loops = Array.from({ length: 8 }, issueLoop);
    // Kill while requests are in flight, once a good number were acknowledged.
    while (acked.size < 150) await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGKILL');
    await waitExit(server.child);
    stop = true;
    await Promise.all(loops);
    expect(acked.size).toBeGreaterThanOrEqual(150);

    server = await spawnServer(dataDir, undefined, NO_TICKET_LIMIT);
    const admin2 = await adminToken(server.url);
    const state = await fetch(`${server.url}/api/state`, { headers: { authorization: `Bearer ${admin2}` } });
    const snap = (await state.json()) as Snapshot;
    const present = new Set(Object.keys(snap.state.tickets));
    const missing = [...acked.keys()].filter((id) => !present.has(id));
    expect(missing).toEqual([]);

    const numbers = Object.values(snap.state.tickets).map((t) => t.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    const maxBefore = Math.max(...numbers.map(numberOf));
    // The log may hold a few tickets committed but not yet acknowledged when the process died; none is lost.
    expect(numbers.length).toBeGreaterThanOrEqual(acked.size);

    const after = await postJson<CommandResponse>(
      `${server.url}/api/commands`,
      { command: { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' } },
      kiosk,
    );
    expect(after.body.ok).toBe(true);
    if (after.body.ok) expect(numberOf(after.body.result?.number ?? '')).toBe(maxBefore + 1);
    expect(after.body.ok && after.body.seq).toBe(snap.state.seq + 1);
    server.child.kill('SIGTERM');
    await waitExit(server.child);
  });
});
