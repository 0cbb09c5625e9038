import type { CommandInput } from '@talon/protocol';
import { acked, type CommandAnswer, refusalCode, type TalonHttp } from './http.js';
import { Signal, type Summary, sleep, summarize } from './stats.js';
import { type Office, ticketCommand } from './workload.js';

export interface DurableOptions {
  /** Commands to send in all (each one its own HTTP request and SQLite commit). */
  commands: number;
  /** Requests in flight at most: six operators plus kiosk requests. */
  concurrency: number;
  /** Tickets already waiting when the run starts. */
  waiting: number;
  /** Kiosks stop issuing while this many tickets wait, so issue and call stay in step (a realistic mix). */
  maxWaiting: number;
}

export interface DurableResult {
  commands: number;
  acked: number;
  refused: number;
  refusals: Record<string, number>;
  mix: Record<string, number>;
  elapsedMs: number;
  perSec: number;
  latency: Summary;
  /** Little's law: the average number of requests the server had to answer at once. */
  meanInFlight: number;
  /** Tickets left waiting at the end (the next phase starts from them). */
  waiting: number;
}

/**
 * A kiosk issues tickets while each operator, logged in at a window, runs callNext → startService →
 * finishService in turn (an operator's commands depend on each other, so each operator has one in flight).
 */
export async function runDurable(http: TalonHttp, office: Office, opts: DurableOptions): Promise<DurableResult> {
  let budget = opts.commands;
  let waiting = opts.waiting;
  let activeOperators = office.operators.length;
  let ackedCount = 0;
  const refusals: Record<string, number> = {};
  const mix: Record<string, number> = {};
  const latencies: number[] = [];
  const changed = new Signal();
  const settle = () => Promise.race([changed.wait(), sleep(50)]);

  const send = async (token: string, command: CommandInput): Promise<CommandAnswer> => {
    mix[command.type] = (mix[command.type] ?? 0) + 1;
    const t0 = performance.now();
    const r = await http.command(token, command);
    latencies.push(performance.now() - t0);
    if (acked(r)) ackedCount++;
    else {
      const code = `${command.type}:${refusalCode(r)}`;
      refusals[code] = (refusals[code] ?? 0) + 1;
    }
    return r;
  };

  const operatorLoop = async (token: string) => {
    while (budget >= 3) {
      budget -= 3;
      const call = await send(token, { type: 'callNext' });
      if (!acked(call)) {
        budget += 2;
        if (!call.body.ok && call.body.error.code === 'QUEUE_EMPTY') {
          await settle();
          continue;
        }
        break;
      }
      waiting--;
      changed.fire();
      if (!acked(await send(token, { type: 'startService' }))) {
        budget += 1;
        break;
      }
      if (!acked(await send(token, { type: 'finishService', outcomes: ['resolved'] }))) break;
    }
    activeOperators--;
    changed.fire();
  };

  const kioskLoop = async (worker: number) => {
    while (budget > 0) {
      if (waiting >= opts.maxWaiting) {
        if (activeOperators === 0) break;
        await settle();
        continue;
      }
      budget--;
      waiting++;
      const n = office.issued++;
      const kiosk = office.kiosks[worker % office.kiosks.length] ?? '';
      if (!acked(await send(kiosk, ticketCommand(n)))) waiting--;
      changed.fire();
    }
  };

  const kioskWorkers = Math.max(1, opts.concurrency - office.operators.length);
  const t0 = performance.now();
  await Promise.all([
    ...office.operators.map((op) => operatorLoop(op.token)),
    ...Array.from({ length: kioskWorkers }, (_, i) => kioskLoop(i)),
  ]);
  const elapsedMs = performance.now() - t0;
  const commands = latencies.length;
  return {
    commands,
    acked: ackedCount,
    refused: commands - ackedCount,
    refusals,
    mix,
    elapsedMs,
    perSec: (ackedCount / elapsedMs) * 1000,
    latency: summarize(latencies),
    meanInFlight: latencies.reduce((a, b) => a + b, 0) / elapsedMs,
    waiting,
  };
}
