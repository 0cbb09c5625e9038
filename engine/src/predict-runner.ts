import type {
  Actor,
  Command,
  CommandResult,
  DomainEvent,
  EngineState,
  ErrorCode,
  OfficeConfig,
  StoredEvent,
  TickCommand,
} from '@talon/protocol';
import { applyEvent } from './apply.js';
import { configure, decide } from './decide.js';
import type { DispatchPolicy } from './dispatch.js';

/**
 * A discrete-event driver for the real engine: it plays visitors and operators against `decide` and
 * `applyEvent` on a virtual clock. The digital twin (wait prediction) and the office-day simulator
 * (bench/) both run on it, so neither holds a copy of the queue rules: every call, break and refusal is
 * the engine's own. Operators behave as a disciplined office would: call as soon as they are free, take
 * planned breaks when free (deferred while the engine refuses one that would empty the hall), and at the
 * end of the last shift keep serving until nobody they can serve is waiting.
 */

/** What the engine does not know about a visitor: how long the service takes and how long they will wait. */
export interface RunnerVisitor {
  /** Minutes at the window for the current stage. */
  serviceMin: number;
  /** Epoch ms at which the visitor gives up and leaves; found out only when called (a no-show). */
  leaveAt: number;
  /** A second stage (consultation, then cash): the operator transfers the visitor on. */
  next?: { serviceId: string; serviceMin: number };
}

export interface RunnerOptions {
  now: number;
  policies?: Record<string, DispatchPolicy>;
  /** From the call to the window (not part of the wait). */
  walkMin?: number;
  /** Time an operator loses calling a visitor who has left. */
  callCostMin?: number;
  /** Every committed batch of events, in order. */
  onEvents?: (events: StoredEvent[], runner: OfficeRunner) => void;
}

export type IssueCommand = Extract<Command, { type: 'issueTicket' }>;

interface OperatorPlan {
  actor: Actor;
  /** A break to take at the next free moment: its length, and when to give up on it. */
  pendingBreak?: { min: number; giveUpAt: number };
  /** 'now': log out at the next free moment; 'final': once nobody this operator can serve is waiting. */
  leaving?: 'now' | 'final';
  retryScheduled?: boolean;
}

const KIOSK: Actor = { kind: 'device', deviceId: 'twin-kiosk', role: 'kiosk' };
const ADMIN: Actor = { kind: 'user', userId: 'twin-admin', roles: ['hall_admin'] };
const MIN = 60_000;

export class OfficeRunner {
  now: number;
  stopped = false;
  /** Commands run so far (the twin's cost budget). */
  commands = 0;
  readonly visitors = new Map<string, RunnerVisitor>();
  /** Commands the engine refused, by code (issue outside reception hours, a break that would empty the hall…). */
  readonly refusals: Partial<Record<ErrorCode, number>> = {};
  private readonly heapAt: number[] = [];
  private readonly heapN: number[] = [];
  private readonly heapFn: (() => void)[] = [];
  private n = 0;
  private readonly plans = new Map<string, OperatorPlan>();
  /** Ready operators with nothing to call, and since when: the longest idle gets the next visitor. */
  private readonly idle = new Map<string, number>();
  private readonly walkMs: number;
  private readonly callCostMs: number;
  private readonly ctxBase: { policies?: Record<string, DispatchPolicy>; noPeopleAhead: true };

  constructor(
    readonly state: EngineState,
    private readonly opts: RunnerOptions,
  ) {
    this.now = opts.now;
    this.walkMs = (opts.walkMin ?? 0.25) * MIN;
    this.callCostMs = (opts.callCostMin ?? 0.5) * MIN;
    // Invented visitors are told nothing: a «перед вами» figure per arrival would replay the queue each time.
    this.ctxBase = opts.policies ? { policies: opts.policies, noPeopleAhead: true } : { noPeopleAhead: true };
  }

  // ── the event list: a binary heap ordered by (time, insertion) so that runs are deterministic ──

  at(at: number, fn: () => void): void {
    const i0 = this.heapAt.length;
    this.heapAt.push(at);
    this.heapN.push(this.n++);
    this.heapFn.push(fn);
    let i = i0;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private less(i: number, j: number): boolean {
    const a = this.heapAt[i] as number;
    const b = this.heapAt[j] as number;
    return a < b || (a === b && (this.heapN[i] as number) < (this.heapN[j] as number));
  }

  private swap(i: number, j: number): void {
    const { heapAt: A, heapN: N, heapFn: F } = this;
    [A[i], A[j]] = [A[j] as number, A[i] as number];
    [N[i], N[j]] = [N[j] as number, N[i] as number];
    [F[i], F[j]] = [F[j] as () => void, F[i] as () => void];
  }

  private pop(): { at: number; fn: () => void } | undefined {
    const len = this.heapAt.length;
    if (len === 0) return undefined;
    const at = this.heapAt[0] as number;
    const fn = this.heapFn[0] as () => void;
    this.swap(0, len - 1);
    this.heapAt.pop();
    this.heapN.pop();
    this.heapFn.pop();
    const m = len - 1;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let s = i;
      if (l < m && this.less(l, s)) s = l;
      if (r < m && this.less(r, s)) s = r;
      if (s === i) break;
      this.swap(i, s);
      i = s;
    }
    return { at, fn };
  }

  get pending(): number {
    return this.heapAt.length;
  }

  /** Runs events up to `until` (inclusive) or until `stop()`. */
  run(until = Number.POSITIVE_INFINITY): void {
    while (!this.stopped && this.heapAt.length > 0 && (this.heapAt[0] as number) <= until) {
      const e = this.pop();
      if (!e) break;
      if (e.at > this.now) this.now = e.at;
      e.fn();
    }
  }

  stop(): void {
    this.stopped = true;
  }

  // ── commands through the engine ──

  exec(
    cmd: Command | TickCommand,
    actor: Actor,
  ): { ok: true; result?: CommandResult } | { ok: false; code: ErrorCode } {
    this.commands += 1;
    const d = decide(this.state, cmd, { now: this.now, actor, ...this.ctxBase });
    if (!d.ok) {
      this.refusals[d.error.code] = (this.refusals[d.error.code] ?? 0) + 1;
      return { ok: false, code: d.error.code };
    }
    this.commit(d.events);
    return d.result === undefined ? { ok: true } : { ok: true, result: d.result };
  }

  private commit(events: DomainEvent[]): void {
    if (events.length === 0) return;
    const stored: StoredEvent[] = [];
    for (const e of events) {
      const s = { ...e, seq: this.state.seq + 1 } as StoredEvent;
      applyEvent(this.state, s);
      stored.push(s);
    }
    this.opts.onEvents?.(stored, this);
  }

  /** Configures the office (a fresh state) as the hall administrator. */
  configure(config: OfficeConfig): void {
    const d = configure(config, { now: this.now, actor: ADMIN });
    if (d.ok) this.commit(d.events);
  }

  /** Runs a command as the hall administrator (bookings). */
  admin(cmd: Command): boolean {
    return this.exec(cmd, ADMIN).ok;
  }

  private plan(operatorId: string): OperatorPlan {
    let p = this.plans.get(operatorId);
    if (!p) {
      p = { actor: { kind: 'user', userId: `twin-${operatorId}`, operatorId, roles: ['operator'] } };
      this.plans.set(operatorId, p);
    }
    return p;
  }

  // ── visitors ──

  /** A visitor takes a ticket at the kiosk; returns the ticket id, or null when the engine refused. */
  issue(cmd: IssueCommand, visitor: RunnerVisitor): string | null {
    const r = this.exec(cmd, KIOSK);
    const id = r.ok ? r.result?.ticketId : undefined;
    if (!id) return null;
    this.visitors.set(id, visitor);
    this.wakeIdle();
    return id;
  }

  /** A visitor with a booking checks in; a late one gets the general queue (seed 003 §8.6.5). */
  checkIn(code: string, visitor: RunnerVisitor, fallback: IssueCommand): { ticketId: string | null; late: boolean } {
    const r = this.exec({ type: 'checkIn', code }, KIOSK);
    if (r.ok && r.result?.appointmentLate) return { ticketId: this.issue(fallback, visitor), late: true };
    const id = r.ok ? r.result?.ticketId : undefined;
    if (!id) return { ticketId: null, late: false };
    this.visitors.set(id, visitor);
    this.wakeIdle();
    return { ticketId: id, late: false };
  }

  // ── operators ──

  login(operatorId: string, windowId: string): boolean {
    const ok = this.exec({ type: 'operatorLogin', windowId }, this.plan(operatorId).actor).ok;
    if (ok) this.tryCall(operatorId);
    return ok;
  }

  /** A planned break: taken now if the operator is free, otherwise right after the current visitor. */
  planBreak(operatorId: string, min: number, giveUpAt: number): void {
    const p = this.plan(operatorId);
    p.pendingBreak = { min, giveUpAt };
    if (this.idle.has(operatorId)) this.tryCall(operatorId);
  }

  /** End of a shift: `final` keeps serving until nobody this operator can serve is waiting. */
  endShift(operatorId: string, final: boolean): void {
    const p = this.plan(operatorId);
    p.leaving = final ? 'final' : 'now';
    if (this.idle.has(operatorId)) this.tryCall(operatorId);
  }

  /** The twin's view of a visitor already at a window: service ends at `finishAt`. */
  resumeServing(operatorId: string, ticketId: string, finishAt: number): void {
    this.at(Math.max(this.now, finishAt), () => this.finish(operatorId, ticketId));
  }

  /** The twin's view of a called visitor on the way to the window. */
  resumeCalled(operatorId: string, ticketId: string, arriveAt: number): void {
    this.at(Math.max(this.now, arriveAt), () => this.arrived(operatorId, ticketId));
  }

  /** An operator on break or in wrap-up comes back at `at`. */
  resumeAt(operatorId: string, at: number): void {
    this.at(Math.max(this.now, at), () => {
      if (this.exec({ type: 'endBreak' }, this.plan(operatorId).actor).ok) this.tryCall(operatorId);
    });
  }

  /** A free operator calls next (the twin starts every ready operator this way). */
  tryCall(operatorId: string): void {
    const op = this.state.operators[operatorId];
    if (!op || op.status === 'logged-out' || op.status === 'break' || op.ticketId !== null) return;
    const p = this.plan(operatorId);
    if (p.pendingBreak && this.startBreak(operatorId, p)) return;
    if (p.leaving === 'now') {
      this.logout(operatorId);
      return;
    }
    const r = this.exec({ type: 'callNext' }, p.actor);
    const ticketId = r.ok ? r.result?.ticketId : undefined;
    if (!ticketId) {
      if (p.leaving === 'final') {
        this.logout(operatorId);
        return;
      }
      if (!this.idle.has(operatorId)) this.idle.set(operatorId, this.now);
      if (p.pendingBreak && !p.retryScheduled) {
        // The engine refused the break (it would empty the hall): ask again in a minute.
        p.retryScheduled = true;
        this.at(this.now + MIN, () => {
          p.retryScheduled = false;
          if (this.idle.has(operatorId)) this.tryCall(operatorId);
        });
      }
      return;
    }
    this.idle.delete(operatorId);
    const v = this.visitors.get(ticketId);
    if (v && v.leaveAt <= this.now) {
      this.at(this.now + this.callCostMs, () => {
        this.exec({ type: 'markNoShow' }, p.actor);
        this.visitors.delete(ticketId);
        this.tryCall(operatorId);
      });
      return;
    }
    this.at(this.now + this.walkMs, () => this.arrived(operatorId, ticketId));
  }

  private arrived(operatorId: string, ticketId: string): void {
    const p = this.plan(operatorId);
    if (!this.exec({ type: 'startService' }, p.actor).ok) {
      this.tryCall(operatorId);
      return;
    }
    const v = this.visitors.get(ticketId);
    this.at(this.now + (v?.serviceMin ?? 5) * MIN, () => this.finish(operatorId, ticketId));
  }

  private finish(operatorId: string, ticketId: string): void {
    const p = this.plan(operatorId);
    const v = this.visitors.get(ticketId);
    if (v?.next) {
      const ok = this.exec(
        { type: 'transfer', toServiceId: v.next.serviceId, comment: '', returnToOrigin: false },
        p.actor,
      ).ok;
      if (ok) {
        // Having been served once, the visitor waits for the second stage.
        v.serviceMin = v.next.serviceMin;
        v.next = undefined;
        v.leaveAt = Number.POSITIVE_INFINITY;
        this.wakeIdle();
        this.tryCall(operatorId);
        return;
      }
    }
    // the office may require an outcome for every served visit: the simulated one has the first code
    const outcome = this.state.config?.outcomeCodes[0]?.id;
    this.exec(
      { type: 'finishService', outcomes: outcome ? [outcome] : [], digitalOnboarding: false, extraSale: false },
      p.actor,
    );
    this.visitors.delete(ticketId);
    this.tryCall(operatorId);
  }

  private startBreak(operatorId: string, p: OperatorPlan): boolean {
    const pending = p.pendingBreak;
    if (!pending) return false;
    if (this.now > pending.giveUpAt) {
      p.pendingBreak = undefined;
      return false;
    }
    const reasonId = this.state.config?.breakReasons[0]?.id ?? 'lunch';
    if (!this.exec({ type: 'startBreak', reasonId }, p.actor).ok) return false;
    p.pendingBreak = undefined;
    this.idle.delete(operatorId);
    this.resumeAt(operatorId, this.now + pending.min * MIN);
    return true;
  }

  private logout(operatorId: string): void {
    this.idle.delete(operatorId);
    this.plan(operatorId).leaving = undefined;
    const r = this.exec({ type: 'operatorLogout' }, this.plan(operatorId).actor);
    // the staffing plan is the administrator's decision made in advance: the planned end of a shift happens
    if (!r.ok && r.code === 'LOGOUT_WOULD_EMPTY_HALL')
      this.exec({ type: 'operatorLogout', operatorId, override: true }, ADMIN);
  }

  /** A new waiting ticket: idle operators try to call, longest idle first. */
  private wakeIdle(): void {
    if (this.idle.size === 0) return;
    const order = [...this.idle.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    for (const [id] of order) this.tryCall(id);
  }
}
