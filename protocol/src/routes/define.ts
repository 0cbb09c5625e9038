import type { z } from 'zod';
import type { Role } from '../commands.js';
import type { ErrorCode } from '../errors.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route: anyone (`public`), anyone with a valid token (`signed-in`: a user or a paired
 * device), or the listed roles.
 */
export type Access = 'public' | 'signed-in' | readonly Role[];

/**
 * What a route answers with: JSON validated by `response` (the default), a file (PDF, PNG, WAV, CSV, XLSX),
 * an HTML page for a phone or a person, or a redirect. Only JSON is typed for the client.
 */
export type Produces = 'json' | 'file' | 'html' | 'redirect';

export interface RouteDef {
  method: Method;
  /** Fastify's syntax: `/api/users/:id`. */
  path: string;
  access: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The JSON answer's shape; for other kinds, absent. */
  response?: z.ZodType;
  produces?: Produces;
  /**
   * The route's own refusals. Every route may also answer INTERNAL and TOO_MANY_REQUESTS; one with input
   * VALIDATION_FAILED; one that is not public UNAUTHORIZED and SESSION_EXPIRED; one limited to roles FORBIDDEN.
   */
  errors: readonly ErrorCode[];
  /** One line a newcomer reads. */
  summary: string;
}

/** Keeps the literal types of an entry (its schemas, path and access) for the server and the client. */
export const route = <const D extends RouteDef>(d: D): D => d;

type Infer<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;
type InferIn<S, Fallback> = S extends z.ZodType ? z.input<S> : Fallback;

/** What a handler receives, validated. */
export interface RouteArgs<D extends RouteDef> {
  params: Infer<D['params'], Record<string, never>>;
  query: Infer<D['query'], Record<string, never>>;
  body: Infer<D['body'], undefined>;
}

/** What a client sends: only the parts the route declares. */
export type RouteInput<D extends RouteDef> = (D['params'] extends z.ZodType
  ? { params: InferIn<D['params'], never> }
  : { params?: never }) &
  (D['query'] extends z.ZodType ? { query?: InferIn<D['query'], never> } : { query?: never }) &
  (D['body'] extends z.ZodType ? { body: InferIn<D['body'], never> } : { body?: never });

/** What a JSON route answers. */
export type RouteOutput<D extends RouteDef> = D['response'] extends z.ZodType ? z.output<D['response']> : unknown;

/** The errors a route may answer, its own and those every route of its kind may. */
export function routeErrors(
  d: Pick<RouteDef, 'errors' | 'params' | 'query' | 'body'> & { access: unknown },
): ErrorCode[] {
  const codes = new Set<ErrorCode>([...d.errors, 'INTERNAL', 'TOO_MANY_REQUESTS']);
  if (d.params || d.query || d.body) codes.add('VALIDATION_FAILED');
  if (d.access !== 'public') {
    codes.add('UNAUTHORIZED');
    codes.add('SESSION_EXPIRED');
  }
  if (Array.isArray(d.access)) codes.add('FORBIDDEN');
  return [...codes];
}

/** `/api/users/:id` with `{ id: 'u 1' }` → `/api/users/u%201`; query values that are undefined are left out. */
export function routePath(d: Pick<RouteDef, 'path'>, params?: object, query?: object): string {
  const path = d.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const v = (params as Record<string, unknown> | undefined)?.[name];
    if (v === undefined || v === null) throw new Error(`${d.path}: missing parameter ${name}`);
    return encodeURIComponent(String(v));
  });
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) q.append(k, String(x));
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
