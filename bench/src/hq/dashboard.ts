import { performance } from 'node:perf_hooks';
import { HQ_LIVE_NAMESPACE, type OfficeRow } from '@talon/protocol';
import type pg from 'pg';
import { io } from 'socket.io-client';
import { buildFleet, registerOffices } from './fleet.js';
import type { OfficeEvent } from './office-events.js';

/**
 * An event committed at an office → visible on a head-office screen's socket: an office appends one
 * event at a time (its link sends it as a real office's does after a commit) while a screen listens;
 * each event's latency ends when a row with an ack at or past its seq arrives.
 */
export async function dashboardLatency(
  pool: pg.Pool,
  url: string,
  adminPassword: string,
  events: OfficeEvent[],
  samples = 300,
): Promise<number[]> {
  const login = await fetch(`${url}/api/hq/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: adminPassword }),
  });
  const { token } = (await login.json()) as { token: string };
  const [office] = await registerOffices(pool, 1, 'LIVE');
  if (!office) throw new Error('no office');
  const [sim] = buildFleet({ url, offices: [office], backlog: () => [] });
  if (!sim) throw new Error('no office');
  const socket = io(`${url}${HQ_LIVE_NAMESPACE}`, { auth: { token }, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.once('snapshot', () => resolve());
    socket.once('connect_error', reject);
  });
  const sentAt = new Map<number, number>();
  const latencies: number[] = [];
  let seen = 0;
  socket.on('office', (row: OfficeRow) => {
    if (row.id !== office.id) return;
    const now = performance.now();
    for (let s = seen + 1; s <= row.sync.ackSeq; s++) {
      const t = sentAt.get(s);
      if (t !== undefined) latencies.push(now - t);
    }
    seen = Math.max(seen, row.sync.ackSeq);
  });
  sim.link.start();
  // The first exchange says hello; measure from then on.
  sim.source.append(events[0] as OfficeEvent);
  sim.link.kick();
  while (seen < 1) await new Promise((r) => setTimeout(r, 20));
  for (let i = 1; i <= samples; i++) {
    const e = events[i % events.length] as OfficeEvent;
    const [stored] = sim.source.append({ ...e, at: Date.now() } as OfficeEvent);
    if (stored) sentAt.set(stored.seq, performance.now());
    sim.link.kick();
    // About what a busy hall commits: a few events a second, sometimes two at once.
    await new Promise((r) => setTimeout(r, i % 7 === 0 ? 0 : 40));
  }
  const deadline = Date.now() + 10_000;
  while (seen < samples + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await sim.link.stop();
  socket.close();
  return latencies.map((x) => Math.round(x * 10) / 10);
}
