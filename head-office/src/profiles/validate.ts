import { type FieldIssue, fieldIssue, fieldIssues, OfficeConfig, PROFILE_KEYS, type ProfileKey } from '@talon/protocol';
import type { z } from 'zod';

export type ProfileIssue = FieldIssue;

const SHAPE = OfficeConfig.shape as unknown as Record<ProfileKey, z.ZodType>;

const idsOf = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((x) => (x && typeof x === 'object' ? String((x as { id?: unknown }).id) : '')) : [];

/**
 * Checks a profile with the office's own field schemas, so a profile broken at head office is
 * refused there instead of by every office one by one. Cross-references are checked only where the
 * profile carries both sides: the other side may be the office's own (it checks the merged whole).
 */
export function profileIssues(config: Partial<Record<ProfileKey, unknown>>): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  // zod 4 fills a record keyed by an enum with every key (absent ones undefined): JSON has no undefined.
  const keys = (Object.keys(config) as ProfileKey[]).filter((k) => config[k] !== undefined);
  if (keys.length === 0)
    issues.push(fieldIssue('config', 'профиль задаёт хотя бы одно поле', 'a profile sets at least one field'));
  const parsed: Partial<Record<ProfileKey, unknown>> = {};
  for (const key of keys) {
    if (!(PROFILE_KEYS as readonly string[]).includes(key)) {
      issues.push(fieldIssue(key, 'это поле не входит в профиль', 'not a profile field'));
      continue;
    }
    const r = SHAPE[key].safeParse(config[key]);
    if (r.success) parsed[key] = r.data;
    else issues.push(...fieldIssues(r.error, [key]));
  }
  for (const key of ['segments', 'services', 'topics'] as const) {
    const seen = new Set<string>();
    for (const id of idsOf(parsed[key])) {
      if (seen.has(id)) issues.push(fieldIssue(key, `код ${id} повторяется`, `duplicate id ${id}`));
      seen.add(id);
    }
  }
  const topics = parsed.topics as { id: string; serviceId: string; segmentIds: string[] }[] | undefined;
  if (topics && parsed.services) {
    const services = new Set(idsOf(parsed.services));
    for (const t of topics)
      if (!services.has(t.serviceId))
        issues.push(
          fieldIssue(
            'topics',
            `тема ${t.id}: нет услуги ${t.serviceId}`,
            `topic ${t.id}: unknown service ${t.serviceId}`,
          ),
        );
  }
  if (topics && parsed.segments) {
    const segments = new Set(idsOf(parsed.segments));
    for (const t of topics)
      for (const s of t.segmentIds)
        if (!segments.has(s))
          issues.push(fieldIssue('topics', `тема ${t.id}: нет категории ${s}`, `topic ${t.id}: unknown segment ${s}`));
  }
  return issues;
}
