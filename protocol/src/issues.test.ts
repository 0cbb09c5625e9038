import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OfficeConfig } from './config.js';
import { bilingualIssue, fieldIssues, ISSUE_WORDS, issueText, issueWord } from './issues.js';

const CYRILLIC = /[А-Яа-яЁё]/;
const LATIN_WORD = /\b[a-z]{3,}\b/;

describe('validation issues in two languages', () => {
  it('words every built-in check in Russian with no English word, and in English', () => {
    const schema = z
      .object({
        name: z.string().min(1),
        code: z.string().min(3).max(5),
        count: z.number().int().min(1).max(10),
        ratio: z.number().positive(),
        list: z.array(z.string()).min(2),
        kind: z.enum(['a', 'b']),
        flag: z.boolean(),
        step: z.number().multipleOf(5),
        mail: z.email(),
      })
      .strict();
    const r = schema.safeParse({
      name: '',
      code: 'toolong',
      count: 0.5,
      ratio: 0,
      list: [],
      kind: 'c',
      flag: 'yes',
      step: 7,
      mail: 'x',
      extra: 1,
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    const out = fieldIssues(r.error);
    expect(out.map((i) => i.path).sort()).toEqual(
      ['', 'code', 'count', 'flag', 'kind', 'list', 'mail', 'name', 'ratio', 'step'].sort(),
    );
    for (const i of out) {
      expect(i.message.ru, i.path).toMatch(CYRILLIC);
      // values and field names may be Latin (they are the request's own); the wording is not
      const wording = i.message.ru.replace(/"[^"]*"|[a-z]+(?=,|$)/g, '');
      expect(wording, `${i.path}: ${i.message.ru}`).not.toMatch(LATIN_WORD);
      expect(i.message.en, i.path).not.toMatch(CYRILLIC);
    }
    const by = new Map(out.map((i) => [i.path, i.message]));
    expect(by.get('name')).toEqual({ ru: 'обязательно для заполнения', en: 'required' });
    expect(by.get('code')).toEqual({ ru: 'не больше 5 символов', en: 'at most 5 characters' });
    expect(by.get('list')).toEqual({ ru: 'не меньше 2 элементов', en: 'at least 2 items' });
    expect(by.get('ratio')).toEqual({ ru: 'больше 0', en: 'more than 0' });
    expect(by.get('flag')).toEqual({ ru: 'ожидается да или нет', en: 'expected true or false' });
    expect(by.get('kind')).toEqual({ ru: 'допустимо: "a", "b"', en: 'allowed: "a", "b"' });
    expect(by.get('')).toEqual({ ru: 'лишние поля: extra', en: 'unknown fields: extra' });
  });

  it("takes a schema's fixed message from the word list and a refinement's from its params", () => {
    const id = z.string().regex(/^[a-z]+$/, issueWord('latinId'));
    const r1 = id.safeParse('Й');
    expect(r1.success || issueText(r1.error.issues[0] as z.core.$ZodIssue)).toEqual({
      ru: ISSUE_WORDS.latinId[0],
      en: ISSUE_WORDS.latinId[1],
    });
    const refined = z.number().superRefine((_, ctx) => ctx.addIssue(bilingualIssue('плохо', 'bad', ['x'])));
    const r2 = refined.safeParse(1);
    expect(r2.success || fieldIssues(r2.error)).toEqual([{ path: 'x', message: { ru: 'плохо', en: 'bad' } }]);
  });

  it("words the office configuration's cross-checks in both languages, with a path prefix", () => {
    const r = OfficeConfig.safeParse({ officeId: 'o' });
    expect(r.success).toBe(false);
    if (r.success) return;
    const out = fieldIssues(r.error, ['norms', 'config']);
    expect(out.length).toBeGreaterThan(0);
    for (const i of out) {
      expect(i.path.startsWith('norms.config')).toBe(true);
      expect(i.message.ru).toMatch(CYRILLIC);
    }
  });
});
