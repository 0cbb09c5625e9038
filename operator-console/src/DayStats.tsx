import type { EngineState, OperatorDay, OperatorSession } from '@talon/protocol';
import { call, download, formatElapsed, useI18n } from '@talon/ui';
import { useEffect, useState } from 'react';
import { S } from './strings.js';

const REFRESH_MS = 60_000;

function getDay(token: string): Promise<OperatorDay | null> {
  return call('operatorDay', {}, { token, timeoutMs: 8000 }).catch(() => null);
}

/** The printable desk identifier (seed 001 §3.9) opens as a PDF in a new tab. */
async function openDeskCard(token: string) {
  const card = await download('deskCard', {}, { token }).catch(() => null);
  if (!card) return;
  const url = URL.createObjectURL(card.blob);
  const a = document.createElement('a');
  a.href = url;
  a.target = '_blank';
  a.rel = 'noopener';
  a.download = 'desk-card.pdf';
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Served, average service time and ratings for today, from the server's visits and ratings. */
export function DayStats({ token, state, me }: { token: string; state: EngineState; me: OperatorSession }) {
  const { t } = useI18n();
  const [day, setDay] = useState<OperatorDay | null>(null);
  // Refetch when a visit of mine ends or is rated; the live state tells when, the server tells the figures.
  const rated = Object.values(state.recentVisits ?? {}).filter(
    (v) => v.operatorId === me.operatorId && v.ratedAt !== undefined,
  ).length;
  const key = `${me.ticketId}|${me.status}|${rated}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is the trigger to refetch, not an input
  useEffect(() => {
    let stop = false;
    const load = () => void getDay(token).then((d) => !stop && d && setDay(d));
    // the server commits the projection before it broadcasts, so the figures are there when the event is
    const first = setTimeout(load, 0);
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stop = true;
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [token, key]);

  return (
    <section className="day card" data-testid="day-stats" aria-labelledby="day-title">
      <h2 id="day-title">{t(S.dayTitle)}</h2>
      <dl className="day-figures">
        <div>
          <dt>{t(S.dayServed)}</dt>
          <dd data-testid="day-served">{day?.served ?? '—'}</dd>
        </div>
        <div>
          <dt>{t(S.dayAvg)}</dt>
          <dd data-testid="day-avg-service">
            {day?.avgServiceSec != null ? formatElapsed(day.avgServiceSec * 1000) : '—'}
          </dd>
        </div>
        <div>
          <dt>{t(S.dayWithin)}</dt>
          <dd data-testid="day-within">{day ? `${day.withinServiceNorm} / ${day.served}` : '—'}</dd>
        </div>
        <div>
          <dt>{t(S.dayRatings)}</dt>
          <dd data-testid="day-ratings" data-count={day?.ratings.count ?? 0}>
            {day ? `${day.ratings.count}` : '—'}
            {day?.ratings.average != null && (
              <span className="day-rating-avg" data-testid="day-rating-avg">
                {' '}
                ★ {day.ratings.average.toFixed(1)}
              </span>
            )}
          </dd>
        </div>
      </dl>
      <button type="button" className="btn day-desk" data-testid="desk-card" onClick={() => void openDeskCard(token)}>
        {t(S.deskCard)}
      </button>
    </section>
  );
}
