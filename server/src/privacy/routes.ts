import { fieldIssue } from '@talon/protocol';
import { actorOf } from '../edge/identity.js';
import { type Edge, refuse } from '../edge/plugin.js';
import type { PersonalDataService } from './service.js';

/** A text the schema let through that is no phone number after all (only if the two ever drift apart). */
const notAPhone = () =>
  refuse('VALIDATION_FAILED', [fieldIssue('phone', 'это не номер телефона', 'this is not a phone number')]);

/** A visitor's request under 152-ФЗ: what is kept about a phone number, and its erasure (protocol/src/routes/privacy.ts). */
export function registerPrivacyRoutes({ serve }: Edge, privacy: PersonalDataService): void {
  serve('personalDataExport', ({ body, identity }) => privacy.export(body.phone, actorOf(identity)) ?? notAPhone());
  serve('personalDataErase', ({ body, identity }) => privacy.erase(body.phone, actorOf(identity)) ?? notAPhone());
}
