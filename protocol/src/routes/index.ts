import { announceRoutes } from './announce.js';
import { bookingRoutes } from './bookings.js';
import { coreRoutes } from './core.js';
import { displayRoutes } from './displays.js';
import { followUpRoutes } from './followups.js';
import { hqLinkRoutes } from './hq-link.js';
import { monitorRoutes } from './monitor.js';
import { notifyRoutes } from './notify.js';
import { operatorRoutes } from './operator.js';
import { opsRoutes } from './ops.js';
import { outageRoutes } from './outages.js';
import { pageRoutes } from './pages.js';
import { printingRoutes } from './printing.js';
import { privacyRoutes } from './privacy.js';
import { publicRoutes } from './public.js';
import { ratingRoutes } from './rating.js';
import { reportRoutes } from './reports.js';
import { settingsRoutes } from './settings.js';
import { setupRoutes } from './setup.js';
import { staffingRoutes } from './staffing.js';

export * from './announce.js';
export * from './bookings.js';
export * from './core.js';
export * from './define.js';
export * from './displays.js';
export * from './followups.js';
export * from './hq-link.js';
export * from './monitor.js';
export * from './notify.js';
export * from './operator.js';
export * from './ops.js';
export * from './outages.js';
export * from './pages.js';
export * from './printing.js';
export * from './privacy.js';
export * from './public.js';
export * from './rating.js';
export * from './reports.js';
export * from './settings.js';
export * from './setup.js';
export * from './staffing.js';
export * from './typed.js';

/**
 * Every HTTP route of the office server: method, path, who may call it, its input and answer schemas and
 * its refusals. The server registers exactly these (server/src/edge), the screens call them by name (ui/).
 */
export const ROUTES = {
  ...coreRoutes,
  ...monitorRoutes,
  ...settingsRoutes,
  ...reportRoutes,
  ...staffingRoutes,
  ...displayRoutes,
  ...operatorRoutes,
  ...printingRoutes,
  ...ratingRoutes,
  ...announceRoutes,
  ...pageRoutes,
  ...opsRoutes,
  ...setupRoutes,
  ...hqLinkRoutes,
  ...privacyRoutes,
  ...followUpRoutes,
  ...outageRoutes,
  ...notifyRoutes,
  ...publicRoutes,
  ...bookingRoutes,
};

export type Routes = typeof ROUTES;
export type RouteName = keyof Routes;
