import { z } from 'zod';
import { NORM_PRESET_IDS, type NormPresetId, UserCreateBody } from '../admin.js';
import { Id, OfficeConfig, WEEKDAYS, type WeekSchedule, WeekSchedule as WeekScheduleSchema } from '../config.js';
import { bilingualIssue, type FieldIssue, fieldIssue, issueWord } from '../issues.js';
import type { LocalText } from '../text.js';
import { route } from './define.js';
import { HqLinkBody } from './hq-link.js';
import { typed } from './typed.js';

/**
 * First-run setup (docs/first-run-setup.md): a server started on an empty data folder without `--demo`
 * prints a one-time link; whoever opens it configures the office and creates its configuration
 * administrator. The routes are public (nobody can sign in yet); the link's token is the proof.
 */

/** The rule for the first administrator's password, stated on the page and enforced here. */
export const SETUP_PASSWORD_RULE: LocalText = {
  ru: 'Не короче 10 знаков, обязательно буквы и цифры',
  en: 'At least 10 characters, with both letters and digits',
};

export const SetupPassword = z
  .string()
  .min(10, issueWord('password10'))
  .max(200)
  .refine((p) => /\p{L}/u.test(p), 'letters are required')
  .refine((p) => /\p{Nd}/u.test(p), 'digits are required');

/** The office itself: name (English optional: the Russian one stands in), address, IANA time zone. */
export const SetupOffice = z
  .object({
    name: z
      .object({
        ru: z.string().trim().min(1).max(200),
        en: z.string().trim().max(200).optional(),
      })
      .strict(),
    address: z.string().trim().max(300).optional(),
    /** Checked against the IANA database on the server (luxon). */
    timeZone: z.string().trim().min(1).max(64),
    /** The office's code for head office; the server makes one when absent. */
    officeId: Id.optional(),
  })
  .strict();
export type SetupOffice = z.infer<typeof SetupOffice>;

/** Norms and menu: one of the four standards' presets, or a whole configuration exported from another office. */
export const SetupNorms = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('preset'), preset: z.enum(NORM_PRESET_IDS) }).strict(),
  z.object({ kind: z.literal('file'), config: OfficeConfig }).strict(),
]);
export type SetupNorms = z.infer<typeof SetupNorms>;

const Numbers = z.array(z.int().min(1).max(999)).max(99);

/** Windows and cabinets by their numbers, and the week's hours (one hall). With a preset only: a file brings its own. */
export const SetupHall = z
  .object({
    windows: Numbers,
    cabinets: Numbers.default([]),
    officeHours: WeekScheduleSchema,
    receptionHours: WeekScheduleSchema,
  })
  .strict();
export type SetupHall = z.infer<typeof SetupHall>;

export const SetupAdmin = z
  .object({
    login: UserCreateBody.shape.login,
    name: z.string().trim().min(1).max(120),
    password: SetupPassword,
  })
  .strict();
export type SetupAdmin = z.infer<typeof SetupAdmin>;

/** What is wrong with a hall's windows and hours, by path: the wizard shows them per field, the server refuses them. */
export function setupHallIssues(hall: z.input<typeof SetupHall>): FieldIssue[] {
  const out: FieldIssue[] = [];
  const cabinets = hall.cabinets ?? [];
  if (hall.windows.length + cabinets.length === 0)
    out.push(fieldIssue('windows', 'нужно хотя бы одно окно', 'at least one window'));
  for (const [key, list] of [
    ['windows', hall.windows],
    ['cabinets', cabinets],
  ] as const)
    list.forEach((n, i) => {
      if (list.indexOf(n) !== i)
        out.push(fieldIssue(`${key}.${i}`, `номер ${n} указан дважды`, `number ${n} is used twice`));
    });
  let receptionDays = 0;
  for (const day of WEEKDAYS) {
    const office = hall.officeHours[day] ?? [];
    const reception = hall.receptionHours[day] ?? [];
    if (reception.length > 0) receptionDays += 1;
    reception.forEach(([from, to], i) => {
      if (!office.some(([a, b]) => a <= from && to <= b))
        out.push(
          fieldIssue(
            `receptionHours.${day}.${i}`,
            'часы приёма должны быть внутри часов работы офиса',
            'reception hours must lie within office hours',
          ),
        );
    });
  }
  if (receptionDays === 0)
    out.push(
      fieldIssue('receptionHours', 'нужен хотя бы один день с часами приёма', 'at least one day with reception hours'),
    );
  return out;
}

export const CompleteSetupBody = z
  .object({
    /** The link's token; a missing or wrong one is refused with SETUP_TOKEN_INVALID, not as invalid input. */
    token: z.string().max(200).default(''),
    office: SetupOffice,
    norms: SetupNorms,
    /** Required with a preset; a configuration file brings its own windows and hours. */
    hall: SetupHall.optional(),
    admin: SetupAdmin,
    /** Optional: head office's address and this office's key there (checked first with `checkSetupHq`). */
    headOffice: HqLinkBody.optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.norms.kind === 'preset' && !b.hall)
      ctx.addIssue(
        bilingualIssue('с типовыми нормами нужны окна и часы работы', 'windows and hours are required with a preset', [
          'hall',
        ]),
      );
    if (b.norms.kind === 'file' && b.hall)
      ctx.addIssue(
        bilingualIssue(
          'файл настроек приносит свои окна и часы работы',
          'a configuration file brings its own windows and hours',
          ['hall'],
        ),
      );
    if (b.hall)
      for (const i of setupHallIssues(b.hall))
        ctx.addIssue(bilingualIssue(i.message.ru, i.message.en, ['hall', ...i.path.split('.')]));
  });
export type CompleteSetupBody = z.infer<typeof CompleteSetupBody>;
export type CompleteSetupInput = z.input<typeof CompleteSetupBody>;

export const SetupTokenBody = z.object({ token: z.string().max(200).default('') }).strict();

/** A preset as the wizard offers it: what it is, its norms, and the office it starts from. */
export interface SetupPreset {
  id: NormPresetId;
  name: LocalText;
  /** The standard and its sections, in words. */
  source: LocalText;
  summary: LocalText;
  services: { id: string; name: LocalText; waitNormMin: number; serviceNormMin: number }[];
  totalNormMin: number | null;
  /** The preset office's windows, cabinets and hours: the wizard's defaults. */
  defaults: { windows: number[]; cabinets: number[]; officeHours: WeekSchedule; receptionHours: WeekSchedule };
}

/** GET /api/setup. The presets and rules only while setup is needed; the token never. */
export type SetupStatus =
  | { needed: false }
  | {
      needed: true;
      presets: SetupPreset[];
      defaultTimeZone: string;
      passwordRule: LocalText;
    };

export interface SetupDone {
  ok: true;
  officeId: string;
  name: LocalText;
  /** The first version of the configuration (the OfficeConfigured event's seq). */
  version: number;
  admin: { login: string; name: string };
}

export const setupRoutes = {
  setupStatus: route({
    method: 'GET',
    path: '/api/setup',
    access: 'public',
    response: typed<SetupStatus>(),
    errors: [],
    summary: 'Whether this server still needs first-run setup; while it does, the presets the wizard offers',
  }),
  checkSetupToken: route({
    method: 'POST',
    path: '/api/setup/check',
    access: 'public',
    body: SetupTokenBody,
    response: z.object({ ok: z.literal(true) }),
    errors: ['SETUP_TOKEN_INVALID', 'ALREADY_SET_UP'],
    summary: "Whether a setup link's token is still good, before the wizard asks anything",
  }),
  completeSetup: route({
    method: 'POST',
    path: '/api/setup',
    access: 'public',
    body: CompleteSetupBody,
    response: typed<SetupDone>(),
    errors: ['SETUP_TOKEN_INVALID', 'ALREADY_SET_UP', 'LOGIN_TAKEN'],
    summary: 'Configures the office and creates its configuration administrator, all at once, with the link token',
  }),
};
