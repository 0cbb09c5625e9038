import type { PublicOffice, PublicSlots } from '@talon/protocol';
import { toUiError, type UiError } from '@talon/ui/errors';
import { useI18n } from '@talon/ui/i18n';
import { useEffect, useState } from 'react';
import { api, type Place } from './api.js';
import { ErrorNote } from './common.js';
import { dayAndMonth, timeOf, weekdayOf, zoneName } from './format.js';
import { S } from './strings.js';

interface Props {
  place: Place;
  office: Pick<PublicOffice, 'timeZone' | 'days'>;
  serviceId: string;
  /** The slot the booking holds now (moving): shown, not offered. */
  current?: number;
  onPick: (slotAt: number) => void;
}

const DAYS_A_PAGE = 6;

/** A day, then a free time of it; full times are shown, disabled, so the visitor sees the day as it is. */
export function SlotPicker({ place, office, serviceId, current, onPick }: Props) {
  const { t, lang } = useI18n();
  const [day, setDay] = useState<string | null>(null);
  const [slots, setSlots] = useState<PublicSlots | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [page, setPage] = useState(0);
  const pages = Math.ceil(office.days.length / DAYS_A_PAGE);
  const shown = office.days.slice(page * DAYS_A_PAGE, (page + 1) * DAYS_A_PAGE);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the visitor's «try again»
  useEffect(() => {
    if (!day) return;
    let live = true;
    setSlots(null);
    setError(null);
    api
      .slots(place, serviceId, day)
      .then((r) => live && setSlots(r))
      .catch((e) => live && setError(toUiError(e)));
    return () => {
      live = false;
    };
  }, [place, serviceId, day, attempt]);

  return (
    <div className="slot-picker">
      <h2>{t(S.chooseDay)}</h2>
      <div className="chips" data-testid="days">
        {shown.map((d) => (
          <button
            key={d}
            type="button"
            className="btn chip"
            aria-pressed={d === day}
            data-testid={`day-${d}`}
            onClick={() => setDay(d)}
          >
            <small>{weekdayOf(d, lang)}</small>
            <b className="chip-day">{dayAndMonth(d, lang).day}</b>
            <small>{dayAndMonth(d, lang).month}</small>
          </button>
        ))}
      </div>
      {pages > 1 && (
        <div className="day-pages">
          <button
            type="button"
            className="btn"
            data-testid="days-earlier"
            disabled={page === 0}
            onClick={() => setPage((p) => p - 1)}
          >
            ← {t(S.earlier)}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="days-later"
            disabled={page >= pages - 1}
            onClick={() => setPage((p) => p + 1)}
          >
            {t(S.later)} →
          </button>
        </div>
      )}
      {day && (
        <>
          <h2>{t(S.chooseTime)}</h2>
          <p className="hint">{t(S.timesIn, { zone: zoneName(office.timeZone, lang) })}</p>
          {error && <ErrorNote error={error} onRetry={() => setAttempt((n) => n + 1)} />}
          {!error && !slots && <p className="hint">{t(S.loading)}</p>}
          {slots && slots.slots.length === 0 && <p className="notice">{t(S.noSlots)}</p>}
          {slots && slots.slots.length > 0 && (
            <div className="times" data-testid="slots">
              {slots.slots.map((x) => {
                const full = x.taken >= x.capacity || x.at === current;
                return (
                  <button
                    key={x.at}
                    type="button"
                    className="btn time"
                    disabled={full}
                    data-testid={`slot-${x.at}`}
                    onClick={() => onPick(x.at)}
                  >
                    <span>{timeOf(x.at, office.timeZone, lang)}</span>
                    {full && x.at !== current && <small>{t(S.slotFull)}</small>}
                  </button>
                );
              })}
            </div>
          )}
        </>
      )}
    </div>
  );
}
