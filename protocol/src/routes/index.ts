import { coreRoutes } from './core.js';

export * from './core.js';
export * from './define.js';
export * from './typed.js';

/**
 * Every HTTP route of the office server: method, path, who may call it, its input and answer schemas and
 * its refusals. The server registers exactly these (server/src/edge), the screens call them by name (ui/).
 */
export const ROUTES = {
  ...coreRoutes,
};

export type Routes = typeof ROUTES;
export type RouteName = keyof Routes;
