import {
  alarmSettingsOf,
  NORM_PRESET_IDS,
  type NormPresetId,
  type NormPresetInfo,
  OfficeConfig,
  type OfficeConfigInput,
} from '@talon/protocol';
import { belgorod } from './belgorod.js';
import { kostroma } from './kostroma.js';
import { rosatom } from './rosatom.js';
import { rusenergosbyt } from './rusenergosbyt.js';
import type { NormPreset } from './types.js';

export type { NormPreset } from './types.js';

export const PRESETS: Record<NormPresetId, NormPreset> = { rosatom, kostroma, belgorod, rusenergosbyt };

export function isPresetId(id: string): id is NormPresetId {
  return (NORM_PRESET_IDS as readonly string[]).includes(id);
}

export function presetInfo(): NormPresetInfo[] {
  return NORM_PRESET_IDS.map((id) => {
    const p = PRESETS[id];
    return { id, name: p.name, source: p.source, summary: p.summary };
  });
}

const days = (from: string, to: string, which: string[]) => Object.fromEntries(which.map((d) => [d, [[from, to]]]));
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** A complete office on a preset: a starting point for a new office or a demo (`npm start -- --preset`). */
export function presetOffice(id: NormPresetId, overrides: Partial<OfficeConfigInput> = {}): OfficeConfig {
  const p = PRESETS[id];
  const serviceIds = p.services.map((s) => s.id);
  const input: OfficeConfigInput = {
    officeId: `office-${id}`,
    name: { ru: `ЦОК (${p.name.ru})`, en: `Customer office (${p.name.en})` },
    timeZone: 'Europe/Moscow',
    normPreset: id,
    officeHours: { ...days('08:00', '18:00', WEEKDAYS), sat: [['09:00', '14:00']] },
    receptionHours: { ...days('08:30', '17:30', WEEKDAYS), sat: [['09:00', '14:00']] },
    holidays: [],
    halls: [{ id: 'main', name: { ru: 'Клиентский зал', en: 'Customer hall' } }],
    windows: [1, 2, 3, 4].map((n) => ({ id: `w${n}`, number: n, hallId: 'main', kind: 'window' as const })),
    segments: p.segments,
    services: p.services,
    topics: p.topics,
    operators: [1, 2, 3, 4].map((n) => ({ id: `op${n}`, name: `Оператор ${n}`, skills: serviceIds })),
    priorityCategories: p.priorityCategories,
    breakReasons: [
      { id: 'lunch', name: { ru: 'Обед', en: 'Lunch' } },
      { id: 'rest', name: { ru: 'Технологический перерыв', en: 'Short break' } },
      { id: 'backoffice', name: { ru: 'Работа с документами', en: 'Back-office work' } },
    ],
    outcomeCodes: [
      { id: 'resolved', name: { ru: 'Вопрос решён', en: 'Resolved' } },
      { id: 'docs-accepted', name: { ru: 'Документы приняты', en: 'Documents accepted' } },
      { id: 'docs-missing', name: { ru: 'Не хватает документов', en: 'Documents missing' } },
      { id: 'redirected', name: { ru: 'Направлен в другое подразделение', en: 'Sent to another unit' } },
      { id: 'consultation', name: { ru: 'Дана консультация', en: 'Consultation given' } },
    ],
    // a new office records the outcome of every served visit (the console asks for it; the engine refuses without)
    rules:
      p.totalNormMin === undefined
        ? { outcomeRequired: true }
        : { totalNormMin: p.totalNormMin, outcomeRequired: true },
    ...overrides,
  };
  return OfficeConfig.parse(input);
}

/**
 * The office's configuration with a preset's norms, services and menu. The office itself (name,
 * hours, halls, windows, operators and everything else) stays; operators keep the skills that
 * still exist and get every service when none is left.
 */
export function applyPreset(current: OfficeConfig, id: NormPresetId): OfficeConfig {
  const p = PRESETS[id];
  const serviceIds = p.services.map((s) => s.id);
  const { totalNormMin: _old, ...rules } = current.rules;
  const alarms = alarmSettingsOf(current);
  return OfficeConfig.parse({
    ...current,
    normPreset: id,
    segments: p.segments,
    services: p.services,
    topics: p.topics,
    priorityCategories: p.priorityCategories,
    operators: current.operators.map((op) => {
      const kept = op.skills.filter((s) => serviceIds.includes(s));
      return { ...op, skills: kept.length > 0 ? kept : serviceIds };
    }),
    rules: p.totalNormMin === undefined ? rules : { ...rules, totalNormMin: p.totalNormMin },
    alarms: {
      ...alarms,
      queueMaxByService: alarms.queueMaxByService.filter((q) => serviceIds.includes(q.serviceId)),
    },
  });
}
