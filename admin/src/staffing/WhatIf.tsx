import {
  CONFIG_VALUE_CHOICES,
  type PlanHour,
  type StaffingPlan,
  type StaffingReport,
  type WhatIfFigures,
  type WhatIfPlanResult,
  type WordPair,
} from '@talon/protocol';
import { call, formatDate, formatTime, type UiError, useI18n } from '@talon/ui';
import { useEffect, useMemo, useState } from 'react';
import { T } from './strings.js';
import { useWhatIf } from './useWhatIf.js';

/**
 * The what-if (issue 18): a coming day's expected visitors played through the real engine with the
 * advisor's plan and with the plan the office enters, side by side per hour and for the day. The entered plan
 * is kept on the office server (one plan per day for every administrator; the what-if plays it by default).
 */
const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`.replace('.', ',');
/** The office's dispatch rule by its name in the settings, never its id. */
const policyName = (id = 'norm-deadline'): WordPair =>
  CONFIG_VALUE_CHOICES.dispatchPolicy?.find((c) => c.value === id)?.label ?? [id, id];
const asRecord = (hours: readonly PlanHour[]) =>
  Object.fromEntries(hours.map((h) => [h.hour, h.windows])) as Record<number, number>;

export function WhatIf({ token, report }: { token: string; report: StaffingReport }) {
  const { t, tr, lang } = useI18n();
  const days = report.week.filter((d) => d.hours.length > 0 && d.date !== report.now.date);
  const [date, setDate] = useState(days[0]?.date ?? '');
  const day = days.find((d) => d.date === date) ?? days[0];
  // the report is re-read every minute: the advised plan is the same plan while its numbers are
  const advisedText = JSON.stringify((day?.hours ?? []).map((h) => [h.hour, h.recommended]));
  const advised = useMemo(
    () => Object.fromEntries(JSON.parse(advisedText) as [number, number][]) as Record<number, number>,
    [advisedText],
  );
  const [plan, setPlan] = useState<Record<number, number>>({});
  const [checked, setChecked] = useState<string | null>(null);
  const [saved, setSaved] = useState<StaffingPlan | null>(null);
  const [saveError, setSaveError] = useState<UiError | null>(null);

  // a new day: the plan the office keeps for it, or the advised one to start from
  useEffect(() => {
    if (!date) return;
    let live = true;
    setSaved(null);
    setPlan(advised);
    setChecked(null);
    call('staffingPlan', { query: { date } }, { token }).then(
      (p) => {
        if (!live) return;
        setSaved(p);
        if (p.hours) {
          setPlan(asRecord(p.hours));
          setChecked(encode(asRecord(p.hours)));
        }
      },
      (e) => live && setSaveError(e as UiError),
    );
    return () => {
      live = false;
    };
  }, [date, token, advised]);

  const { weeks, targetShare } = report.params;
  const { answer, error } = useWhatIf(
    token,
    day
      ? {
          route: 'staffingWhatIf',
          query: { date: day.date, weeks, target: targetShare, ...(checked ? { entered: checked } : {}) },
        }
      : null,
  );

  if (!day) return null;
  const keep = (hours: PlanHour[]) => {
    setSaveError(null);
    call('saveStaffingPlan', { body: { date: day.date, hours } }, { token }).then(
      (p) => {
        setSaved(p);
        setChecked(p.hours ? encode(asRecord(p.hours)) : null);
      },
      (e) => setSaveError(e as UiError),
    );
  };
  const check = () => keep(Object.entries(plan).map(([h, w]) => ({ hour: Number(h), windows: w })));
  const done = answer?.status === 'done' ? answer : null;
  const proposed = done?.plans.find((p) => p.id === 'proposed');
  const entered = done?.plans.find((p) => p.id === 'entered');

  return (
    <div className="panel staffing-whatif" data-testid="whatif">
      <h3>{t(T.whatIf)}</h3>
      <p className="muted">{t(T.whatIfIntro, { days: done?.days ?? 120, policy: t(policyName(done?.policy)) })}</p>
      <div className="staffing-controls">
        <label>
          {t(T.whatIfDate)}{' '}
          <select data-testid="whatif-date" value={day.date} onChange={(e) => setDate(e.target.value)}>
            {days.map((d) => (
              <option key={d.date} value={d.date}>
                {t(T[d.weekday])} {d.date.slice(8, 10)}.{d.date.slice(5, 7)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="whatif-plan" data-testid="whatif-plan">
        <legend>{t(T.whatIfYourPlan)}</legend>
        <div className="whatif-hours">
          {day.hours.map((h) => (
            <label key={h.hour} className="whatif-hour">
              <span>{pad(h.hour)}</span>
              <input
                type="number"
                min={0}
                max={40}
                inputMode="numeric"
                data-testid={`whatif-hour-${h.hour}`}
                value={plan[h.hour] ?? 0}
                onChange={(e) =>
                  setPlan((p) => ({
                    ...p,
                    [h.hour]: Math.max(0, Math.min(40, Math.floor(Number(e.target.value) || 0))),
                  }))
                }
              />
            </label>
          ))}
        </div>
        <div className="staffing-controls">
          <button type="button" className="btn" data-testid="whatif-copy" onClick={() => setPlan(advised)}>
            {t(T.whatIfCopy)}
          </button>
          <button type="button" className="btn btn-primary" data-testid="whatif-check" onClick={check}>
            {t(T.whatIfCheck)}
          </button>
          {saved?.hours && (
            <button type="button" className="btn" data-testid="whatif-remove" onClick={() => keep([])}>
              {t(T.whatIfRemove)}
            </button>
          )}
        </div>
        {saved?.hours && saved.updatedAt !== null && (
          <p className="muted" data-testid="whatif-saved">
            {t(T.whatIfSaved, {
              when: `${formatDate(saved.updatedAt, lang, report.timeZone)}, ${formatTime(saved.updatedAt, lang, report.timeZone)}`,
            })}{' '}
            {/* a person's name is data, in whatever language it was written */}
            <span translate="no">{saved.updatedBy?.name}</span>
          </p>
        )}
      </fieldset>
      {(error ?? saveError) && (
        <p className="danger-text" role="alert" data-testid="whatif-error">
          {tr((error ?? saveError)?.message ?? { ru: '', en: '' })}
        </p>
      )}
      {answer?.status === 'pending' && (
        <p className="whatif-pending" role="status" data-testid="whatif-pending">
          {t(T.whatIfPending, { done: answer.done, total: answer.total })}
        </p>
      )}
      {done && proposed && (
        <div data-testid="whatif-result" data-date={done.date}>
          {!entered && <p className="muted">{t(T.whatIfNoPlan)}</p>}
          <Summary proposed={proposed} entered={entered} />
          <Hours proposed={proposed} entered={entered} />
          {done.basis.bookings > 0 && (
            <p className="muted" data-testid="whatif-bookings">
              {t(T.whatIfBookings, { n: done.basis.bookings, show: Math.round(done.basis.bookingShowShare * 100) })}
            </p>
          )}
          <p className="muted" data-testid="whatif-basis">
            {t(T.whatIfBasis, {
              n: done.basis.historyVisits,
              p: Math.round(done.basis.patienceMin),
              source: done.basis.patienceFromHistory ? '' : t(T.whatIfPatienceDefault),
              days: done.days,
              cpu: (Math.round(done.cpuMs / 100) / 10).toLocaleString('ru-RU'),
            })}
          </p>
        </div>
      )}
    </div>
  );
}

const encode = (plan: Record<number, number>) =>
  Object.entries(plan)
    .map(([h, w]) => `${h}:${w}`)
    .join(',');

function Summary({ proposed, entered }: { proposed: WhatIfPlanResult; entered: WhatIfPlanResult | undefined }) {
  const { t } = useI18n();
  const rows: [string, (f: WhatIfFigures) => string, string][] = [
    [t(T.whatIfWithin), (f) => pct(f.withinShare), 'within'],
    [t(T.whatIfP90), (f) => t(T.whatIfMin, { n: Math.round(f.p90WaitMin) }), 'p90'],
    [t(T.whatIfLeave), (f) => pct(f.abandonedShare), 'leave'],
  ];
  return (
    <table className="whatif-summary" data-testid="whatif-summary">
      <thead>
        <tr>
          <th>{t(T.whatIfDay)}</th>
          <th>{t(T.whatIfProposed)}</th>
          {entered && <th>{t(T.whatIfEntered)}</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, show, id]) => (
          <tr key={id} data-row={id}>
            <td>{label}</td>
            <td data-plan="proposed">{show(proposed.day)}</td>
            {entered && <td data-plan="entered">{show(entered.day)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Hours({ proposed, entered }: { proposed: WhatIfPlanResult; entered: WhatIfPlanResult | undefined }) {
  const { t } = useI18n();
  const windows = (p: WhatIfPlanResult | undefined, hour: number) => p?.plan.find((x) => x.hour === hour)?.windows;
  const pair = (a: string, b: string | undefined, worse?: boolean) => (
    <>
      <td>{a}</td>
      {b !== undefined && <td data-worse={worse ?? false}>{b}</td>}
    </>
  );
  const sub = entered ? 2 : 1;
  return (
    <div className="staffing-scroll">
      <table className="whatif-hours-table" data-testid="whatif-hours">
        <thead>
          <tr>
            <th rowSpan={entered ? 2 : 1}>{t(T.hour)}</th>
            <th rowSpan={entered ? 2 : 1}>{t(T.forecast)}</th>
            <th colSpan={sub}>{t(T.whatIfWindows)}</th>
            <th colSpan={sub}>{t(T.whatIfWithin)}</th>
            <th colSpan={sub}>{t(T.whatIfP90Short)}</th>
            <th colSpan={sub}>{t(T.whatIfLeaveShort)}</th>
          </tr>
          {entered && (
            <tr>
              {[0, 1, 2, 3].map((i) => (
                <HeadPair key={i} />
              ))}
            </tr>
          )}
        </thead>
        <tbody>
          {proposed.hours.map((h) => {
            const e = entered?.hours.find((x) => x.hour === h.hour);
            // nobody expected: shares and waits of no one are not figures
            if (h.tickets < 0.05)
              return (
                <tr key={h.hour} data-hour={h.hour} data-empty="true">
                  <td>{pad(h.hour)}</td>
                  <td>0</td>
                  {pair(
                    String(windows(proposed, h.hour) ?? 0),
                    entered ? String(windows(entered, h.hour) ?? 0) : undefined,
                  )}
                  <td colSpan={entered ? 6 : 3} className="muted whatif-nobody">
                    {t(T.whatIfNobody)}
                  </td>
                </tr>
              );
            return (
              <tr key={h.hour} data-hour={h.hour}>
                <td>{pad(h.hour)}</td>
                <td>{(Math.round(h.tickets * 10) / 10).toLocaleString('ru-RU')}</td>
                {pair(
                  String(windows(proposed, h.hour) ?? 0),
                  entered ? String(windows(entered, h.hour) ?? 0) : undefined,
                )}
                {pair(
                  pct(h.withinShare),
                  e ? pct(e.withinShare) : undefined,
                  e ? e.withinShare < h.withinShare - 0.05 : false,
                )}
                {pair(
                  t(T.whatIfMin, { n: Math.round(h.p90WaitMin) }),
                  e ? t(T.whatIfMin, { n: Math.round(e.p90WaitMin) }) : undefined,
                )}
                {pair(pct(h.abandonedShare), e ? pct(e.abandonedShare) : undefined)}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function HeadPair() {
  const { t } = useI18n();
  return (
    <>
      <th>{t(T.whatIfAdv)}</th>
      <th>{t(T.whatIfYours)}</th>
    </>
  );
}
