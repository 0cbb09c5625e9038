import {
  applyEvent,
  baselineEstimate,
  configure,
  type DispatchPolicy,
  decide,
  initialState,
  isReceptionOpen,
  redactState,
  type WaitEstimate,
} from '@talon/engine';
import {
  type Actor,
  type Command,
  type CommandResponse,
  type DomainEvent,
  type EngineState,
  type OfficeConfig,
  type Snapshot,
  type StoredEvent,
  type TickCommand,
  talonError,
} from '@talon/protocol';
import type { Clock } from './clock.js';
import { CommandCounts } from './ops/counters.js';
import type { Store } from './store/index.js';
import { isStorageFailure } from './store/storage-failure.js';

export type EventsListener = (events: StoredEvent[]) => void;

/** What a feature does when a command commits (printing: the job row and then the print; announcements likewise). */
export interface CommitHooks {
  /**
   * Inside the append transaction, once per event after its row: what it writes (its own tables only)
   * commits or rolls back with the events, in the same fsync. A hook that throws is logged and never
   * refuses the command.
   */
  inTransaction?: (event: DomainEvent, seq: number) => void;
  /** After the commit, before the command is answered: the events as stored. */
  afterCommit?: EventsListener;
}

export interface OfficeOptions {
  store: Store;
  clock: Clock;
  policies?: Record<string, DispatchPolicy>;
  /** Write a state snapshot every N events so that a restart folds only the tail of the log. */
  snapshotEvery?: number;
  /** Wait estimate for a freshly issued ticket; the baseline until a better predictor is plugged in. */
  estimator?: (state: EngineState, ticketId: string, now: number) => WaitEstimate | null;
  log?: (msg: string, err?: unknown) => void;
}

/**
 * The one writer: commands run one at a time against the in-memory state, and their events are
 * committed to SQLite before the state changes and before anyone is told.
 */
export class Office {
  /** Private: features that read or write their own tables get the store from the server's wiring, not through here. */
  private readonly store: Store;
  readonly clock: Clock;
  private state: EngineState;
  private readonly listeners = new Set<EventsListener>();
  private readonly policies: Record<string, DispatchPolicy> | undefined;
  private readonly snapshotEvery: number;
  /**
   * Since when the last commit was refused by the disk (full, read-only, failing); null while it writes.
   * Alarms live in the same database and cannot say so: health and metrics do.
   */
  private storageRefusedSince: number | null = null;
  private sinceSnapshot = 0;
  private readonly log: (msg: string, err?: unknown) => void;
  private readonly estimator: NonNullable<OfficeOptions['estimator']>;
  /** Commands and refusals by type since the process started (`/metrics`); in memory only. */
  readonly counts = new CommandCounts();
  /** performance.now() of the last command handled: background work yields while commands keep coming. */
  private lastCommandAt = Number.NEGATIVE_INFINITY;

  constructor(opts: OfficeOptions) {
    this.store = opts.store;
    this.clock = opts.clock;
    this.policies = opts.policies;
    this.snapshotEvery = opts.snapshotEvery ?? 5000;
    this.log = opts.log ?? ((m, e) => console.error(m, e));
    this.estimator = opts.estimator ?? baselineEstimate;
    this.state = this.recover();
  }

  /** Exactly the state the log describes: the latest snapshot plus every event after it. */
  /** Whether the last commit reached the disk; since when it has been refused if not. */
  get storage(): { writable: boolean; refusedSince: number | null } {
    return { writable: this.storageRefusedSince === null, refusedSince: this.storageRefusedSince };
  }

  private recover(): EngineState {
    const snap = this.store.loadSnapshot();
    const state = snap ? (snap.state as EngineState) : initialState();
    for (const e of this.store.iterateEvents(state.seq)) applyEvent(state, e);
    // the log holds references only: the operators' screens get the visitors' values back from their table
    this.store.personal.hydrate(state);
    return state;
  }

  /**
   * Drops erased or expired visitor data (152-ФЗ) from the live tickets and bookings too, so that the next
   * snapshot sent to an operator no longer shows it.
   */
  forgetPersonal(refs: ReadonlySet<string>): void {
    if (refs.size === 0) return;
    for (const t of Object.values(this.state.tickets))
      if (t.personalRef && refs.has(t.personalRef)) delete t.visitorData;
    for (const a of Object.values(this.state.appointments))
      if (a.personalRef && refs.has(a.personalRef)) {
        delete a.visitorName;
        delete a.phone;
      }
  }

  get seq(): number {
    return this.state.seq;
  }

  get config(): OfficeConfig | null {
    return this.state.config;
  }

  /** Read-only view for queries; callers must not mutate it. */
  view(): Readonly<EngineState> {
    return this.state;
  }

  /** Whether a command came in the last `ms` milliseconds (the hall is busy: background work can wait). */
  busyWithin(ms: number): boolean {
    return performance.now() - this.lastCommandAt < ms;
  }

  onEvents(listener: EventsListener): () => void {
    return this.onCommit({ afterCommit: listener });
  }

  /** Joins the commit of every command; returns the leave. */
  onCommit({ inTransaction, afterCommit }: CommitHooks): () => void {
    const unhook = inTransaction
      ? this.store.onAppend((event, seq) => {
          try {
            inTransaction(event, seq);
          } catch (err) {
            this.log(`commit hook failed on ${event.type}; the command goes ahead`, err);
          }
        })
      : undefined;
    if (afterCommit) this.listeners.add(afterCommit);
    return () => {
      unhook?.();
      if (afterCommit) this.listeners.delete(afterCommit);
    };
  }

  execute(cmd: Command | TickCommand, actor: Actor, commandId?: string): CommandResponse {
    if (cmd.type === 'tick') return this.run(cmd, actor, commandId);
    this.lastCommandAt = performance.now();
    const response = this.run(cmd, actor, commandId);
    this.counts.record(cmd.type, response);
    return response;
  }

  private run(cmd: Command | TickCommand, actor: Actor, commandId?: string): CommandResponse {
    if (commandId !== undefined) {
      const earlier = this.store.commandResponse(commandId);
      if (earlier !== undefined) return this.withEstimate(cmd, earlier as CommandResponse);
    }
    const decision = decide(this.state, cmd, {
      now: this.clock.now(),
      actor,
      ...(this.policies ? { policies: this.policies } : {}),
    });
    if (!decision.ok) return { ok: false, error: decision.error };
    return this.withEstimate(cmd, this.commit(decision.events, decision.result, commandId));
  }

  /** The estimate describes the queue as it is now, so it is added after the commit and on a replay. */
  private withEstimate(cmd: Command | TickCommand, response: CommandResponse): CommandResponse {
    if (!response.ok || !response.result?.ticketId || (cmd.type !== 'issueTicket' && cmd.type !== 'checkIn'))
      return response;
    const estimate = this.estimator(this.state, response.result.ticketId, this.clock.now());
    return estimate ? { ...response, result: { ...response.result, estimate } } : response;
  }

  /** The same estimate the kiosk received, for the printed ticket. */
  estimateFor(ticketId: string): WaitEstimate | null {
    return this.estimator(this.state, ticketId, this.clock.now());
  }

  configure(config: OfficeConfig, actor: Actor): CommandResponse {
    const d = configure(config, { now: this.clock.now(), actor });
    return d.ok ? this.commit(d.events, undefined, undefined) : { ok: false, error: d.error };
  }

  private commit(
    events: Parameters<Store['append']>[0],
    result: Extract<CommandResponse, { ok: true }>['result'],
    commandId: string | undefined,
  ): CommandResponse {
    const seq = this.state.seq + events.length;
    const response: CommandResponse = result === undefined ? { ok: true, seq } : { ok: true, seq, result };
    if (events.length === 0) return response;
    let stored: StoredEvent[];
    try {
      stored = this.store.append(events, commandId === undefined ? {} : { commandId, response });
    } catch (err) {
      // A full, read-only or failing disk is not the command's fault: it is refused as a whole (no number
      // used, nothing half-written) with a code the screens can say plainly, and works again once the disk does.
      const storage = isStorageFailure(err);
      if (storage) this.storageRefusedSince ??= this.clock.now();
      this.log(
        storage ? 'commit refused: the database cannot be written; nothing changed' : 'commit failed; nothing changed',
        err,
      );
      return { ok: false, error: talonError(storage ? 'STORAGE_UNAVAILABLE' : 'INTERNAL') };
    }
    this.storageRefusedSince = null;
    for (const e of stored) applyEvent(this.state, e);
    this.sinceSnapshot += stored.length;
    if (this.sinceSnapshot >= this.snapshotEvery) this.snapshotNow();
    for (const l of this.listeners) {
      try {
        l(stored);
      } catch (err) {
        this.log('event listener failed', err);
      }
    }
    return response;
  }

  snapshotNow(): void {
    this.store.saveSnapshot(this.state.seq, this.state);
    this.sinceSnapshot = 0;
  }

  snapshot(audience: string): Snapshot {
    const now = this.clock.now();
    return {
      serverTime: now,
      state: redactState(this.state, audience),
      receptionOpen: this.state.config ? isReceptionOpen(this.state.config, now) : false,
    };
  }
}
