import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OfficeConfig } from './config.js';
import { CONFIG_FIELD_LABELS, CONFIG_REFS, CONFIG_VALUE_CHOICES, CONFIG_VALUE_LABELS } from './config-labels.js';

/** Every property name and every closed-set value the settings form can meet in the schema it is drawn from. */
function walk(schema: unknown, keys = new Set<string>(), values = new Set<string>()) {
  if (Array.isArray(schema)) for (const x of schema) walk(x, keys, values);
  else if (schema && typeof schema === 'object') {
    const s = schema as { properties?: Record<string, unknown>; enum?: unknown[]; const?: unknown };
    for (const k of Object.keys(s.properties ?? {})) keys.add(k);
    for (const v of s.enum ?? []) values.add(String(v));
    if (s.const !== undefined) values.add(String(s.const));
    for (const v of Object.values(schema)) walk(v, keys, values);
  }
  return { keys, values };
}

describe('configuration labels', () => {
  // the same JSON Schema the server serves to the form (server/src/settings/routes.ts)
  const schema = z.toJSONSchema(OfficeConfig, { io: 'input', unrepresentable: 'any' });
  const { keys, values } = walk(schema);

  it('give every field of the office configuration a Russian and an English label', () => {
    expect([...keys].filter((k) => !CONFIG_FIELD_LABELS[k])).toEqual([]);
    for (const [ru, en] of Object.values(CONFIG_FIELD_LABELS)) {
      expect(ru).toMatch(/[А-Яа-яЁё]/);
      expect(en.length).toBeGreaterThan(0);
    }
  });

  it('give every value of a closed set words, and every referencing field a label', () => {
    expect([...values].filter((v) => !CONFIG_VALUE_LABELS[v])).toEqual([]);
    expect(Object.keys(CONFIG_REFS).filter((k) => !CONFIG_FIELD_LABELS[k])).toEqual([]);
    for (const [field, choices] of Object.entries(CONFIG_VALUE_CHOICES)) {
      expect(CONFIG_FIELD_LABELS[field]).toBeDefined();
      for (const c of choices) expect(c.hint[0]).toMatch(/[А-Яа-яЁё]/);
    }
  });
});
