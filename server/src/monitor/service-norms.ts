import {
  type AlarmSettings,
  type AlarmSubject,
  type EngineState,
  type LocalText,
  serviceNormMin,
  type Ticket,
} from '@talon/protocol';
import type { AlarmCondition } from './evaluate.js';

const MIN = 60_000;

/** «в окне 3» / «в кабинете 3», as the visitor reads it on the board. */
function placeOf(state: Readonly<EngineState>, t: Ticket): LocalText {
  const w = state.config?.windows.find((x) => x.id === t.windowId);
  if (!w) return { ru: '', en: '' };
  return w.kind === 'cabinet'
    ? { ru: ` в кабинете ${w.number}`, en: ` in room ${w.number}` }
    : { ru: ` в окне ${w.number}`, en: ` at window ${w.number}` };
}

const whole = (min: number) => String(Math.max(1, Math.ceil(min)));

/**
 * Alarms about visits in service (seed 001 §3.5): before and after the visit's service norm (the
 * same norm the operator console colours by, onboarding minutes included) and the total-visit norm
 * (from the ticket's issue). A visit leaves these conditions when its service ends or is handed on.
 */
export function serviceNormAlarms(
  state: Readonly<EngineState>,
  settings: AlarmSettings,
  now: number,
): AlarmCondition[] {
  const config = state.config;
  if (!config) return [];
  const out: AlarmCondition[] = [];
  const totalNorm = config.rules.totalNormMin;
  for (const t of Object.values(state.tickets)) {
    if (t.status !== 'serving' || t.startedAt === undefined) continue;
    const place = placeOf(state, t);
    const subject: AlarmSubject = { ticketId: t.id, number: t.number, serviceId: t.serviceId };
    if (t.windowId) subject.windowId = t.windowId;
    if (t.operatorId) subject.operatorId = t.operatorId;

    const norm = serviceNormMin(config, t);
    if (norm !== undefined) {
      // earlier segments (before a transfer) count, as on the console's bar
      const servedMs = t.servedSec * 1000 + (now - t.startedAt);
      const left = norm * MIN - servedMs;
      const normText: LocalText = t.digitalOnboarding
        ? { ru: `${norm} мин (с подключением к цифровым сервисам)`, en: `${norm} min (with digital onboarding)` }
        : { ru: `${norm} мин`, en: `${norm} min` };
      if (left < 0)
        out.push({
          key: `service-norm-passed:${t.id}`,
          kind: 'service-norm-passed',
          severity: 'critical',
          subject,
          message: {
            ru: `Талон ${t.number} обслуживается${place.ru} дольше норматива ${normText.ru}`,
            en: `Ticket ${t.number} has been in service${place.en} past the norm of ${normText.en}`,
          },
        });
      else if (left <= settings.serviceSoonMin * MIN)
        out.push({
          key: `service-norm-soon:${t.id}`,
          kind: 'service-norm-soon',
          severity: 'warning',
          subject,
          message: {
            ru: `Талон ${t.number}${place.ru}: норматив обслуживания ${normText.ru} истечёт через ${whole(left / MIN)} мин`,
            en: `Ticket ${t.number}${place.en} will pass its service norm of ${normText.en} in ${whole(left / MIN)} min`,
          },
        });
    }

    // a walk-in has no ticket time to count from (live-queue mode; the console shows no total either)
    if (totalNorm !== undefined && !t.walkIn) {
      const left = totalNorm * MIN - (now - t.issuedAt);
      if (left < 0)
        out.push({
          key: `total-norm-passed:${t.id}`,
          kind: 'total-norm-passed',
          severity: 'critical',
          subject,
          message: {
            ru: `Талон ${t.number}${place.ru}: визит дольше общего норматива ${totalNorm} мин`,
            en: `Ticket ${t.number}${place.en}: the visit has lasted past the total norm of ${totalNorm} min`,
          },
        });
      else if (left <= settings.totalSoonMin * MIN)
        out.push({
          key: `total-norm-soon:${t.id}`,
          kind: 'total-norm-soon',
          severity: 'warning',
          subject,
          message: {
            ru: `Талон ${t.number}${place.ru}: общий норматив визита ${totalNorm} мин истечёт через ${whole(left / MIN)} мин`,
            en: `Ticket ${t.number}${place.en} will pass the total visit norm of ${totalNorm} min in ${whole(left / MIN)} min`,
          },
        });
    }
  }
  return out;
}
