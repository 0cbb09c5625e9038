import { ROUTES, type RouteInput, type RouteName, type RouteOutput, type Routes, routePath } from '@talon/protocol';
import { type CallOptions, requestFile, requestJson } from './request.js';

/** The path of a route with its parameters and query filled in, e.g. for a link or an `<img>`. */
export function routeUrl<K extends RouteName>(name: K, input: RouteInput<Routes[K]> = {} as RouteInput<Routes[K]>) {
  const { params, query } = input as { params?: object; query?: object };
  return routePath(ROUTES[name], params, query);
}

/**
 * Calls one route of the table by name, typed from it: the input it declares, the answer it gives.
 * Throws `ApiError` carrying the server's refusal, or `NETWORK` when the server could not be reached.
 */
export async function call<K extends RouteName>(
  name: K,
  input: RouteInput<Routes[K]> = {} as RouteInput<Routes[K]>,
  opts: CallOptions = {},
): Promise<RouteOutput<Routes[K]>> {
  return (await requestJson(
    ROUTES[name],
    routeUrl(name, input),
    (input as { body?: unknown }).body,
    opts,
  )) as RouteOutput<Routes[K]>;
}

/** A file answer (PDF, PNG, CSV, XLSX) with the name the server suggests. */
export async function download<K extends RouteName>(
  name: K,
  input: RouteInput<Routes[K]> = {} as RouteInput<Routes[K]>,
  opts: CallOptions = {},
): Promise<{ blob: Blob; fileName: string | undefined }> {
  return requestFile(ROUTES[name], routeUrl(name, input), (input as { body?: unknown }).body, opts);
}
