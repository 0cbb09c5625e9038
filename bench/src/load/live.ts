import { applyEvent } from '@talon/engine';
import type { EngineState, Namespace, Snapshot, StoredEvent, TalonError } from '@talon/protocol';
import { io, type Socket } from 'socket.io-client';
import { Signal } from '../lib/stats.js';
import type { LoadServer } from './server.js';
import type { Tally } from './tally.js';

/** As the screens (ui/src/socket.ts, ui/src/live.ts): back-off, connect timeout, resync timeout, heartbeat. */
const RECONNECT = { reconnectionDelay: 500, reconnectionDelayMax: 3000, randomizationFactor: 0.3, timeout: 5000 };
const RESYNC_TIMEOUT_MS = 5000;
const SERVER_DISCONNECT_RETRY_MS = 1000;
export const HEARTBEAT_MS = 10_000;
const ACK_TIMEOUT_MS = 5000;

export interface LiveOptions {
  /** Fold events into the state with the engine's reducer, as a console does; else only follow `seq`. */
  fold: boolean;
  heartbeatMs?: number;
  /** Every event as it arrives, before it is folded (also those a resync makes redundant). */
  onEvent?: (e: StoredEvent, at: number) => void;
  /** Is a refused heartbeat of this device expected right now (its token is flooding)? */
  heartbeatRefusalExpected?: () => boolean;
  /** Measure each snapshot's size as JSON (costs the driver a stringify per snapshot). */
  measureSnapshots?: boolean;
}

/**
 * A screen's socket: snapshot on connect, then events in `seq` order; a gap asks for `resync`, a lost link
 * reconnects by itself and brings a fresh snapshot. Ranges of `seq` a snapshot stood in for are kept, so
 * that a call the board never received as an event can be told apart from one it lost.
 */
export class LiveClient {
  readonly socket: Socket;
  state: EngineState | null = null;
  lastSeq = 0;
  snapshots = 0;
  resyncs = 0;
  heartbeatsOk = 0;
  /** The largest snapshot received, bytes of JSON (with `measureSnapshots`). */
  snapshotBytesMax = 0;
  /** (from, to]: events a snapshot replaced. */
  readonly skipped: [number, number][] = [];
  readonly changed = new Signal();
  private resyncing = false;
  private closed = false;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private readonly firstSnapshot: Promise<void>;

  constructor(
    readonly name: string,
    readonly server: LoadServer,
    readonly namespace: Namespace,
    readonly token: string,
    readonly address: string,
    private readonly tally: Tally,
    private readonly opts: LiveOptions,
  ) {
    this.socket = io(`${server.url}/${namespace}`, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      localAddress: address,
      ...RECONNECT,
    } as Parameters<typeof io>[1]);
    this.firstSnapshot = new Promise((resolve) => this.socket.once('snapshot', () => resolve()));
    this.socket.on('snapshot', (s: Snapshot) => this.takeSnapshot(s));
    this.socket.on('event', (e: StoredEvent) => this.onEvent(e));
    this.socket.on('disconnect', (reason) => {
      this.resyncing = false;
      if (this.closed) return;
      if (reason === 'io server disconnect') {
        // the server closed it on purpose: only a revoked token would, and nothing here is revoked
        this.tally.error('socket closed by the server', `${this.name}`);
        setTimeout(() => !this.closed && this.socket.connect(), SERVER_DISCONNECT_RETRY_MS);
      }
    });
    this.socket.on('connect_error', (err: Error & { data?: TalonError }) => {
      if (this.closed) return;
      if (err.message === 'unauthorized')
        this.tally.error('socket token refused', `${this.name}: ${JSON.stringify(err.data)}`);
      else if (!this.server.overlapsOutage(performance.now() - RECONNECT.timeout, performance.now()))
        this.tally.error('socket connect failed', `${this.name}: ${err.message}`);
    });
    if (opts.heartbeatMs) this.heartbeat = setInterval(() => this.beat(), opts.heartbeatMs);
  }

  ready(): Promise<void> {
    return this.firstSnapshot;
  }

  private takeSnapshot(s: Snapshot) {
    const seq = s.state.seq;
    if (this.opts.measureSnapshots)
      this.snapshotBytesMax = Math.max(this.snapshotBytesMax, Buffer.byteLength(JSON.stringify(s)));
    if (this.snapshots > 0 && seq > this.lastSeq) this.skipped.push([this.lastSeq, seq]);
    this.snapshots++;
    this.resyncing = false;
    if (this.opts.fold) this.state = s.state;
    this.lastSeq = Math.max(this.lastSeq, seq);
    this.changed.fire();
  }

  private onEvent(e: StoredEvent) {
    this.opts.onEvent?.(e, performance.now());
    if (this.resyncing || e.seq <= this.lastSeq) return;
    if (e.seq !== this.lastSeq + 1) {
      this.resync();
      return;
    }
    if (this.opts.fold && this.state) {
      try {
        this.state = applyEvent(this.state, e);
      } catch (err) {
        this.tally.error('event does not fold', `${this.name} seq ${e.seq}: ${(err as Error).message}`);
        this.resync();
        return;
      }
    }
    this.lastSeq = e.seq;
    this.changed.fire();
  }

  /** A gap: ask for a fresh snapshot (a lost answer reconnects, which brings one). */
  private resync() {
    if (this.resyncing || !this.socket.connected) return;
    this.resyncing = true;
    this.resyncs++;
    this.socket.timeout(RESYNC_TIMEOUT_MS).emit('resync', (err: Error | null, s: Snapshot) => {
      if (this.closed || !this.resyncing) return;
      if (err || !s?.state) {
        this.resyncing = false;
        this.socket.disconnect().connect();
        return;
      }
      this.takeSnapshot(s);
    });
  }

  /** One heartbeat with an answer (the screens send it without one; the driver wants to count refusals). */
  beat(): void {
    if (!this.socket.connected) return;
    const t = performance.now();
    this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emit('heartbeat', { status: 'ok' }, (err: Error | null, r: { ok: boolean; error?: TalonError }) => {
        if (this.closed) return;
        if (err) {
          if (this.server.overlapsOutage(t, performance.now())) this.tally.expect('heartbeat lost to kill -9');
          else this.tally.error('heartbeat unanswered', this.name);
        } else if (r.ok) this.heartbeatsOk++;
        else if (r.error?.code === 'TOO_MANY_REQUESTS' && this.opts.heartbeatRefusalExpected?.())
          this.tally.expect("heartbeat of a flooding device's token refused (429)");
        else this.tally.error(`heartbeat refused: ${r.error?.code}`, this.name);
      });
  }

  /** Did this client receive event `seq` as such, or did a snapshot stand in for it? */
  replacedBySnapshot(seq: number): boolean {
    return this.skipped.some(([from, to]) => seq > from && seq <= to);
  }

  close(): void {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}
