export { registerSetup, type SetupApiDeps } from './routes.js';
export {
  buildConfig,
  DEFAULT_TIME_ZONE,
  FirstRunSetup,
  type FirstRunSetupOptions,
  printSetupLink,
  SETUP_LINK_FILE,
  setupBaseUrl,
  setupPresets,
} from './setup.js';
