import type { z } from 'zod';
import type { LocalText } from './text.js';
import { pluralRu } from './words.js';

/**
 * One reason a request was refused as invalid, in both languages: the `details` of `VALIDATION_FAILED`.
 * zod's own messages are English only; a Russian screen must never show them, so every issue is
 * worded here from its code and figures, and the schemas' own messages come from `ISSUE_WORDS`.
 */
export interface FieldIssue {
  /** Dotted path of the field (`services.0.waitNormMin`); empty for the whole request. */
  path: string;
  message: LocalText;
}

/** The fixed messages schemas attach to a check. The English text is what zod carries; Russian is looked up. */
export const ISSUE_WORDS = {
  latinId: ['латинские буквы, цифры, _ . -', 'latin letters, digits, _ . -'],
  login: ['латинские буквы, цифры, _ . @ -', 'latin letters, digits, _ . @ -'],
  password8: ['не короче 8 символов', 'at least 8 characters'],
  password10: ['не короче 10 символов', 'at least 10 characters'],
  accountNumber: ['лицевой счёт: 4–20 букв или цифр', 'account number: 4–20 letters or digits'],
  hqCode: ['код: буквы, цифры, - и _', 'code: letters, digits, - and _'],
  day: ['дата в виде ГГГГ-ММ-ДД', 'a date as YYYY-MM-DD'],
  ticketId: ['нужен номер талона', 'a ticket id is required'],
  topicOrService: ['нужна тема или услуга', 'topicId or serviceId is required'],
  codeOrPhone: ['нужен код записи или номер телефона', 'either code or phone is required'],
  payloadObject: ['данные события должны быть объектом', 'payload must be an object'],
  tcpOrAgent: [
    'через API можно задать только принтеры tcp:// или agent:',
    'only tcp:// or agent: printers can be set over the API',
  ],
} as const satisfies Record<string, readonly [ru: string, en: string]>;

/** The English message of a fixed word, as a schema check's message argument. */
export const issueWord = (key: keyof typeof ISSUE_WORDS): string => ISSUE_WORDS[key][1];

const RU_OF_EN = new Map<string, string>(Object.values(ISSUE_WORDS).map(([ru, en]) => [en, ru]));

/** A custom issue in both languages, for `ctx.addIssue(...)` in a schema's refinement. */
export function bilingualIssue(
  ru: string,
  en: string,
  path?: PropertyKey[],
): { code: 'custom'; message: string; params: LocalText; path?: PropertyKey[] } {
  return path
    ? { code: 'custom', message: en, params: { ru, en }, path }
    : { code: 'custom', message: en, params: { ru, en } };
}

const KIND: Record<string, readonly [string, string]> = {
  string: ['строка', 'a string'],
  number: ['число', 'a number'],
  int: ['целое число', 'a whole number'],
  bigint: ['целое число', 'a whole number'],
  boolean: ['да или нет', 'true or false'],
  object: ['объект', 'an object'],
  array: ['список', 'a list'],
  date: ['дата', 'a date'],
  null: ['пусто (null)', 'null'],
  undefined: ['пусто', 'nothing'],
};

const FORMAT: Record<string, readonly [string, string]> = {
  email: ['адрес электронной почты', 'an e-mail address'],
  url: ['адрес (URL)', 'a URL'],
  uuid: ['идентификатор UUID', 'a UUID'],
  datetime: ['дата и время ISO 8601', 'an ISO 8601 date and time'],
  date: ['дата ГГГГ-ММ-ДД', 'a date YYYY-MM-DD'],
  time: ['время ЧЧ:ММ', 'a time HH:MM'],
  ipv4: ['адрес IPv4', 'an IPv4 address'],
  ipv6: ['адрес IPv6', 'an IPv6 address'],
  regex: ['значение в нужном формате', 'a value in the expected format'],
  starts_with: ['значение с нужным началом', 'a value with the expected start'],
  ends_with: ['значение с нужным окончанием', 'a value with the expected end'],
};

function sizeText(origin: string, n: number, more: boolean, inclusive: boolean): LocalText {
  const at = more ? ['не меньше', 'at least'] : ['не больше', 'at most'];
  const strict = more ? ['больше', 'more than'] : ['меньше', 'less than'];
  const [ru, en] = inclusive ? at : strict;
  if (origin === 'string') {
    if (more && inclusive && n === 1) return { ru: 'обязательно для заполнения', en: 'required' };
    return { ru: `${ru} ${n} ${pluralRu(n, 'символа', 'символов', 'символов')}`, en: `${en} ${n} characters` };
  }
  if (origin === 'array' || origin === 'set' || origin === 'map')
    return {
      ru: `${ru} ${n} ${pluralRu(n, 'элемента', 'элементов', 'элементов')}`,
      en: `${en} ${n} item${n === 1 ? '' : 's'}`,
    };
  if (origin === 'file') return { ru: `размер ${ru} ${n} байт`, en: `size ${en} ${n} bytes` };
  return { ru: `${ru} ${n}`, en: `${en} ${n}` };
}

const quoted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

/** A zod issue worded in Russian and English, from its code and figures (never zod's English text alone). */
export function issueText(issue: z.core.$ZodIssue): LocalText {
  switch (issue.code) {
    case 'custom': {
      const p = issue.params as Partial<LocalText> | undefined;
      if (p?.ru && p.en) return { ru: p.ru, en: p.en };
      const ru = RU_OF_EN.get(issue.message);
      return { ru: ru ?? 'неверное значение', en: issue.message };
    }
    case 'invalid_type': {
      const [ru, en] = KIND[issue.expected] ?? ['другое значение', `${issue.expected}`];
      return { ru: `ожидается ${ru}`, en: `expected ${en}` };
    }
    case 'too_small':
      return sizeText(issue.origin, Number(issue.minimum), true, issue.inclusive !== false);
    case 'too_big':
      return sizeText(issue.origin, Number(issue.maximum), false, issue.inclusive !== false);
    case 'invalid_format': {
      const ru = RU_OF_EN.get(issue.message);
      if (ru) return { ru, en: issue.message };
      const [what, whatEn] = FORMAT[issue.format] ?? ['значение в нужном формате', `a valid ${issue.format}`];
      return { ru: `ожидается ${what}`, en: `expected ${whatEn}` };
    }
    case 'not_multiple_of':
      return { ru: `должно быть кратно ${issue.divisor}`, en: `must be a multiple of ${issue.divisor}` };
    case 'unrecognized_keys':
      return { ru: `лишние поля: ${issue.keys.join(', ')}`, en: `unknown fields: ${issue.keys.join(', ')}` };
    case 'invalid_value':
      return { ru: `допустимо: ${quoted(issue.values)}`, en: `allowed: ${quoted(issue.values)}` };
    case 'invalid_key':
      return { ru: 'неверный ключ', en: 'invalid key' };
    case 'invalid_element':
      return { ru: 'неверный элемент', en: 'invalid element' };
    default:
      return { ru: 'неверное значение', en: 'invalid value' };
  }
}

/** A `VALIDATION_FAILED` detail list from a zod error, with an optional path prefix. */
export function fieldIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path].map(String).join('.'),
    message: issueText(i),
  }));
}

/** One hand-made detail. */
export const fieldIssue = (path: string, ru: string, en: string): FieldIssue => ({ path, message: { ru, en } });
