import { lognormal, type Random, seeded } from '@talon/engine';
import type { CommandInput, OfficeConfig } from '@talon/protocol';
import { Signal, sleep } from '../lib/stats.js';
import type { Ledger, Plan } from './ledger.js';
import type { Device, Office } from './office.js';
import type { LoadOptions } from './options.js';
import type { LoadServer } from './server.js';
import type { Tally } from './tally.js';

/** How visitors behave: shares of no-shows, recalls, transfers and ratings; the mix of marks. */
export const MIX = { noShow: 0.04, recall: 0.08, transfer: 0.06, rate: 0.5, priority: 0.03 };
const SCORES = [
  [5, 0.6],
  [4, 0.25],
  [3, 0.08],
  [2, 0.04],
  [1, 0.03],
] as const;
/** Share of the operators' time at the window: the rest absorbs breaks, transfers and bursts. */
const UTILISATION = 0.72;
/** Once the last visitor has arrived the clock slows to this, so that emptying the hall takes little office time. */
const DRAIN_SPEED = 30;
/** A visitor at the kiosk's screen, real ms (taps through the menu). */
const KIOSK_TOUCH_MS = 150;

export interface FloodWindow {
  kind: 'login' | 'heartbeat';
  from: number;
  to: number;
  /** Device tokens the flood sends heartbeats with. */
  devices: Set<string>;
}

/** What every actor of the day shares. */
export class Day {
  readonly changed = new Signal();
  readonly floods: FloodWindow[] = [];
  arrivalsDone = false;
  /** A flood is being prepared or runs: the kill loop waits for it (a flood measures limits, not restarts). */
  floodBusy = false;
  /** issueTicket commands in flight from all kiosks (their answer may come after a restart). */
  issuing = 0;
  /** callNext commands in flight from all consoles. */
  callsInFlight = 0;
  /** Set when the day is over or the run is aborted: every actor finishes what it holds and stops. */
  stopping = false;
  /** Real time (performance.now) the day opened: arrivals and breaks are scheduled from here. */
  start = performance.now();
  readonly meanServiceMs: number;

  constructor(
    readonly opts: LoadOptions,
    readonly server: LoadServer,
    readonly tally: Tally,
    readonly ledger: Ledger,
    readonly office: Office,
    /** Office ms per real ms while no flood runs. */
    readonly speed: number,
  ) {
    const perSec = opts.visits / opts.seconds;
    const capacity = (opts.operators * UTILISATION) / (perSec * (1 + MIX.transfer));
    // walking to the window, commands and the operator's own pauses take about 0.3 s of it
    this.meanServiceMs = Math.max(200, capacity * 1000 - 300);
  }

  /** Office ms per real ms outside floods: the day's speed, slower once every visitor has arrived. */
  normalSpeed(): number {
    return this.arrivalsDone ? Math.min(this.speed, DRAIN_SPEED) : this.speed;
  }

  begin(): void {
    this.start = performance.now();
  }

  /** Is a flood running at real time `t` (performance.now)? */
  duringFlood(t: number): boolean {
    return this.floods.some((f) => t >= f.from && t <= f.to);
  }

  /** A refused heartbeat of this device is the flood's doing (its bucket refills some seconds after). */
  floodedDevice(token: string): boolean {
    const t = performance.now();
    return this.floods.some((f) => f.devices.has(token) && t >= f.from && t <= f.to + 5000);
  }

  /** Real ms an operator's break of `officeMin` minutes takes at the day's speed. */
  realMs(officeMin: number): number {
    return (officeMin * 60_000) / this.speed;
  }
}

function pick<T>(r: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [item, w] of items) {
    x -= w;
    if (x <= 0) return item;
  }
  return (items.at(-1) as readonly [T, number])[0];
}

/** One visitor: what they ask the kiosk for and what they will do. */
export function drawVisitor(r: Random, config: OfficeConfig, demand: Map<string, number>, meanServiceMs: number) {
  const serviceId = pick(r, [...demand.entries()]);
  const topics = config.topics.filter((t) => t.serviceId === serviceId);
  const topic = topics[Math.floor(r() * topics.length)];
  if (!topic) throw new Error(`no kiosk topic for ${serviceId}`);
  const segmentId = topic.segmentIds[Math.floor(r() * topic.segmentIds.length)];
  const command: CommandInput = { type: 'issueTicket', topicId: topic.id, ...(segmentId ? { segmentId } : {}) };
  if (topic.ask === 'account') command.visitorData = { account: String(10_000_000 + Math.floor(r() * 89_999_999)) };
  if (topic.ask === 'phone') command.visitorData = { phone: `+7 9${String(Math.floor(r() * 1e9)).padStart(9, '0')}` };
  const category = config.priorityCategories[Math.floor(r() * config.priorityCategories.length)];
  if (category && r() < MIX.priority) command.priorityCategoryId = category.id;
  const others = [...demand.entries()].filter(([s]) => s !== serviceId);
  const noShow = r() < MIX.noShow;
  const plan: Plan = {
    noShow,
    recall: !noShow && r() < MIX.recall,
    transferTo: !noShow && others.length > 0 && r() < MIX.transfer ? pick(r, others) : undefined,
    score: !noShow && r() < MIX.rate ? pick(r, SCORES) : undefined,
    serviceMs: Math.min(meanServiceMs * 4, lognormal(r, meanServiceMs, 0.5)),
  };
  return { command, serviceId, plan };
}

/**
 * The kiosks: `visits` arrivals spread at random over the day's real seconds, each at one of the kiosks,
 * which serves one visitor at a time. At the day's speed a kiosk issues a ticket every few office minutes;
 * while a flood runs the clock at real speed the same real pace is a short burst on the office's clock
 * (a couple of tickets per kiosk in 5 s), which the per-kiosk limit's burst of 10 absorbs. Arrivals keep
 * their real-time schedule so that the hall's traffic during a flood is the day's.
 */
export async function runKiosks(day: Day, kiosks: Device[]): Promise<void> {
  const r = seeded(day.opts.seed);
  const span = day.opts.seconds * 1000;
  const queues: number[][] = kiosks.map(() => []);
  const arrivals = Array.from({ length: day.opts.visits }, () => r() * span).sort((a, b) => a - b);
  for (const at of arrivals) queues[Math.floor(r() * kiosks.length)]?.push(at);
  const visitors = seeded(day.opts.seed + 1);

  const kiosk = async (device: Device, queue: number[]) => {
    for (const at of queue) {
      if (day.stopping) return;
      const wait = day.start + at - performance.now();
      if (wait > 0) await sleep(wait);
      await sleep(KIOSK_TOUCH_MS);
      const v = drawVisitor(visitors, day.office.config, day.office.demand, day.meanServiceMs);
      day.issuing++;
      const a = await device.http.command(device.token, v.command).finally(() => day.issuing--);
      if (!a.ok) {
        day.tally.error(`issueTicket refused: ${a.code}`, `${device.name}: ${JSON.stringify(a.error?.details ?? '')}`);
        continue;
      }
      const { ticketId, number } = a.body.result ?? {};
      if (!ticketId || !number) {
        day.tally.error('issueTicket without a ticket', JSON.stringify(a.body));
        continue;
      }
      if (!day.ledger.issued(ticketId, number, v.serviceId, v.plan))
        day.tally.mismatch(`ticket ${ticketId} acknowledged to two visitors`);
      day.changed.fire();
    }
  };
  await Promise.all(kiosks.map((k, i) => kiosk(k, queues[i] ?? [])));
  day.arrivalsDone = true;
  if (!day.duringFlood(performance.now())) day.server.setSpeed(day.normalSpeed());
  day.changed.fire();
}
