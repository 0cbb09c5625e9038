import { type AlarmSettings, HQ_ATTENTION_TEXT, type HqLinkStatus } from '@talon/protocol';
import { DateTime } from 'luxon';
import type { AlarmCondition } from '../monitor/evaluate.js';

const MIN = 60_000;

/**
 * The head-office link's alarms on the admin monitor: events waiting too long to reach head office
 * (the link is down or refused), and head office seeing this office's log go back or fork.
 */
export function hqAlarms(hq: HqLinkStatus | null | undefined, settings: AlarmSettings, now: number, timeZone = 'UTC') {
  const out: AlarmCondition[] = [];
  if (!hq?.configured) return out;
  const oldest = hq.backlog.oldestAt;
  const limitMin = settings.hqBacklogMaxMin;
  if (oldest !== null && now - oldest > limitMin * MIN) {
    const ageMin = Math.floor((now - oldest) / MIN);
    const since = DateTime.fromMillis(oldest, { zone: timeZone }).toFormat('dd.MM.yyyy HH:mm');
    const why = hq.lastError ? ` (${hq.lastError.message.ru})` : '';
    const whyEn = hq.lastError ? ` (${hq.lastError.message.en})` : '';
    out.push({
      key: 'hq-backlog',
      kind: 'hq-backlog',
      // a whole working day unseen by head office is more than a warning
      severity: ageMin >= 8 * 60 ? 'critical' : 'warning',
      subject: {},
      message: {
        ru: `События не доходят до головного офиса ${ageMin} мин (с ${since}), в очереди на отправку: ${hq.backlog.count}${why}. Офис работает как обычно; всё будет отправлено, когда связь вернётся.`,
        en: `Events have not reached head office for ${ageMin} min (since ${since}); waiting to be sent: ${hq.backlog.count}${whyEn}. The office works as usual; everything is sent once the link is back.`,
      },
    });
  }
  if (hq.attention)
    out.push({
      key: 'hq-attention',
      kind: 'hq-attention',
      severity: 'warning',
      subject: {},
      message: HQ_ATTENTION_TEXT[hq.attention],
    });
  return out;
}
