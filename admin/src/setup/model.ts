import {
  type CompleteSetupInput,
  type FieldIssue,
  fieldIssues,
  type LocalText,
  type NormPresetId,
  OfficeConfig,
  SetupAdmin,
  type SetupPreset,
  setupHallIssues,
  WEEKDAYS,
  type Weekday,
  type WeekSchedule,
} from '@talon/protocol';
import type { Pair } from '@talon/ui';
import { W } from './strings.js';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export type Step = 'office' | 'norms' | 'hall' | 'admin';
export const STEPS: Step[] = ['office', 'norms', 'hall', 'admin'];

export interface DayHours {
  office: boolean;
  officeFrom: string;
  officeTo: string;
  reception: boolean;
  receptionFrom: string;
  receptionTo: string;
}

export type Norms =
  | { kind: 'preset'; preset: NormPresetId }
  | { kind: 'file'; fileName: string; config: OfficeConfig }
  | null;

export interface Draft {
  nameRu: string;
  nameEn: string;
  address: string;
  timeZone: string;
  norms: Norms;
  /** The preset the windows and hours were last filled from (the person's own edits are kept after). */
  hallFrom: NormPresetId | null;
  windows: number[];
  cabinets: number[];
  days: Record<Weekday, DayHours>;
  login: string;
  adminName: string;
  password: string;
  password2: string;
  /** Optional: head office's address and this office's key there, sent only once head office answered. */
  hqOn: boolean;
  hqUrl: string;
  hqKey: string;
  hqChecked: HqChecked | null;
}

/** Head office answered a check of this address and key: how it knows the office. */
export interface HqChecked {
  url: string;
  key: string;
  name: LocalText;
  code: string;
}

/** Problems of the current step, by field: a UI string and its values. */
export type Issues = Map<string, { pair: Pair; vars?: Record<string, string | number> }>;

function dayOf(office: WeekSchedule, reception: WeekSchedule, d: Weekday): DayHours {
  const o = office[d] ?? [];
  const r = reception[d] ?? [];
  return {
    office: o.length > 0,
    officeFrom: o[0]?.[0] ?? '09:00',
    officeTo: o.at(-1)?.[1] ?? '18:00',
    reception: r.length > 0,
    receptionFrom: r[0]?.[0] ?? o[0]?.[0] ?? '09:00',
    receptionTo: r.at(-1)?.[1] ?? o.at(-1)?.[1] ?? '18:00',
  };
}

export function emptyDraft(timeZone: string): Draft {
  return {
    nameRu: '',
    nameEn: '',
    address: '',
    timeZone,
    norms: null,
    hallFrom: null,
    windows: [1, 2, 3, 4],
    cabinets: [],
    days: Object.fromEntries(WEEKDAYS.map((d) => [d, dayOf({}, {}, d)])) as Record<Weekday, DayHours>,
    login: '',
    adminName: '',
    password: '',
    password2: '',
    hqOn: false,
    hqUrl: 'https://',
    hqKey: '',
    hqChecked: null,
  };
}

/** A preset chosen for the first time fills the windows and hours with its office's. */
export function withPreset(d: Draft, p: SetupPreset): Draft {
  const norms: Norms = { kind: 'preset', preset: p.id };
  if (d.hallFrom !== null) return { ...d, norms };
  const { officeHours, receptionHours } = p.defaults;
  return {
    ...d,
    norms,
    hallFrom: p.id,
    windows: [...p.defaults.windows],
    cabinets: [...p.defaults.cabinets],
    days: Object.fromEntries(WEEKDAYS.map((day) => [day, dayOf(officeHours, receptionHours, day)])) as Record<
      Weekday,
      DayHours
    >,
  };
}

/** `count` numbers: the ones there are, then the next free ones. */
export function resize(list: number[], count: number, taken: number[] = []): number[] {
  const n = Math.max(0, Math.min(99, Math.floor(count) || 0));
  const out = list.slice(0, n);
  let next = Math.max(0, ...out, ...taken) + 1;
  while (out.length < n) out.push(next++);
  return out;
}

export function isTimeZone(tz: string): boolean {
  if (!tz.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz.trim() });
    return true;
  } catch {
    return false;
  }
}

export function schedules(d: Draft): { officeHours: WeekSchedule; receptionHours: WeekSchedule } {
  const officeHours: WeekSchedule = {};
  const receptionHours: WeekSchedule = {};
  for (const day of WEEKDAYS) {
    const h = d.days[day];
    if (!h.office) continue;
    officeHours[day] = [[h.officeFrom, h.officeTo]];
    if (h.reception) receptionHours[day] = [[h.receptionFrom, h.receptionTo]];
  }
  return { officeHours, receptionHours };
}

export function validate(step: Step, d: Draft): Issues {
  const out: Issues = new Map();
  if (step === 'office') {
    if (!d.nameRu.trim()) out.set('nameRu', { pair: W.required });
    if (!isTimeZone(d.timeZone)) out.set('timeZone', { pair: W.timeZoneBad });
  }
  if (step === 'norms' && d.norms === null) out.set('norms', { pair: W.chooseNorms });
  if (step === 'hall' && d.norms?.kind === 'preset') {
    const bad = (from: string, to: string) => !HHMM.test(from) || !HHMM.test(to) || !(from < to);
    for (const day of WEEKDAYS) {
      const h = d.days[day];
      if (h.office && bad(h.officeFrom, h.officeTo)) out.set(`day.${day}.office`, { pair: W.badRange });
      if (h.office && h.reception && bad(h.receptionFrom, h.receptionTo))
        out.set(`day.${day}.reception`, { pair: W.badRange });
    }
    if (out.size > 0) return out;
    for (const i of setupHallIssues({ windows: d.windows, cabinets: d.cabinets, ...schedules(d) })) {
      const [key, a] = i.path.split('.');
      const list = key === 'cabinets' ? d.cabinets : d.windows;
      if (key === 'windows' && a === undefined) out.set('windows', { pair: W.oneWindow });
      else if (key === 'windows' || key === 'cabinets')
        out.set(`${key}.${a}`, { pair: W.numberTwice, vars: { n: list[Number(a)] ?? '' } });
      else if (key === 'receptionHours' && a) out.set(`day.${a}.reception`, { pair: W.receptionOutside });
      else if (key === 'receptionHours') out.set('reception', { pair: W.oneReceptionDay });
    }
  }
  if (step === 'admin') {
    const r = SetupAdmin.safeParse({ login: d.login, name: d.adminName, password: d.password });
    if (!r.success)
      for (const i of r.error.issues) {
        const key = String(i.path[0]);
        if (key === 'login') out.set('login', { pair: d.login.trim() ? W.loginBad : W.required });
        if (key === 'name') out.set('adminName', { pair: W.required });
        if (key === 'password') out.set('password', { pair: d.password ? W.passwordWeak : W.required });
      }
    if (!out.has('password') && d.password !== d.password2) out.set('password2', { pair: W.passwordsDiffer });
    if (d.hqOn && !hqReady(d)) out.set('hq', { pair: W.hqCheckFirst });
  }
  return out;
}

/** The head office to connect to: the address and key head office has answered for, as they are now. */
export function hqReady(d: Draft): boolean {
  return d.hqChecked !== null && d.hqChecked.url === d.hqUrl.trim() && d.hqChecked.key === d.hqKey.trim();
}

/** The body the server receives: the same schema checks it there. */
export function toBody(token: string, d: Draft): CompleteSetupInput {
  const body = officeBody(token, d);
  return d.hqOn && hqReady(d) ? { ...body, headOffice: { url: d.hqUrl.trim(), key: d.hqKey.trim() } } : body;
}

function officeBody(token: string, d: Draft): CompleteSetupInput {
  const office = {
    name: { ru: d.nameRu.trim(), ...(d.nameEn.trim() ? { en: d.nameEn.trim() } : {}) },
    timeZone: d.timeZone.trim(),
    ...(d.address.trim() ? { address: d.address.trim() } : {}),
  };
  const admin = { login: d.login.trim(), name: d.adminName.trim(), password: d.password };
  if (d.norms?.kind === 'file') return { token, office, norms: { kind: 'file', config: d.norms.config }, admin };
  return {
    token,
    office,
    norms: { kind: 'preset', preset: d.norms?.preset ?? 'rosatom' },
    hall: { windows: d.windows, cabinets: d.cabinets, ...schedules(d) },
    admin,
  };
}

/** A configuration file read in the browser: checked with the same schema the server uses. */
export function readConfigFile(
  text: string,
): { ok: true; config: OfficeConfig } | { ok: false; notJson: boolean; issues: FieldIssue[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, notJson: true, issues: [] };
  }
  // a file exported with its version wrapper ({ version, config }) is accepted as well
  const candidate =
    json && typeof json === 'object' && 'config' in json && !('officeId' in json)
      ? (json as { config: unknown }).config
      : json;
  const r = OfficeConfig.safeParse(candidate);
  if (r.success) return { ok: true, config: r.data };
  return {
    ok: false,
    notJson: false,
    issues: fieldIssues(r.error).slice(0, 8),
  };
}

/** Which step a server-side validation path belongs to. */
export function stepOfPath(path: string): Step {
  if (path.startsWith('office')) return 'office';
  if (path.startsWith('norms')) return 'norms';
  if (path.startsWith('hall')) return 'hall';
  // headOffice is asked on the last step, with the administrator
  return 'admin';
}
