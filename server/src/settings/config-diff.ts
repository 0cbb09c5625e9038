import type { LocalText } from '@talon/protocol';

/** Section names for the audit log; sections added later by others fall back to their key. */
export const SECTION_NAMES: Record<string, LocalText> = {
  officeId: { ru: 'Код офиса', en: 'Office id' },
  name: { ru: 'Название офиса', en: 'Office name' },
  address: { ru: 'Адрес', en: 'Address' },
  timeZone: { ru: 'Часовой пояс', en: 'Time zone' },
  normPreset: { ru: 'Профиль нормативов', en: 'Norm preset' },
  officeHours: { ru: 'Часы работы офиса', en: 'Office hours' },
  receptionHours: { ru: 'Часы приёма', en: 'Reception hours' },
  holidays: { ru: 'Нерабочие дни', en: 'Holidays' },
  halls: { ru: 'Залы', en: 'Halls' },
  windows: { ru: 'Окна', en: 'Windows' },
  segments: { ru: 'Категории посетителей', en: 'Visitor categories' },
  services: { ru: 'Услуги', en: 'Services' },
  topics: { ru: 'Темы обращений', en: 'Topics' },
  operators: { ru: 'Операторы', en: 'Operators' },
  priorityCategories: { ru: 'Категории приоритета', en: 'Priority categories' },
  breakReasons: { ru: 'Причины перерыва', en: 'Break reasons' },
  outcomeCodes: { ru: 'Итоги обслуживания', en: 'Outcome codes' },
  ratingReasons: { ru: 'Причины низкой оценки', en: 'Low-rating reasons' },
  feedbackTypes: { ru: 'Виды отзывов', en: 'Feedback types' },
  rating: { ru: 'Оценка обслуживания', en: 'Rating' },
  rules: { ru: 'Правила вызова и приоритета', en: 'Dispatch and priority rules' },
  alarms: { ru: 'Пороги тревог', en: 'Alarm thresholds' },
  ticketLayout: { ru: 'Макет талона', en: 'Ticket layout' },
  kiosk: { ru: 'Киоск', en: 'Kiosk' },
  board: { ru: 'Табло', en: 'Board' },
  boardTexts: { ru: 'Тексты табло', en: 'Board texts' },
  announcements: { ru: 'Озвучивание вызовов', en: 'Announcements' },
  printers: { ru: 'Принтеры', en: 'Printers' },
};

const sectionName = (key: string): LocalText => SECTION_NAMES[key] ?? { ru: key, en: key };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const MAX_VALUE = 60;
function show(v: unknown): string {
  if (v === undefined) return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

type Item = { id: string; name?: unknown; number?: unknown };
const isIdList = (v: unknown): v is Item[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && typeof (x as Item).id === 'string');

function itemName(x: Item, lang: 'ru' | 'en' = 'ru'): string {
  const n = x.name;
  if (typeof n === 'string') return n;
  if (n && typeof n === 'object' && typeof (n as LocalText)[lang] === 'string') return (n as LocalText)[lang];
  if (typeof x.number === 'number') return `№${x.number}`;
  return x.id;
}

/** Leaf paths that differ between two JSON values, e.g. `waitNormMin: 8 → 10`. */
function leafChanges(a: unknown, b: unknown, path = ''): string[] {
  if (same(a, b)) return [];
  const objects = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (objects(a) && objects(b)) {
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])];
    return keys.flatMap((k) =>
      leafChanges((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k),
    );
  }
  return [`${path ? `${path}: ` : ''}${show(a)} → ${show(b)}`];
}

const MAX_LINES_PER_SECTION = 12;

/**
 * A human summary of what changed between two configurations, one line per change, in Russian and
 * English: «Темы обращений: добавлено «Справка»». Used by the audit log and before saving.
 */
export function diffConfigs(prev: Record<string, unknown> | null, next: Record<string, unknown>): LocalText[] {
  if (!prev) return [{ ru: 'Первоначальная настройка офиса', en: 'Initial office configuration' }];
  const out: LocalText[] = [];
  const keys = [...new Set([...Object.keys(prev), ...Object.keys(next)])];
  for (const key of keys) {
    const a = prev[key];
    const b = next[key];
    if (same(a, b)) continue;
    const sec = sectionName(key);
    const lines: LocalText[] = [];
    if (isIdList(a ?? []) && isIdList(b ?? [])) {
      const before = new Map((a as Item[] | undefined)?.map((x) => [x.id, x]));
      const after = new Map((b as Item[] | undefined)?.map((x) => [x.id, x]));
      for (const [id, x] of after)
        if (!before.has(id)) lines.push({ ru: `добавлено «${itemName(x)}»`, en: `added "${itemName(x, 'en')}"` });
      for (const [id, x] of before)
        if (!after.has(id)) lines.push({ ru: `удалено «${itemName(x)}»`, en: `removed "${itemName(x, 'en')}"` });
      for (const [id, x] of after) {
        const old = before.get(id);
        if (!old || same(old, x)) continue;
        const what = leafChanges(old, x).join('; ');
        lines.push({ ru: `изменено «${itemName(x)}» (${what})`, en: `changed "${itemName(x, 'en')}" (${what})` });
      }
      const order = (m: Map<string, Item>) => [...m.keys()].filter((id) => before.has(id) && after.has(id));
      if (lines.length === 0 && !same(order(before), order(after)))
        lines.push({ ru: 'изменён порядок', en: 'order changed' });
    } else {
      for (const l of leafChanges(a, b)) lines.push({ ru: l, en: l });
    }
    const shown = lines.slice(0, MAX_LINES_PER_SECTION);
    if (lines.length > shown.length)
      shown.push({ ru: `и ещё ${lines.length - shown.length}`, en: `and ${lines.length - shown.length} more` });
    for (const l of shown) out.push({ ru: `${sec.ru}: ${l.ru}`, en: `${sec.en}: ${l.en}` });
  }
  return out;
}
