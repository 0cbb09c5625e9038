import { z } from 'zod';
import type { OfficeConfig } from '../config.js';

/**
 * A head-office profile: the parts of an office's configuration one company keeps alike — the
 * catalogue, the norms, hours and holidays, ticket and board texts. What each hall has of its own
 * (windows, operators, halls, printers, board zones, its name and time zone) is never in a profile.
 */
export const PROFILE_KEYS = [
  'normPreset',
  'officeHours',
  'receptionHours',
  'holidays',
  'segments',
  'services',
  'topics',
  'priorityCategories',
  'breakReasons',
  'outcomeCodes',
  'ratingReasons',
  'feedbackTypes',
  'rating',
  'rules',
  'ticketLayout',
  'board',
] as const satisfies readonly (keyof OfficeConfig)[];
export type ProfileKey = (typeof PROFILE_KEYS)[number];

/** Always the office's own, whatever a profile says. */
export const OFFICE_LOCAL_KEYS = [
  'officeId',
  'name',
  'address',
  'timeZone',
  'halls',
  'windows',
  'operators',
  'alarms',
  'kiosk',
] as const satisfies readonly (keyof OfficeConfig)[];

export const ProfileScope = z.enum(['company', 'branch', 'office']);
export type ProfileScope = z.infer<typeof ProfileScope>;

/**
 * What is published. `config` holds any of `PROFILE_KEYS` (checked at the office with the full
 * `OfficeConfig` schema after merging with its own parts); `local` lists keys of the profile that an
 * office keeps as it has them (e.g. holidays set per region).
 */
export const ProfileBody = z
  .object({
    scope: ProfileScope,
    /** The branch's or the office's id; absent for the whole company. */
    targetId: z.string().min(1).max(64).optional(),
    title: z.string().min(1).max(200),
    config: z.partialRecord(z.enum(PROFILE_KEYS), z.unknown()),
    local: z.array(z.enum(PROFILE_KEYS)).default([]),
  })
  .refine((p) => (p.scope === 'company') === (p.targetId === undefined), {
    message: 'targetId is required for a branch or an office, and absent for the company',
    params: {
      ru: 'для филиала или офиса нужен targetId, для всей компании — нет',
      en: 'targetId is required for a branch or an office, and absent for the company',
    },
    path: ['targetId'],
  });
export type ProfileBody = z.infer<typeof ProfileBody>;

/** A published profile as an office receives it: the most specific one for it (office, then branch, then company). */
export interface PublishedProfile {
  version: number;
  scope: ProfileScope;
  title: string;
  config: Partial<Record<ProfileKey, unknown>>;
  local: ProfileKey[];
  publishedAt: number;
}

/**
 * The office's configuration after a profile: the profile's keys replace the office's, except the
 * profile's `local` keys and the office's own (`OFFICE_LOCAL_KEYS`). The result is validated by the office.
 */
export function mergeProfile(current: Record<string, unknown>, profile: Pick<PublishedProfile, 'config' | 'local'>) {
  const merged: Record<string, unknown> = { ...current };
  const local = new Set<string>(profile.local);
  for (const [key, value] of Object.entries(profile.config)) {
    if (local.has(key) || !(PROFILE_KEYS as readonly string[]).includes(key)) continue;
    merged[key] = value;
  }
  return merged;
}
