import { dayKeyOf } from '@talon/engine';
import { alarmSettingsOf, FOLLOW_UP_TYPE_NAMES, followUpSettingsOf, type OfficeConfig } from '@talon/protocol';
import type { AlarmCondition } from '../monitor/evaluate.js';
import { deadlineState } from './calendar.js';
import { calendarOf, type FollowUpService } from './service.js';
import type { FollowUpRow } from './store.js';

const ruDate = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

/**
 * The deadline alarms of the open follow-ups on `today` (pure: the rows and the configuration in).
 * A warning `warnWorkingDays` working days before the last day, critical once it has passed; one alarm
 * per follow-up, so the warning escalates in place (the alarm store sounds it again).
 */
export function followUpAlarms(rows: readonly FollowUpRow[], config: OfficeConfig, today: string): AlarmCondition[] {
  if (alarmSettingsOf(config).off.includes('follow-up-deadline')) return [];
  const cal = calendarOf(config);
  const warn = followUpSettingsOf(config).warnWorkingDays;
  const out: AlarmCondition[] = [];
  for (const r of rows) {
    if (r.status !== 'new' && r.status !== 'in-progress') continue;
    const { state, workingDaysLeft } = deadlineState(cal, today, r.due_day, warn);
    if (state === 'ok') continue;
    const name = FOLLOW_UP_TYPE_NAMES[r.type];
    const what = {
      ru: `обращение №${r.id} (${name.ru.toLowerCase()}${r.ticket_number ? `, талон ${r.ticket_number}` : ''})`,
      en: `follow-up #${r.id} (${name.en.toLowerCase()}${r.ticket_number ? `, ticket ${r.ticket_number}` : ''})`,
    };
    out.push({
      key: `follow-up-deadline:${r.id}`,
      kind: 'follow-up-deadline',
      severity: state === 'missed' ? 'critical' : 'warning',
      subject: { followUpId: r.id },
      message:
        state === 'missed'
          ? {
              ru: `Просрочен срок ответа: ${what.ru}, срок был ${ruDate(r.due_day)}`,
              en: `Answer deadline missed: ${what.en}, it was due ${r.due_day}`,
            }
          : workingDaysLeft === 0
            ? { ru: `Сегодня последний день ответа: ${what.ru}`, en: `Today is the last day to answer ${what.en}` }
            : {
                ru: `Срок ответа подходит: ${what.ru}, ответить до ${ruDate(r.due_day)} включительно`,
                en: `Answer deadline near: ${what.en}, due by ${r.due_day}`,
              },
    });
  }
  return out;
}

/** The monitor's hook: the conditions now, recomputed only when the day, the register or the configuration changed. */
export class FollowUpAlarmSource {
  private memo: { key: string; config: OfficeConfig; out: AlarmCondition[] } | null = null;

  constructor(private readonly service: FollowUpService) {}

  alarms(config: OfficeConfig | null, now: number): AlarmCondition[] {
    if (!config) return [];
    const key = `${dayKeyOf(now, config.timeZone)}#${this.service.version}`;
    if (this.memo && this.memo.key === key && this.memo.config === config) return this.memo.out;
    const today = key.slice(0, 10);
    const out = followUpAlarms(this.service.tables.open(), config, today);
    this.memo = { key, config, out };
    return out;
  }
}
