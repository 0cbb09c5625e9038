import { CONFIG_FIELD_LABELS, CONFIG_REFS, CONFIG_VALUE_CHOICES, CONFIG_VALUE_LABELS } from '@talon/protocol';
import type { Pair } from '@talon/ui';

/**
 * Field labels of the configuration form. They live in protocol/src/config-labels.ts beside the schema,
 * with the change summaries of the server; a test there makes sure every field of the schema has one.
 */
export const FIELD_LABELS: Readonly<Record<string, Pair>> = CONFIG_FIELD_LABELS;

/** How a value of a closed set reads. */
export const ENUM_LABELS: Readonly<Record<string, Pair>> = CONFIG_VALUE_LABELS;

/** String fields offered as a select of known values with an explanation each (the dispatch policy). */
export const VALUE_CHOICES = CONFIG_VALUE_CHOICES;

/** Fields whose value is the id of an item in another list of the configuration. */
export const REFS: Readonly<Record<string, string>> = CONFIG_REFS;

/** A dotted path of the configuration in words: `rules.dispatchPolicy` → «Правила вызова и приоритета › Правило выбора талона». */
export function pathLabel(path: string, t: (p: Pair) => string): string {
  return path
    .split('.')
    .filter(Boolean)
    .map((k) => (/^\d+$/.test(k) ? `№${Number(k) + 1}` : FIELD_LABELS[k] ? t(FIELD_LABELS[k] as Pair) : k))
    .join(' › ');
}
