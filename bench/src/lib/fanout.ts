import type { CommandInput, Snapshot, StoredEvent } from '@talon/protocol';
import { io, type Socket } from 'socket.io-client';
import { acked, type TalonHttp } from './http.js';
import { note, Signal, type Summary, summarize } from './stats.js';
import { issueTickets, type Office } from './workload.js';

/** A paired display board connected to the /board namespace, remembering what it last received. */
class Board {
  lastSeq = 0;
  constructor(
    readonly socket: Socket,
    readonly index: number,
  ) {}
}

interface Call {
  operatorId: string;
  t0: number;
  arrivals: number[];
  ticketIds: string[];
  received: number;
}

export interface Boards {
  boards: Board[];
  close(): void;
}

/** Pairs `count` boards through the API and connects each with its own socket.io connection. */
export async function connectBoards(
  http: TalonHttp,
  url: string,
  count: number,
  onEvent: (board: Board, e: StoredEvent) => void,
): Promise<Boards> {
  const boards: Board[] = [];
  for (let i = 0; i < count; i++) {
    const { token } = await http.pair('board', `Bench board ${i + 1}`);
    const socket = io(`${url}/board`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const board = new Board(socket, i);
    socket.on('event', (e: StoredEvent) => onEvent(board, e));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect_error', reject);
      socket.once('snapshot', (s: Snapshot) => {
        board.lastSeq = Math.max(board.lastSeq, s.state.seq);
        resolve();
      });
    });
    boards.push(board);
  }
  return {
    boards,
    close: () => {
      for (const b of boards) b.socket.close();
    },
  };
}

export interface FanoutResult {
  calls: number;
  refused: number;
  /** Every (call × board) delay from sending callNext to the board receiving TicketCalled. */
  toClient: Summary;
  /** Per call: the first and the last board to receive it (the spread is fan-out and client-side decoding). */
  firstClient: Summary;
  lastClient: Summary;
  /** The operator's own HTTP answer to callNext. */
  httpAnswer: Summary;
}

/**
 * One call at a time on a quiet office: per round each operator calls once. Before a call the boards have
 * received everything committed so far, so each sample is the call's own latency and nothing queued before it.
 */
export async function runFanout(
  http: TalonHttp,
  url: string,
  office: Office,
  opts: { clients: number; calls: number; beforeDisconnect?: () => void | Promise<void> },
): Promise<FanoutResult> {
  let current: Call | undefined;
  const moved = new Signal();
  const { boards, close } = await connectBoards(http, url, opts.clients, (board, e) => {
    if (e.seq > board.lastSeq) board.lastSeq = e.seq;
    if (current && e.type === 'TicketCalled' && e.operatorId === current.operatorId) {
      const i = board.index;
      if (Number.isNaN(current.arrivals[i])) {
        current.arrivals[i] = performance.now();
        current.ticketIds[i] = e.ticketId;
        current.received++;
      }
    }
    moved.fire();
  });
  note(`${boards.length} boards connected to /board`);

  /** Until every board has received everything up to `seq` (5 s at most: a lost event fails the bench). */
  const caughtUp = async (seq: number) => {
    const deadline = performance.now() + 5000;
    while (boards.some((b) => b.lastSeq < seq)) {
      if (performance.now() > deadline) throw new Error(`boards did not receive seq ${seq} within 5 s`);
      await Promise.race([moved.wait(), new Promise((r) => setTimeout(r, 100))]);
    }
  };

  const samples: number[] = [];
  const first: number[] = [];
  const last: number[] = [];
  const answers: number[] = [];
  let calls = 0;
  let refused = 0;
  try {
    while (calls + refused < opts.calls) {
      // Keep the queue as long as it was: as many new visitors per round as calls.
      const seq = await issueTickets(http, office, office.operators.length, 1);
      await caughtUp(seq);
      for (const op of office.operators) {
        if (calls + refused >= opts.calls) break;
        // A real operator does not press «next» with nobody to call (the dispatch policy decides who takes what).
        if (!office.mix.hasWorkFor(op.skills)) continue;
        const call: Call = {
          operatorId: op.operatorId,
          t0: 0,
          arrivals: new Array<number>(boards.length).fill(Number.NaN),
          ticketIds: new Array<string>(boards.length).fill(''),
          received: 0,
        };
        current = call;
        call.t0 = performance.now();
        const r = await http.command(op.token, { type: 'callNext' });
        answers.push(performance.now() - call.t0);
        if (!acked(r)) {
          current = undefined;
          refused++;
          continue;
        }
        office.mix.called(r.body.result?.number);
        await caughtUp(r.body.seq);
        current = undefined;
        if (call.received !== boards.length) throw new Error(`only ${call.received} boards saw the call`);
        const ticketId = r.body.result?.ticketId;
        if (call.ticketIds.some((t) => t !== ticketId)) throw new Error('a board saw a different ticket called');
        const delays = call.arrivals.map((a) => a - call.t0);
        samples.push(...delays);
        first.push(Math.min(...delays));
        last.push(Math.max(...delays));
        calls++;
        const next: CommandInput[] = [{ type: 'startService' }, { type: 'finishService', outcomes: ['resolved'] }];
        for (const command of next) {
          const s = await http.command(op.token, command);
          if (!acked(s)) throw new Error(`${command.type}: ${JSON.stringify(s.body)}`);
          await caughtUp(s.body.seq);
        }
      }
    }
    await opts.beforeDisconnect?.();
  } finally {
    close();
  }
  return {
    calls,
    refused,
    toClient: summarize(samples),
    firstClient: summarize(first),
    lastClient: summarize(last),
    httpAnswer: summarize(answers),
  };
}
