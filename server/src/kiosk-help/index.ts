export { type KioskHelpRouteDeps, registerKioskHelpRoutes } from './routes.js';
export { HELP_COMING_MS, HELP_WAITING_MS, KioskHelp, type KioskHelpOptions } from './service.js';
