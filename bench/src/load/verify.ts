import type { EngineState, ReportResponse, Snapshot, VisitLogResponse, VisitLogRow } from '@talon/protocol';
import { sleep } from '../lib/stats.js';
import type { OperatorConsole } from './console.js';
import type { Board } from './devices.js';
import type { Ledger } from './ledger.js';
import type { LiveClient } from './live.js';
import type { Office } from './office.js';
import type { Tally } from './tally.js';

export interface Verified {
  /** Closed visits in the server's report for the day. */
  visits: number;
  served: number;
  noShows: number;
  transfers: number;
  recalls: number;
  ratings: number;
  seq: number;
}

/** Only the first few of a kind are listed: the count says the rest. */
const LIST = 10;

function listed(tally: Tally, what: string, items: string[]): void {
  if (items.length === 0) return;
  const shown = items.slice(0, LIST).join(', ');
  tally.mismatch(`${what} (${items.length}): ${shown}${items.length > LIST ? ', …' : ''}`);
}

/** The parts of a state two views of it must agree on (a console's fold and the server's own). */
function essence(s: EngineState) {
  const tickets = Object.values(s.tickets)
    .map((t) => `${t.id}:${t.status}:${t.serviceId}:${t.operatorId ?? ''}:${t.callCount}`)
    .sort();
  const operators = Object.values(s.operators)
    .map((o) => `${o.operatorId}:${o.status}:${o.windowId ?? ''}:${o.ticketId ?? ''}`)
    .sort();
  return JSON.stringify({ seq: s.seq, tickets, operators });
}

/**
 * The end of the day: what the server holds and reports against what the driver was acknowledged for.
 * Every difference is a mismatch.
 */
export async function verify(
  tally: Tally,
  ledger: Ledger,
  office: Office,
  clients: { consoles: OperatorConsole[]; boards: Board[]; others: LiveClient[] },
  opts: { dayKey: string; killed: boolean; dayCompleted: boolean },
): Promise<Verified> {
  const { http, token } = office.admin;
  const get = async <T>(path: string): Promise<T> => {
    const a = await http.request<T>(`GET ${path.split('?')[0]}`, 'GET', path, undefined, token);
    if (!a.ok) throw new Error(`${path}: ${a.status} ${a.code}`);
    return a.body;
  };

  // The clients have the last word of the server: each must reach its seq by itself.
  const snapshot = await get<Snapshot>('/api/state');
  const state = snapshot.state;
  const all = [...clients.consoles.map((c) => c.live), ...clients.boards.map((b) => b.live), ...clients.others];
  const deadline = performance.now() + 15_000;
  while (all.some((c) => c.lastSeq < state.seq) && performance.now() < deadline) await sleep(50);
  listed(
    tally,
    `screens that did not catch up with seq ${state.seq}`,
    all.filter((c) => c.lastSeq < state.seq).map((c) => `${c.name} at ${c.lastSeq}`),
  );
  const truth = essence(state);
  listed(
    tally,
    "consoles whose state differs from the server's",
    clients.consoles.filter((c) => !c.live.state || essence(c.live.state) !== truth).map((c) => c.c.name),
  );

  // Nothing left in the hall, and everybody gone home.
  if (opts.dayCompleted) {
    listed(tally, 'tickets still open at the end of the day', Object.keys(state.tickets));
    listed(
      tally,
      'operators still signed in at a window',
      office.consoles.filter((c) => state.operators[c.operatorId]?.status !== 'logged-out').map((c) => c.login),
    );
  }

  // The visitor log: every acknowledged ticket once, with what happened to it; nothing else.
  const rows: VisitLogRow[] = [];
  for (let page = 1; ; page++) {
    const r = await get<VisitLogResponse>(
      `/api/reports/visits?period=day&date=${opts.dayKey}&pageSize=500&page=${page}`,
    );
    rows.push(...r.rows);
    if (rows.length >= r.total || r.rows.length === 0) break;
  }
  const seen = new Map<string, number>();
  for (const row of rows) seen.set(row.ticketId, (seen.get(row.ticketId) ?? 0) + 1);
  const byNumber = new Map<string, number>();
  for (const row of rows) byNumber.set(row.number, (byNumber.get(row.number) ?? 0) + 1);
  listed(
    tally,
    'tickets in the log twice',
    [...seen].filter(([, n]) => n > 1).map(([id]) => id),
  );
  listed(
    tally,
    'numbers given twice',
    [...byNumber].filter(([, n]) => n > 1).map(([n]) => n),
  );
  listed(
    tally,
    'tickets in the log that no kiosk was acknowledged for',
    [...seen.keys()].filter((id) => !ledger.visits.has(id)),
  );
  const lost: string[] = [];
  const differ: string[] = [];
  const doubleCalls: string[] = [];
  const rowOf = new Map(rows.map((r) => [r.ticketId, r]));
  for (const v of ledger.visits.values()) {
    // a ticket is called once, and once more after each transfer: another call is a double call
    if (v.calls > 1 + v.transfers) doubleCalls.push(`${v.ticketId}×${v.calls}`);
    if (!v.outcome) continue;
    const row = rowOf.get(v.ticketId);
    if (!row) {
      lost.push(v.ticketId);
      continue;
    }
    if (row.outcome !== v.outcome || row.transfers !== v.transfers || row.recalls !== v.recalls)
      differ.push(
        `${v.ticketId} log ${row.outcome}/${row.transfers}t/${row.recalls}r, acknowledged ${v.outcome}/${v.transfers}t/${v.recalls}r`,
      );
  }
  listed(tally, 'acknowledged visits missing from the log', lost);
  listed(tally, 'visits logged otherwise than acknowledged', differ);
  listed(tally, 'tickets called more often than their transfers allow', doubleCalls);
  const unclosed = [...ledger.visits.values()].filter((v) => !v.outcome && !state.tickets[v.ticketId]);
  listed(
    tally,
    'acknowledged tickets neither in the hall nor closed',
    unclosed.map((v) => v.ticketId),
  );
  const otherDays = [...ledger.visits.keys()].filter((id) => !id.startsWith(`${opts.dayKey}/`));
  listed(tally, `tickets of another day than ${opts.dayKey}`, otherDays);

  // The day's report: the same counts, in all and by service; the ratings given.
  const report = await get<ReportResponse>(`/api/reports?period=day&date=${opts.dayKey}`);
  const closed = [...ledger.visits.values()].filter((v) => v.outcome);
  const expect = {
    visits: closed.length,
    served: closed.filter((v) => v.outcome === 'served').length,
    noShows: closed.filter((v) => v.outcome === 'no-show').length,
    transfers: closed.reduce((n, v) => n + v.transfers, 0),
    recalls: closed.reduce((n, v) => n + v.recalls, 0),
  };
  const s = report.summary;
  for (const k of Object.keys(expect) as (keyof typeof expect)[])
    if (s[k] !== expect[k]) tally.mismatch(`report ${k}: ${s[k]}, acknowledged ${expect[k]}`);
  const services = new Set([...closed.map((v) => v.serviceId), ...report.byService.map((g) => g.key)]);
  for (const id of services) {
    const g = report.byService.find((x) => x.key === id);
    const mine = closed.filter((v) => v.serviceId === id);
    const served = mine.filter((v) => v.outcome === 'served').length;
    if ((g?.visits ?? 0) !== mine.length || (g?.served ?? 0) !== served)
      tally.mismatch(
        `report by service ${id}: ${g?.visits ?? 0} visits / ${g?.served ?? 0} served, acknowledged ${mine.length} / ${served}`,
      );
  }
  const ratings = report.ratings.count ?? 0;
  if (ratings !== ledger.ratings) tally.mismatch(`report ratings: ${ratings}, acknowledged ${ledger.ratings}`);

  // Every acknowledged call reached every board, as an event or inside the snapshot of a reconnect.
  const missed: string[] = [];
  for (const call of ledger.calls)
    for (const b of clients.boards)
      if (!b.arrivals.has(call.seq) && !(opts.killed && b.live.replacedBySnapshot(call.seq)))
        missed.push(`${b.live.name} seq ${call.seq}`);
  listed(tally, 'calls a board never received', missed);

  return {
    visits: s.visits,
    served: s.served,
    noShows: s.noShows,
    transfers: s.transfers,
    recalls: s.recalls,
    ratings,
    seq: state.seq,
  };
}
