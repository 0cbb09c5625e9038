import type { StaffingDay, StaffingReport, UserInfo } from '@talon/protocol';
import { ApiError, call, pluralRu, type UiError, useI18n } from '@talon/ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import { T } from './strings.js';
import { WhatIf } from './WhatIf.js';
import './staffing.css';

/**
 * The staffing advisor for the hall administrator and the office manager: windows open now against the
 * recommendation, today hour by hour, and a week plan (GET /api/staffing). Mount it in the admin shell with
 * the signed-in user's token, like the reports section.
 */
export interface StaffingProps {
  token: string;
  user?: UserInfo;
  /** Re-read this often (ms) so that «open now» follows the hall; 0 = only on demand. */
  refreshMs?: number;
}

/** The report is computed from weeks of history: a busy server may take longer than the usual 10 s. */
const load = (token: string, target: number, weeks: number) =>
  call('staffing', { query: { target, weeks } }, { token, timeoutMs: 15_000 });

const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const one = (x: number) => (Math.round(x * 10) / 10).toLocaleString('ru-RU');

export function Staffing({ token, refreshMs = 60_000 }: StaffingProps) {
  const { t, tr } = useI18n();
  const [target, setTarget] = useState(0.8);
  const [weeks, setWeeks] = useState(8);
  const [report, setReport] = useState<StaffingReport | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);

  const refresh = useCallback(() => {
    const mine = ++seq.current;
    setLoading(true);
    load(token, target, weeks).then(
      (r) => {
        if (mine !== seq.current) return;
        setReport(r);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        setError(e instanceof ApiError ? e.error : { code: 'INTERNAL', message: { ru: String(e), en: String(e) } });
        setLoading(false);
      },
    );
  }, [token, target, weeks]);

  useEffect(() => {
    refresh();
    if (!refreshMs) return;
    const timer = setInterval(refresh, refreshMs);
    return () => clearInterval(timer);
  }, [refresh, refreshMs]);

  return (
    <section className="staffing" data-testid="staffing">
      <div className="panel">
        <h2>{t(T.title)}</h2>
        <p className="muted">{t(T.intro, { share: pct(target) })}</p>
        <div className="staffing-controls">
          <label>
            {t(T.target)}{' '}
            <select data-testid="staffing-target" value={target} onChange={(e) => setTarget(Number(e.target.value))}>
              {[0.7, 0.8, 0.9].map((x) => (
                <option key={x} value={x}>
                  {pct(x)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t(T.weeks)}{' '}
            <select data-testid="staffing-weeks" value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
              {[4, 8, 12].map((n) => (
                <option key={n} value={n}>
                  {t(T.weeksN, { n })}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={refresh} disabled={loading}>
            {loading ? t(T.loading) : t(T.refresh)}
          </button>
        </div>
        {error && (
          <p className="danger-text" role="alert" data-testid="staffing-error">
            {tr(error.message)}
          </p>
        )}
      </div>
      {report && <Now report={report} />}
      {report && <Today report={report} />}
      {report && <WhatIf token={token} report={report} />}
      {report && <Week report={report} />}
      {report && <About report={report} />}
    </section>
  );
}

/** «3 талона» / "3 tickets". */
const ticketsWord = (n: number, lang: string) =>
  lang === 'en' ? `${n} ticket${n === 1 ? '' : 's'}` : `${n} ${pluralRu(n, 'талон', 'талона', 'талонов')}`;

function Now({ report }: { report: StaffingReport }) {
  const { t, lang } = useI18n();
  const { openWindows, recommended, basis, waiting, overdue } = report.now;
  const spare = recommended !== null && openWindows > recommended;
  const state =
    recommended === null
      ? 'closed'
      : openWindows < recommended
        ? 'short'
        : spare && overdue > 0
          ? 'hold'
          : spare
            ? 'spare'
            : 'ok';
  const message =
    state === 'closed'
      ? t(T.nowClosed)
      : state === 'short'
        ? t(T.nowShort, { n: (recommended ?? 0) - openWindows })
        : state === 'hold'
          ? t(T.nowHold, { n: ticketsWord(overdue, lang) })
          : state === 'spare'
            ? t(T.nowSpare, { n: openWindows - (recommended ?? 0) })
            : t(T.nowOk);
  const why =
    basis === 'queue'
      ? t(T.basisQueue, { n: waiting })
      : basis === 'arrivals'
        ? t(T.basisArrivals)
        : t(T.basisForecast);
  return (
    <div className="panel staffing-now" data-testid="staffing-now">
      <div className="staffing-figure">
        <span className="muted">{t(T.nowOpen)}</span>
        <b data-testid="staffing-open">{openWindows}</b>
      </div>
      <div className="staffing-figure">
        <span className="muted">{t(T.nowRecommended)}</span>
        <b data-testid="staffing-recommended">{recommended ?? '—'}</b>
        {recommended !== null && (
          <span className="muted" data-testid="staffing-basis" data-basis={basis}>
            {why}
          </span>
        )}
      </div>
      <p className="staffing-status" data-state={state} data-testid="staffing-status">
        {message}
      </p>
    </div>
  );
}

function Today({ report }: { report: StaffingReport }) {
  const { t } = useI18n();
  const hours = report.today.hours;
  return (
    <div className="panel staffing-scroll">
      <h3>{t(T.today)}</h3>
      {hours.length === 0 ? (
        <p className="muted">{t(T.nowClosed)}</p>
      ) : (
        <table data-testid="staffing-today">
          <thead>
            <tr>
              <th>{t(T.hour)}</th>
              <th>{t(T.forecast)}</th>
              <th>{t(T.actual)}</th>
              <th>{t(T.recommended)}</th>
              <th>{t(T.open)}</th>
              <th>{t(T.erlangC)}</th>
              <th>{t(T.dedicated)}</th>
              <th>{t(T.expectedShare)}</th>
            </tr>
          </thead>
          <tbody>
            {hours.map((h) => (
              <tr key={h.hour} data-now={h.hour === report.now.hour} data-hour={h.hour}>
                <td>{pad(h.hour)}</td>
                <td>{one(h.forecast)}</td>
                <td>{h.actual ?? ''}</td>
                <td>
                  <b>{h.recommended}</b>
                  {h.unreachable ? ` (${t(T.unreachable)})` : ''}
                </td>
                <td data-short={h.openNow !== undefined && h.openNow < h.recommended}>{h.openNow ?? ''}</td>
                <td>{h.recommendedErlangC ?? '—'}</td>
                <td>{h.dedicated}</td>
                <td>{pct(h.expectedShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Week({ report }: { report: StaffingReport }) {
  const { t } = useI18n();
  const all = [...new Set(report.week.flatMap((d) => d.hours.map((h) => h.hour)))].sort((a, b) => a - b);
  const cell = (d: StaffingDay, hour: number) => d.hours.find((h) => h.hour === hour);
  return (
    <div className="panel staffing-scroll">
      <h3>{t(T.week)}</h3>
      <table className="staffing-week" data-testid="staffing-week">
        <thead>
          <tr>
            <th>{t(T.hour)}</th>
            {report.week.map((d) => (
              <th key={d.date}>
                {t(T[d.weekday])} {d.date.slice(8, 10)}.{d.date.slice(5, 7)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {all.map((hour) => (
            <tr key={hour}>
              <td>{pad(hour)}</td>
              {report.week.map((d) => {
                const c = cell(d, hour);
                return (
                  <td key={d.date} data-level={c ? Math.min(3, c.recommended) : 0}>
                    {c ? c.recommended : d.hours.length === 0 && hour === all[0] ? t(T.closedDay) : ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function About({ report }: { report: StaffingReport }) {
  const { t, tr } = useI18n();
  const h = report.history;
  return (
    <div className="panel muted" data-testid="staffing-about">
      <p>
        {t(T.model, {
          model: report.model === 'erlang-a' ? 'Erlang A' : 'Erlang C',
          patience:
            report.patienceMin === null
              ? t(T.patienceUnknown)
              : t(T.patienceMin, { n: Math.round(report.patienceMin) }),
        })}
      </p>
      <p>{h.visits > 0 ? t(T.history, { from: h.fromDay ?? '', to: h.toDay ?? '', n: h.visits }) : t(T.noHistory)}</p>
      <p>{t(T.services)}:</p>
      <ul>
        {report.services.map((s) => (
          <li key={s.id}>
            {t(T.serviceLine, { name: tr(s.name), norm: s.waitNormMin, mean: one(s.meanServiceMin), n: s.samples })}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default Staffing;
