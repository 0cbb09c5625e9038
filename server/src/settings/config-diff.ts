import {
  CONFIG_FIELD_LABELS,
  CONFIG_ITEM_NAMES,
  CONFIG_REF_WORDS,
  CONFIG_REFS,
  CONFIG_VALUE_CHOICES,
  CONFIG_VALUE_LABELS,
  type LocalText,
  OfficeConfig,
  type WordPair,
} from '@talon/protocol';
import { z } from 'zod';

/** Section names where they differ from the field's label in the form (the office's own name). */
export const SECTION_NAMES: Record<string, LocalText> = {
  name: { ru: 'Название офиса', en: 'Office name' },
  announcements: { ru: 'Озвучивание вызовов', en: 'Announcements' },
};

type Lang = 'ru' | 'en';
const LANGS: Lang[] = ['ru', 'en'];
const pair = (p: WordPair): LocalText => ({ ru: p[0], en: p[1] });
const both = (f: (lang: Lang, i: 0 | 1) => string): LocalText => ({ ru: f('ru', 0), en: f('en', 1) });

/** A field's words: its label, else a weekday or another value's words (record keys), else the key itself. */
function fieldLabel(key: string): LocalText {
  const p = CONFIG_FIELD_LABELS[key] ?? CONFIG_VALUE_LABELS[key];
  return p ? pair(p) : { ru: key, en: key };
}

const sectionName = (key: string): LocalText => SECTION_NAMES[key] ?? fieldLabel(key);

/** «Норматив ожидания» inside a line reads «норматив ожидания»; «QR-код» stays as it is. */
function lower(s: string): string {
  const [a = '', b = ''] = [s[0], s[1]];
  return b && b === b.toLowerCase() && a !== a.toLowerCase() ? a.toLowerCase() + s.slice(1) : s;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isLocalText = (v: unknown): v is LocalText =>
  isObject(v) && typeof v.ru === 'string' && typeof v.en === 'string' && Object.keys(v).length === 2;

type Item = { id: string; name?: unknown; number?: unknown };
const isIdList = (v: unknown): v is Item[] =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every((x) => isObject(x) && typeof x.id === 'string' && (x.id as string).length > 0);
const isScalarList = (v: unknown): v is (string | number)[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number');

/** Fields whose value is one of a closed set (an enum of the schema, or of its items), from the served schema. */
let enumFields: Set<string> | null = null;
function isEnumField(key: string): boolean {
  if (!enumFields) {
    const found = new Set<string>();
    const hasEnum = (s: unknown): boolean => {
      if (!isObject(s)) return false;
      if (Array.isArray(s.enum)) return true;
      if (Array.isArray(s.anyOf) && s.anyOf.some(hasEnum)) return true;
      return hasEnum(s.items);
    };
    const walk = (s: unknown) => {
      if (Array.isArray(s)) for (const x of s) walk(x);
      else if (isObject(s)) {
        if (isObject(s.properties)) for (const [k, p] of Object.entries(s.properties)) if (hasEnum(p)) found.add(k);
        for (const v of Object.values(s)) walk(v);
      }
    };
    walk(z.toJSONSchema(OfficeConfig, { io: 'input', unrepresentable: 'any' }));
    enumFields = found;
  }
  return enumFields.has(key);
}

/** Both configurations: a reference shows the name of the item it points at, removed ones included. */
interface Ctx {
  prev: Record<string, unknown>;
  next: Record<string, unknown>;
}

function itemName(x: Item, lang: Lang): string {
  const n = x.name;
  if (typeof n === 'string') return n;
  if (isLocalText(n)) return n[lang];
  if (typeof x.number === 'number') return `№${x.number}`;
  return x.id;
}

function refName(list: string, id: string, lang: Lang, ctx: Ctx): string | null {
  for (const cfg of [ctx.next, ctx.prev]) {
    const items = cfg[list];
    if (!Array.isArray(items)) continue;
    const x = items.find((i) => isObject(i) && i.id === id) as Item | undefined;
    if (x) return itemName(x, lang);
  }
  return null;
}

const quote = (s: string, lang: Lang) => (lang === 'ru' ? `«${s}»` : `"${s}"`);
const MAX_VALUE = 80;
const cut = (s: string) => (s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s);

/** One value in words: «да», «09:00–18:00», «Касса», «числом: К-012 — …», «не задано». */
function show(v: unknown, key: string, lang: Lang, ctx: Ctx): string {
  const i = lang === 'ru' ? 0 : 1;
  if (v === undefined || v === null) return lang === 'ru' ? 'не задано' : 'not set';
  if (typeof v === 'boolean') return v ? (lang === 'ru' ? 'да' : 'yes') : lang === 'ru' ? 'нет' : 'no';
  if (typeof v === 'number') return lang === 'ru' ? String(v).replace('.', ',') : String(v);
  if (typeof v === 'string') {
    const list = CONFIG_REFS[key];
    const ref = list ? refName(list, v, lang, ctx) : null;
    if (ref !== null) return quote(ref, lang);
    const choice = CONFIG_VALUE_CHOICES[key]?.find((c) => c.value === v);
    if (choice) return quote(choice.label[i], lang);
    const word = isEnumField(key) ? CONFIG_VALUE_LABELS[v] : undefined;
    if (word) return word[i];
    return quote(cut(v), lang);
  }
  if (isLocalText(v)) return quote(cut(v[lang]), lang);
  if (Array.isArray(v)) {
    if (v.length === 0) return lang === 'ru' ? 'пусто' : 'empty';
    // a day's time ranges: [["09:00", "13:00"], ["14:00", "18:00"]]
    if (v.every((r) => Array.isArray(r) && r.length === 2 && r.every((x) => typeof x === 'string')))
      return (v as string[][]).map(([a, b]) => `${a}–${b}`).join(', ');
    return cut(v.map((x) => show(x, key, lang, ctx)).join(', '));
  }
  if (isObject(v)) {
    if (typeof v.from === 'string' && typeof v.to === 'string') {
      const rest = Object.entries(v).filter(([k]) => k !== 'from' && k !== 'to');
      const more = rest.map(([k, x]) => `${lower(fieldLabel(k)[lang])} ${show(x, k, lang, ctx)}`).join(', ');
      return `${v.from}–${v.to}${more ? ` (${more})` : ''}`;
    }
    return cut(
      Object.entries(v)
        .map(([k, x]) => `${lower(fieldLabel(k)[lang])}: ${show(x, k, lang, ctx)}`)
        .join('; '),
    );
  }
  return cut(String(v));
}

/** «Услуга «Касса»», «Оператор Иванова», «Окно №3»: how an item of a list is named in a line. */
function itemTitle(list: string, x: Item): LocalText {
  const kind = CONFIG_ITEM_NAMES[list];
  return both((lang, i) => {
    const n = itemName(x, lang);
    if (!kind) return quote(n, lang);
    return `${kind.one[i]} ${kind.quote ? quote(n, lang) : n}`;
  });
}

/** A change as the subject (what changed: a section, an item) and what happened to it. */
interface Change {
  subject: LocalText | null;
  text: LocalText;
}

/**
 * What changed from `a` to `b` under `key`, with `labels` the field names on the way down from the
 * subject: lists of items by id (added, removed, changed), sets of values (added, removed), objects
 * field by field, and single values as «before → after».
 */
function changes(
  key: string,
  a: unknown,
  b: unknown,
  labels: LocalText[],
  subject: LocalText | null,
  ctx: Ctx,
): Change[] {
  if (same(a, b)) return [];
  // a line always follows its subject («Услуги: …», «Оператор Иванова: …»), so the labels read in lower case
  const where = (lang: Lang) => labels.map((l) => lower(l[lang])).join(' › ');
  const line = (f: (lang: Lang, i: 0 | 1) => string): Change => ({
    subject,
    text: both((lang, i) => (labels.length > 0 ? `${where(lang)}: ${f(lang, i)}` : f(lang, i))),
  });

  if (
    (isIdList(a) || a === undefined || (Array.isArray(a) && a.length === 0)) &&
    (isIdList(b) || b === undefined || (Array.isArray(b) && b.length === 0)) &&
    (isIdList(a) || isIdList(b))
  ) {
    const before = new Map(((a as Item[] | undefined) ?? []).map((x) => [x.id, x]));
    const after = new Map(((b as Item[] | undefined) ?? []).map((x) => [x.id, x]));
    const out: Change[] = [];
    for (const [id, x] of after)
      if (!before.has(id))
        out.push(line((lang) => `${lang === 'ru' ? 'добавлено' : 'added'} ${quote(itemName(x, lang), lang)}`));
    for (const [id, x] of before)
      if (!after.has(id))
        out.push(line((lang) => `${lang === 'ru' ? 'удалено' : 'removed'} ${quote(itemName(x, lang), lang)}`));
    for (const [id, x] of after) {
      const old = before.get(id);
      if (!old || same(old, x)) continue;
      const title = itemTitle(key, x);
      const inner = subject ? both((lang) => `${subject[lang]} › ${where(lang)} › ${title[lang]}`) : title;
      out.push(...changes('', old, x, [], inner, ctx));
    }
    const order = (m: Map<string, Item>) => [...m.keys()].filter((id) => before.has(id) && after.has(id));
    if (out.length === 0 && !same(order(before), order(after)))
      out.push(line((lang) => (lang === 'ru' ? 'изменён порядок' : 'order changed')));
    return out;
  }

  if (isObject(a) && isObject(b) && !isLocalText(a) && !isLocalText(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => changes(k, a[k], b[k], [...labels, fieldLabel(k)], subject, ctx));
  }
  if (isLocalText(a) && isLocalText(b)) {
    // a name changed in one language: say which
    return LANGS.flatMap((l) => changes(l, a[l], b[l], [...labels, fieldLabel(l)], subject, ctx));
  }

  if ((isScalarList(a) || a === undefined) && (isScalarList(b) || b === undefined) && (a ?? b) !== undefined) {
    const before = (a ?? []) as (string | number)[];
    const after = (b ?? []) as (string | number)[];
    const added = after.filter((x) => !before.includes(x));
    const removed = before.filter((x) => !after.includes(x));
    if (added.length === 0 && removed.length === 0)
      return [line((lang) => (lang === 'ru' ? 'изменён порядок' : 'order changed'))];
    const words = CONFIG_REF_WORDS[CONFIG_REFS[key] ?? ''];
    const out: Change[] = [];
    const tell = (xs: (string | number)[], w: WordPair | undefined, ru: string, en: string) => {
      for (const x of xs) {
        const one = (lang: Lang, i: 0 | 1) => `${w ? w[i] : lang === 'ru' ? ru : en} ${show(x, key, lang, ctx)}`;
        // «Оператор Иванова: добавлена услуга «Касса»» reads without the field's name
        out.push(w && subject && labels.length === 1 ? { subject, text: both(one) } : line(one));
      }
    };
    tell(added, words?.added, 'добавлено', 'added');
    tell(removed, words?.removed, 'убрано', 'removed');
    return out;
  }

  return [line((lang) => `${show(a, key, lang, ctx)} → ${show(b, key, lang, ctx)}`)];
}

const MAX_LINES_PER_SECTION = 12;

/**
 * A human summary of what changed between two configurations, one line per change, in Russian and
 * English: «Темы обращений: добавлено «Справка»», «Оператор Иванова: добавлена услуга «Касса»»,
 * «Правила вызова и приоритета: приоритетных вызовов подряд: 2 → 3». Used by the versions, the audit log
 * and before saving.
 */
export function diffConfigs(prev: Record<string, unknown> | null, next: Record<string, unknown>): LocalText[] {
  if (!prev) return [{ ru: 'Первоначальная настройка офиса', en: 'Initial office configuration' }];
  const ctx: Ctx = { prev, next };
  const out: LocalText[] = [];
  const keys = [...new Set([...Object.keys(prev), ...Object.keys(next)])];
  for (const key of keys) {
    const a = prev[key];
    const b = next[key];
    if (same(a, b)) continue;
    const sec = sectionName(key);
    const lines = changes(key, a, b, [], null, ctx).map((c) =>
      c.subject
        ? both((lang) => `${c.subject?.[lang]}: ${c.text[lang]}`)
        : both((lang) => `${sec[lang]}: ${c.text[lang]}`),
    );
    const shown = lines.slice(0, MAX_LINES_PER_SECTION);
    if (lines.length > shown.length)
      shown.push(
        both((lang) =>
          lang === 'ru'
            ? `${sec.ru}: и ещё ${lines.length - shown.length}`
            : `${sec.en}: and ${lines.length - shown.length} more`,
        ),
      );
    out.push(...shown);
  }
  return out;
}
