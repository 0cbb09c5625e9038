import type { CommandInput } from '@talon/protocol';
import { acked, type CommandAnswer, refusalCode, type TalonHttp } from './http.js';
import { Signal, type Summary, sleep, summarize } from './stats.js';
import type { Office, Operator } from './workload.js';

export interface DurableOptions {
  /** Commands to send in all (each one its own HTTP request and SQLite commit). */
  commands: number;
  /** Requests in flight at most: six operators plus kiosk requests. */
  concurrency: number;
  /** Kiosks stop issuing a service while this many of its tickets wait, so issue and call stay in step. */
  maxWaitingPerService: number;
  /** No new command after this many ms (a pathologically slow server must not make the bench run for ever). */
  maxMs: number;
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
  /** The run stopped at `maxMs` before all its commands were sent. */
  timeCapped: boolean;
}

/**
 * A kiosk issues tickets while each operator, logged in at a window, runs callNext → startService →
 * finishService in turn (an operator's commands depend on each other, so each operator has one in flight).
 * An operator calls only when a ticket it may serve waits, as a real one would.
 */
export async function runDurable(http: TalonHttp, office: Office, opts: DurableOptions): Promise<DurableResult> {
  let budget = opts.commands;
  const deadline = performance.now() + opts.maxMs;
  let timeCapped = false;
  /** Commands may still be taken from the budget (nothing new is started after the deadline). */
  const open = (n: number) => {
    if (budget < n) return false;
    if (performance.now() < deadline) return true;
    timeCapped = true;
    return false;
  };
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

  const operatorLoop = async (op: Operator) => {
    while (open(3)) {
      if (!office.mix.hasWorkFor(op.skills)) {
        if (!office.mix.mayGetWorkFor(op.skills)) break;
        await settle();
        continue;
      }
      budget -= 3;
      const call = await send(op.token, { type: 'callNext' });
      if (!acked(call)) {
        budget += 2;
        if (!call.body.ok && call.body.error.code === 'QUEUE_EMPTY') {
          await settle();
          continue;
        }
        break;
      }
      office.mix.called(call.body.result?.number);
      changed.fire();
      if (!acked(await send(op.token, { type: 'startService' }))) {
        budget += 1;
        break;
      }
      if (!acked(await send(op.token, { type: 'finishService', outcomes: ['resolved'] }))) break;
    }
    activeOperators--;
    changed.fire();
  };

  const kioskLoop = async (worker: number) => {
    const kiosk = office.kiosks[worker % office.kiosks.length] ?? '';
    while (open(1)) {
      const next = office.mix.next(opts.maxWaitingPerService);
      if (!next) {
        if (activeOperators === 0) break;
        await settle();
        continue;
      }
      budget--;
      if (!acked(await send(kiosk, next.command))) office.mix.notIssued(next.service);
      changed.fire();
    }
  };

  const kioskWorkers = Math.max(1, opts.concurrency - office.operators.length);
  const t0 = performance.now();
  await Promise.all([
    ...office.operators.map((op) => operatorLoop(op)),
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
    timeCapped,
  };
}
