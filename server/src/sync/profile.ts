import { type Actor, type Lang, type LocalText, mergeProfile, type PublishedProfile } from '@talon/protocol';
import type { Office } from '../office.js';
import type { Settings } from '../settings/settings.js';
import type { ProfileOutcome, ProfileSink } from './link.js';

/** Head office as the author of a configuration version (settings/audit.ts names it). */
export const HEAD_OFFICE_ACTOR: Actor = { kind: 'device', deviceId: 'head-office', role: 'head-office' };

interface Issue {
  path?: string;
  message?: LocalText | string;
  ids?: string[];
}

/** Validation issues as one line a person reads at head office: «services.0.prefix: …; topics: …». */
export function reasonText(details: unknown, fallback: string, lang: Lang = 'en'): string {
  if (!Array.isArray(details) || details.length === 0) return fallback;
  return (details as Issue[])
    .map((i) => {
      const where = i.path ? `${i.path}: ` : '';
      const ids = i.ids?.length ? ` (${i.ids.join(', ')})` : '';
      const text = typeof i.message === 'string' ? i.message : i.message?.[lang];
      return `${where}${text ?? (lang === 'ru' ? 'неверное значение' : 'invalid')}${ids}`;
    })
    .join('; ');
}

/**
 * A head-office profile goes through the office's own configuration path (settings/config-service.ts):
 * merged with this office's own parts, validated by the same `OfficeConfig` schema, checked against the
 * live hall, saved as a new version (audited, restorable) with head office as its author.
 */
export function officeProfiles(office: Office, settings: Pick<Settings, 'configs' | 'audit'>): ProfileSink {
  return {
    ready: () => office.config !== null,
    apply(profile: PublishedProfile): ProfileOutcome {
      const current = office.config;
      if (!current) return { applied: false, reason: 'the office is not configured yet', final: false };
      const merged = mergeProfile(current as Record<string, unknown>, profile);
      const r = settings.configs.save(merged, HEAD_OFFICE_ACTOR);
      const at = office.clock.now();
      if (r.ok) {
        settings.audit.record(at, HEAD_OFFICE_ACTOR, 'hq.profile-applied', String(r.value.number), [
          {
            ru: `Применён профиль головного офиса «${profile.title}», версия ${profile.version}`,
            en: `Head-office profile "${profile.title}" version ${profile.version} applied`,
          },
        ]);
        return { applied: true };
      }
      const reason = `${r.error.code}: ${reasonText(r.error.details, r.error.message.en)}`;
      const reasonRu = `${r.error.code}: ${reasonText(r.error.details, r.error.message.ru, 'ru')}`;
      // the live hall still uses what the profile removes: it applies once those tickets or windows are gone
      const final = r.error.code !== 'CONFIG_IN_USE';
      if (final)
        settings.audit.record(at, HEAD_OFFICE_ACTOR, 'hq.profile-refused', String(profile.version), [
          {
            ru: `Профиль головного офиса «${profile.title}», версия ${profile.version}, не применён: ${reasonRu}`,
            en: `Head-office profile "${profile.title}" version ${profile.version} refused: ${reason}`,
          },
        ]);
      return { applied: false, reason, final };
    },
  };
}
