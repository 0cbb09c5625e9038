/**
 * A small harness for driving the engine the way the server does: a virtual clock, an office-wide
 * sequence, and every accepted event folded into one state. Used by the engine's unit tests and
 * the simulator. It has no test-framework dependency: failed expectations throw plain errors.
 */
import {
  type Actor,
  Command,
  type CommandInput,
  type DomainEvent,
  type EngineState,
  type EventOf,
  type EventType,
  OfficeConfig,
  type OfficeConfigInput,
  type OperatorSession,
  type Rules,
  type StoredEvent,
  type TalonError,
  type TickCommand,
  type Ticket,
} from '@talon/protocol';
import { DateTime } from 'luxon';
import { applyEvent } from './apply.js';
import { configure, decide } from './decide.js';
import type { Decision } from './decide-common.js';
import type { DispatchPolicy } from './dispatch.js';
import { initialState } from './state.js';

export type Accepted = Extract<Decision, { ok: true }>;

/** Actors as the server would build them from a session or a device token. */
export const actors = {
  kiosk: { kind: 'device', deviceId: 'kiosk-1', role: 'kiosk' } as Actor,
  admin: { kind: 'user', userId: 'admin-1', roles: ['hall_admin'] } as Actor,
  system: { kind: 'system' } as Actor,
  operator: (operatorId: string): Actor => ({
    kind: 'user',
    userId: `user-${operatorId}`,
    operatorId,
    roles: ['operator'],
  }),
};

type OfficeOverrides = Partial<Omit<OfficeConfigInput, 'rules'>> & { rules?: Partial<Rules> };

const MON_SAT = (from: string, to: string) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [[from, to]]]));

/**
 * A fixture office: Moscow, reception Mon–Sat 09:00–18:00 (office 08:30–19:00), one hall with
 * three windows; consultation «К», cash «О», documents «Д» (3 a day); operators anna (К, О),
 * boris (К), vera (О, Д). Overrides replace top-level fields; `rules` is merged over the defaults.
 * The fixture keeps the classic `oldest-with-priority` dispatch (the queue-mechanics tests are written
 * against it); the norm-aware default has its own tests in `policies/`.
 */
export function testOffice(overrides: OfficeOverrides = {}): OfficeConfig {
  const { rules, ...rest } = overrides;
  return OfficeConfig.parse({
    officeId: 'office-1',
    name: { ru: 'ЦОК Центральный', en: 'Central office' },
    timeZone: 'Europe/Moscow',
    officeHours: MON_SAT('08:30', '19:00'),
    receptionHours: MON_SAT('09:00', '18:00'),
    holidays: ['2025-03-08'],
    halls: [{ id: 'main', name: { ru: 'Основной зал', en: 'Main hall' } }],
    windows: [
      { id: 'w1', number: 1, hallId: 'main' },
      { id: 'w2', number: 2, hallId: 'main' },
      { id: 'w3', number: 3, hallId: 'main' },
    ],
    segments: [
      { id: 'individual', name: { ru: 'Физические лица', en: 'Individuals' } },
      { id: 'business', name: { ru: 'Юридические лица', en: 'Businesses' } },
    ],
    services: [
      {
        id: 'consultation',
        name: { ru: 'Консультация', en: 'Consultation' },
        prefix: 'К',
        waitNormMin: 8,
        serviceNormMin: 8,
      },
      { id: 'cash', name: { ru: 'Оплата', en: 'Payment' }, prefix: 'О', waitNormMin: 4, serviceNormMin: 4 },
      {
        id: 'documents',
        name: { ru: 'Документы', en: 'Documents' },
        prefix: 'Д',
        waitNormMin: 15,
        serviceNormMin: 20,
        dailyCap: 3,
      },
    ],
    topics: [
      {
        id: 'readings',
        name: { ru: 'Показания', en: 'Meter readings' },
        segmentIds: ['individual'],
        serviceId: 'consultation',
      },
      {
        id: 'recalc',
        name: { ru: 'Перерасчёт', en: 'Recalculation' },
        segmentIds: ['individual', 'business'],
        serviceId: 'consultation',
      },
      {
        id: 'payment',
        name: { ru: 'Оплата', en: 'Payment' },
        segmentIds: ['individual'],
        serviceId: 'cash',
        ask: 'account',
      },
      { id: 'contract', name: { ru: 'Договор', en: 'Contract' }, segmentIds: ['business'], serviceId: 'documents' },
    ],
    operators: [
      { id: 'anna', name: 'Анна', skills: ['consultation', 'cash'] },
      { id: 'boris', name: 'Борис', skills: ['consultation'] },
      { id: 'vera', name: 'Вера', skills: ['cash', 'documents'] },
    ],
    priorityCategories: [{ id: 'disabled', name: { ru: 'Инвалиды', en: 'Disabled visitors' } }],
    breakReasons: [
      { id: 'lunch', name: { ru: 'Обед', en: 'Lunch' } },
      { id: 'technical', name: { ru: 'Технический перерыв', en: 'Technical break' } },
    ],
    outcomeCodes: [
      { id: 'consulted', name: { ru: 'Консультация дана', en: 'Consulted' } },
      { id: 'paid', name: { ru: 'Оплачено', en: 'Paid' } },
      { id: 'complaint', name: { ru: 'Принята жалоба', en: 'Complaint taken' } },
    ],
    rules: { dispatchPolicy: 'oldest-with-priority', ...rules },
    ...rest,
  });
}

export interface HarnessOptions {
  /** Epoch ms or a local ISO date-time in `timeZone`; default Monday 2025-03-03 10:00. */
  now?: number | string;
  /** Zone for `at()` before an office is configured; afterwards the office's zone is used. */
  timeZone?: string;
  /** Configure this office (as the hall administrator) right away. */
  config?: OfficeConfig;
  policies?: Record<string, DispatchPolicy>;
}

export class Harness {
  state: EngineState = initialState();
  now: number;
  seq = 0;
  /** Every committed event, in order: what the server would persist. */
  readonly log: StoredEvent[] = [];
  policies: Record<string, DispatchPolicy> | undefined;
  private readonly zone: string;

  constructor(opts: HarnessOptions = {}) {
    this.zone = opts.timeZone ?? opts.config?.timeZone ?? 'Europe/Moscow';
    this.policies = opts.policies;
    this.now = 0;
    if (typeof opts.now === 'number') this.now = opts.now;
    else this.at(opts.now ?? '2025-03-03T10:00');
    if (opts.config) this.configure(opts.config);
  }

  get timeZone(): string {
    return this.state.config?.timeZone ?? this.zone;
  }

  advance(ms: number): this {
    this.now += ms;
    return this;
  }

  advanceSec(sec: number): this {
    return this.advance(sec * 1000);
  }

  advanceMin(min: number): this {
    return this.advance(min * 60_000);
  }

  /** Moves the clock to a local wall-clock time ("2025-03-03T09:00") in the office's zone. */
  at(isoLocal: string): this {
    const d = DateTime.fromISO(isoLocal, { zone: this.timeZone });
    if (!d.isValid) throw new Error(`invalid local time ${isoLocal}: ${d.invalidExplanation ?? d.invalidReason}`);
    this.now = d.toMillis();
    return this;
  }

  configure(config: OfficeConfig, actor: Actor = actors.admin): Accepted {
    return this.commit(configure(config, this.context(actor)));
  }

  /** Decides a command at the current virtual time; an accepted decision is stamped and folded. */
  run(command: CommandInput | TickCommand, actor: Actor): Decision {
    const cmd = command.type === 'tick' ? (command as TickCommand) : Command.parse(command);
    const decision = decide(this.state, cmd, this.context(actor));
    if (decision.ok) this.commit(decision);
    return decision;
  }

  /** Runs a command that must be accepted. */
  ok(command: CommandInput | TickCommand, actor: Actor): Accepted {
    const d = this.run(command, actor);
    if (!d.ok) throw new Error(`${command.type} was refused: ${d.error.code} ${JSON.stringify(d.error.details ?? '')}`);
    return d;
  }

  /** Runs a command that must be refused, and checks that the refusal changed nothing. */
  refused(command: CommandInput | TickCommand, actor: Actor): TalonError {
    const before = JSON.stringify(this.state);
    const seq = this.seq;
    const d = this.run(command, actor);
    if (d.ok) throw new Error(`${command.type} was accepted: ${d.events.map((e) => e.type).join(', ') || 'no events'}`);
    if (JSON.stringify(this.state) !== before || this.seq !== seq)
      throw new Error(`refused ${command.type} changed the state`);
    return d.error;
  }

  /** The live ticket with this number (today's, or the latest one with that number). */
  ticket(number: string): Ticket {
    const found = Object.values(this.state.tickets).filter((t) => t.number === number);
    const t = found.sort((a, b) => b.issuedAt - a.issuedAt)[0];
    if (!t) throw new Error(`no live ticket ${number}`);
    return t;
  }

  operator(id: string): OperatorSession {
    const op = this.state.operators[id];
    if (!op) throw new Error(`no operator ${id}`);
    return op;
  }

  eventsOf<T extends EventType>(type: T): (EventOf<T> & { seq: number })[] {
    return this.log.filter((e): e is EventOf<T> & { seq: number } => e.type === type);
  }

  lastEvent(): StoredEvent | undefined {
    return this.log[this.log.length - 1];
  }

  private context(actor: Actor) {
    return this.policies ? { now: this.now, actor, policies: this.policies } : { now: this.now, actor };
  }

  private commit(decision: Decision): Accepted {
    if (!decision.ok) throw new Error(`refused: ${decision.error.code}`);
    for (const e of decision.events as DomainEvent[]) {
      const stored = { ...e, seq: ++this.seq } as StoredEvent;
      this.log.push(stored);
      applyEvent(this.state, stored);
    }
    return decision;
  }
}
