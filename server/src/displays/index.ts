export { asDisplayed, busHeartbeat, desiredTexts, recallBlinks, resolveMapping } from './plan.js';
export { registerDisplayRoutes } from './routes.js';
export { BusRunner, WindowDisplays, type WindowDisplaysOptions } from './service.js';
export {
  DEMO_DISPLAYS,
  DisplayBusSettings,
  loadDisplaySettings,
  WindowDisplaySettings,
  type WindowDisplaySettingsInput,
} from './settings.js';
