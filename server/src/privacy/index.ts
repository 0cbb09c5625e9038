export { registerPrivacyRoutes } from './routes.js';
export {
  MAX_RETENTION_DAYS,
  PersonalDataService,
  PRIVACY_DEFAULTS,
  type PrivacyOptions,
} from './service.js';
