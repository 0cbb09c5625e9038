import type { LocalText } from '@talon/protocol';
import { REFS } from './labels.js';

/** The part of JSON Schema (draft 2020-12, as `z.toJSONSchema` writes it) the form understands. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  description?: string;
  title?: string;
}

export type Path = (string | number)[];

export interface FormContext {
  /** The whole draft: reference fields offer the items of other lists (services, segments, …). */
  draft: Record<string, unknown>;
  readOnly: boolean;
  /** Validation messages by dotted path. */
  issues: Map<string, LocalText>;
}

export const HHMM = '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$';
export const DATE = '^\\d{4}-\\d{2}-\\d{2}$';

export const pathId = (path: Path) => path.join('.');

/** Options with `const` become an enum; a nullable or optional union takes its non-null branch. */
export function normalize(s: JsonSchema): JsonSchema {
  const alts = s.anyOf ?? s.oneOf;
  if (!alts) return s;
  if (alts.every((a) => a.const !== undefined)) return { ...s, enum: alts.map((a) => a.const) };
  const concrete = alts.filter((a) => a.type !== 'null');
  return concrete.length === 1 && concrete[0]
    ? { ...s, ...normalize(concrete[0]), anyOf: undefined, oneOf: undefined }
    : s;
}

export const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type);

export function isLocalText(s: JsonSchema): boolean {
  const keys = Object.keys(s.properties ?? {});
  return typeOf(s) === 'object' && keys.length === 2 && keys.includes('ru') && keys.includes('en');
}

/** A starting value for a new item: required fields and defaults, empty where the person must fill in. */
export function defaultFor(raw: JsonSchema): unknown {
  const s = normalize(raw);
  if (s.default !== undefined) return structuredClone(s.default);
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  switch (typeOf(s)) {
    case 'object': {
      if (isLocalText(s)) return { ru: '', en: '' };
      const out: Record<string, unknown> = {};
      for (const [k, p] of Object.entries(s.properties ?? {})) {
        const np = normalize(p);
        if (s.required?.includes(k) || np.default !== undefined) out[k] = defaultFor(np);
      }
      return out;
    }
    case 'array':
      return s.prefixItems ? s.prefixItems.map(defaultFor) : [];
    case 'number':
    case 'integer':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
    case 'boolean':
      return false;
    case 'string':
      return s.pattern === HHMM ? '09:00' : '';
    default:
      return null;
  }
}

export function itemTitle(item: unknown, index: number, tr: (t: LocalText | undefined) => string): string {
  if (typeof item !== 'object' || item === null) return `#${index + 1}`;
  const x = item as { id?: unknown; name?: unknown; number?: unknown };
  const name =
    typeof x.name === 'string' ? x.name : x.name && typeof x.name === 'object' ? tr(x.name as LocalText) : '';
  const num = typeof x.number === 'number' ? `№ ${x.number}` : '';
  // the id is the configuration's key, not a word a person reads: shown only for an item with no name yet
  const id = typeof x.id === 'string' ? x.id : '';
  return [num, name].filter(Boolean).join(' ') || id || `#${index + 1}`;
}

export function refOptions(ctx: FormContext, key: string): { id: string; label: string }[] | null {
  const list = REFS[key] ? ctx.draft[REFS[key]] : undefined;
  if (!Array.isArray(list)) return null;
  return list
    .filter(
      (x): x is { id: string } => typeof x === 'object' && x !== null && typeof (x as { id?: unknown }).id === 'string',
    )
    .map((x) => ({ id: x.id, label: x.id }));
}
