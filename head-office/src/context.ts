import {
  type ErrorCode,
  HQ_ROUTES,
  type HqRouteDef,
  type HqRouteName,
  type HqUser,
  type TalonError,
  talonError,
} from '@talon/protocol';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { z } from 'zod';

/** Who is calling head office: an office server with its API key, or a signed-in person. */
export type HqIdentity =
  | { kind: 'office'; officeId: string; code: string; branchId: string }
  | { kind: 'user'; user: HqUser; tokenHash: Buffer };

/** Anything that runs a query: the pool, or one client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** A handler's refusal, answered with the code's one HTTP status. */
export class HqRefusal {
  constructor(readonly error: TalonError) {}
}
export const refuse = (code: ErrorCode, details?: unknown) => new HqRefusal(talonError(code, details));

type Infer<S, F> = S extends z.ZodType ? z.output<S> : F;
type Output<D extends HqRouteDef> = D['response'] extends z.ZodType ? z.output<D['response']> : unknown;

export interface HqHandlerContext<D extends HqRouteDef> {
  params: Infer<D['params'], Record<string, never>>;
  query: Infer<D['query'], Record<string, never>>;
  body: Infer<D['body'], undefined>;
  /** null only on public routes. */
  identity: D['access'] extends 'public' ? HqIdentity | null : HqIdentity;
  req: FastifyRequest;
  reply: FastifyReply;
}

type Answer<D extends HqRouteDef> = D['produces'] extends 'file' | 'html' | 'redirect'
  ? FastifyReply | HqRefusal
  : Output<D> | HqRefusal | FastifyReply;

export type HqHandler<D extends HqRouteDef> = (ctx: HqHandlerContext<D>) => Answer<D> | Promise<Answer<D>>;

export type HqServe = <K extends HqRouteName>(name: K, handler: HqHandler<(typeof HQ_ROUTES)[K]>) => void;

/** What every head-office feature gets: no state of its own beyond PostgreSQL (processes are interchangeable). */
export interface HqDeps {
  pool: pg.Pool;
  now(): number;
  serve: HqServe;
  log: FastifyBaseLogger;
  /** The public address of this head office (for printed visit links), e.g. `https://hq.example.ru`; null: none. */
  publicBase: string | null;
  /**
   * The offices a caller may see: every office for the company administrator and the analyst, the
   * branch's for a branch manager, its own for an office.
   */
  visibleOffices(identity: HqIdentity): Promise<string[] | 'all'>;
}

/** The live channel: `pg_notify(HQ_OFFICE_CHANNEL, officeId)` inside a transaction reaches every process's screens on commit. */
export const HQ_OFFICE_CHANNEL = 'hq_office';

export { HQ_ROUTES };
