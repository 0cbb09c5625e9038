import { HQ_ROUTES, type HqRouteName, routePath } from '@talon/protocol';
import { type CallOptions, requestFile, requestJson } from '@talon/ui';
import type { z } from 'zod';

type Routes = typeof HQ_ROUTES;
type In<S> = S extends z.ZodType ? z.input<S> : never;

/** What the screen sends to a head-office route: only the parts the route declares. */
export type HqInput<K extends HqRouteName> = (Routes[K] extends { params: z.ZodType }
  ? { params: In<Routes[K]['params']> }
  : { params?: never }) &
  (Routes[K] extends { query: z.ZodType } ? { query?: In<Routes[K]['query']> } : { query?: never }) &
  (Routes[K] extends { body: z.ZodType } ? { body: In<Routes[K]['body']> } : { body?: never });

export type HqOutput<K extends HqRouteName> = Routes[K] extends { response: z.ZodType }
  ? z.output<Routes[K]['response']>
  : unknown;

function urlOf<K extends HqRouteName>(name: K, input: HqInput<K>): string {
  const { params, query } = input as { params?: object; query?: object };
  return routePath(HQ_ROUTES[name], params, query);
}

/**
 * Calls one route of head office's table by name, typed from it. The request itself, the timeout and the
 * refusals are the office screens' (`@talon/ui` client): an `ApiError` with the server's code, or `NETWORK`.
 */
export async function hq<K extends HqRouteName>(
  name: K,
  input: HqInput<K> = {} as HqInput<K>,
  opts: CallOptions = {},
): Promise<HqOutput<K>> {
  const body = (input as { body?: unknown }).body;
  return (await requestJson(HQ_ROUTES[name], urlOf(name, input), body, opts)) as HqOutput<K>;
}

/** A file route (the report's CSV and XLSX) with the name the server suggests. */
export function hqDownload<K extends HqRouteName>(name: K, input: HqInput<K>, opts: CallOptions = {}) {
  return requestFile(HQ_ROUTES[name], urlOf(name, input), (input as { body?: unknown }).body, opts);
}
