import {
  deviceRoleName,
  type GroupFigures,
  type ReportResponse,
  type StaffTime,
  type TimeFigures,
  type VisitFigures,
} from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { BucketChart, DailyShareChart, HourlyChart } from './Charts.js';
import { count, hoursMinutes, minutes, percent } from './format.js';
import { R } from './strings.js';

type T = ReturnType<typeof useI18n>;

function normText(f: TimeFigures, { t, lang }: T): string {
  if (f.normMin !== null) return `${t(R.norm)} ${minutes(f.normMin * 60, lang)} ${t(R.min)}`;
  if (f.meanNormMin !== null) return `${t(R.normMixed)} ${minutes(f.meanNormMin * 60, lang)} ${t(R.min)}`;
  return t(R.noNorm);
}

/** One time measure as a card: mean against the norm, p90, and the share within the norm. */
function TimeCard({ id, label, f, note }: { id: string; label: string; f: TimeFigures; note?: string }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const norm = f.normMin ?? f.meanNormMin;
  const over = norm !== null && f.meanSec !== null && f.meanSec > norm * 60;
  return (
    <div className={`report-card ${over ? 'over' : ''}`} data-testid={`card-${id}`}>
      <div className="report-card-label">{label}</div>
      <div className="report-card-value" data-testid={`${id}-mean`} data-sec={f.meanSec ?? ''}>
        {minutes(f.meanSec, lang)} <small>{t(R.min)}</small>
      </div>
      <div className="muted">{normText(f, i18n)}</div>
      {note && <div className="muted report-card-note">{note}</div>}
      <div>
        {t(R.p90)}: <strong>{minutes(f.p90Sec, lang)}</strong> {t(R.min)}
      </div>
      <div data-testid={`${id}-share`} data-share={f.share ?? ''}>
        {t(R.withinNorm)}: <strong>{percent(f.share, lang)}</strong>
        {f.judged > 0 && (
          <span className="muted">
            {' '}
            ({count(f.withinNorm, lang)} / {count(f.judged, lang)})
          </span>
        )}
      </div>
    </div>
  );
}

function Summary({ s }: { s: VisitFigures }) {
  const { t, lang } = useI18n();
  const counts: [string, keyof typeof R, number][] = [
    ['visits', 'visits', s.visits],
    ['served', 'served', s.served],
    ['no-shows', 'noShows', s.noShows],
    ['cancelled', 'cancelled', s.cancelled],
    ['walk-ins', 'walkIns', s.walkIns],
    ['transfers', 'transfers', s.transfers],
    ['postponements', 'postponements', s.postponements],
    ['recalls', 'recalls', s.recalls],
    ['priority', 'priority', s.priority],
    ['appointments', 'appointments', s.appointments],
    ['digital-onboarding', 'digitalOnboarding', s.digitalOnboarding],
    ['extra-sale', 'extraSale', s.extraSale],
  ];
  return (
    <section className="panel report-summary" aria-label={t(R.tabFigures)}>
      <dl className="report-counts">
        {counts.map(([id, label, n]) => (
          <div key={id} data-testid={`summary-${id}`} data-value={n}>
            <dt>{t(R[label])}</dt>
            <dd>{count(n, lang)}</dd>
          </div>
        ))}
      </dl>
      <div className="report-cards">
        <TimeCard id="wait" label={t(R.wait)} f={s.wait} />
        <TimeCard
          id="service"
          label={t(R.serviceTime)}
          f={s.service}
          note={s.digitalOnboarding > 0 ? t(R.onboardingNorm) : undefined}
        />
        <TimeCard id="total" label={t(R.total)} f={s.total} />
        <div className="report-card" data-testid="card-all">
          <div className="report-card-label">{t(R.allNorms)}</div>
          <div className="report-card-value" data-testid="all-share" data-share={s.allNorms.share ?? ''}>
            {percent(s.allNorms.share, lang)}
          </div>
          <div className="muted">
            {count(s.allNorms.within, lang)} / {count(s.allNorms.judged, lang)}
          </div>
        </div>
      </div>
    </section>
  );
}

function GroupTable({
  id,
  title,
  rows,
  names,
}: {
  id: string;
  title: string;
  rows: GroupFigures[];
  /** The rows are people, named as they were typed (either language shows them so). */
  names?: boolean;
}) {
  const { t, tr, lang } = useI18n();
  if (rows.length === 0) return null;
  return (
    <section className="panel report-group" data-testid={`group-${id}`}>
      <h2>{title}</h2>
      <table className="grid report-table">
        <thead>
          {/* each time measure over its own columns: three «в нормативе» would otherwise read alike; the
              total's mean is on its card (a 1366 px screen holds no more columns) */}
          <tr>
            <th rowSpan={2} />
            <th rowSpan={2} className="num">
              {t(R.visits)}
            </th>
            <th rowSpan={2} className="num">
              {t(R.served)}
            </th>
            <th rowSpan={2} className="num">
              {t(R.noShows)}
            </th>
            <th colSpan={3} className="report-th-group">
              {t(R.wait)}
            </th>
            <th colSpan={2} className="report-th-group">
              {t(R.serviceTime)}
            </th>
            <th className="report-th-group">{t(R.total)}</th>
            <th rowSpan={2} className="num">
              {t(R.allNorms)}
            </th>
            <th rowSpan={2} className="num">
              {t(R.transfers)}
            </th>
          </tr>
          <tr>
            <th className="num">{t(R.mean)}</th>
            <th className="num">{t(R.p90)}</th>
            <th className="num">{t(R.withinNorm)}</th>
            <th className="num">{t(R.mean)}</th>
            <th className="num">{t(R.withinNorm)}</th>
            <th className="num">{t(R.withinNorm)}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((g) => (
            <tr
              key={g.key}
              data-testid={`row-${id}`}
              data-key={g.key}
              data-visits={g.visits}
              data-service-share={g.service.share ?? ''}
              data-total-share={g.total.share ?? ''}
            >
              <td translate={names ? 'no' : undefined}>{tr(g.name)}</td>
              <td className="num">{count(g.visits, lang)}</td>
              <td className="num">{count(g.served, lang)}</td>
              <td className="num">{count(g.noShows, lang)}</td>
              <td className={`num ${overNorm(g.wait) ? 'over' : ''}`}>{minutes(g.wait.meanSec, lang)}</td>
              <td className="num">{minutes(g.wait.p90Sec, lang)}</td>
              <td className="num">{percent(g.wait.share, lang)}</td>
              <td className={`num ${overNorm(g.service) ? 'over' : ''}`}>{minutes(g.service.meanSec, lang)}</td>
              <td className="num">{percent(g.service.share, lang)}</td>
              <td className="num">{percent(g.total.share, lang)}</td>
              <td className="num">{percent(g.allNorms.share, lang)}</td>
              <td className="num">{count(g.transfers, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const overNorm = (f: TimeFigures) => {
  const norm = f.normMin ?? f.meanNormMin;
  return norm !== null && f.meanSec !== null && f.meanSec > norm * 60;
};

function StaffTable({ report }: { report: ReportResponse }) {
  const { t, tr, lang } = useI18n();
  const { staff } = report;
  if (staff.byOperator.length === 0) return null;
  const row = (s: StaffTime, testId: string) => (
    <tr key={s.key || 'total'} data-testid={testId} data-key={s.key} data-idle-sec={s.idleWhileQueueSec}>
      <td translate={s.key ? 'no' : undefined}>{tr(s.name)}</td>
      <td className="num">{hoursMinutes(s.loggedInSec, lang)}</td>
      <td className="num">{hoursMinutes(s.servingSec, lang)}</td>
      <td className="num">{hoursMinutes(s.readySec, lang)}</td>
      <td className="num">{hoursMinutes(s.idleWhileQueueSec, lang)}</td>
      <td className="num">{hoursMinutes(s.wrapUpSec, lang)}</td>
      {staff.breakReasons.map((r) => (
        <td key={r.id} className="num">
          {hoursMinutes(s.breakByReason[r.id] ?? 0, lang)}
        </td>
      ))}
      <td className="num">{hoursMinutes(s.breakSec, lang)}</td>
    </tr>
  );
  return (
    <section className="panel report-group" data-testid="staff">
      <h2>{t(R.staff)}</h2>
      <table className="grid report-table">
        <thead>
          <tr>
            <th>{t(R.operator)}</th>
            <th className="num">{t(R.loggedIn)}</th>
            <th className="num">{t(R.serving)}</th>
            <th className="num">{t(R.ready)}</th>
            <th className="num" title={t(R.idleHint)}>
              {t(R.idle)}
            </th>
            <th className="num">{t(R.wrapUp)}</th>
            {staff.breakReasons.map((r) => (
              <th key={r.id} className="num">
                {tr(r.name)}
              </th>
            ))}
            <th className="num">{t(R.breaks)}</th>
          </tr>
        </thead>
        <tbody>
          {staff.byOperator.map((s) => row(s, 'staff-row'))}
          {row(staff.total, 'staff-total')}
        </tbody>
      </table>
    </section>
  );
}

function Ratings({ report }: { report: ReportResponse }) {
  const { t, tr, lang } = useI18n();
  const r = report.ratings;
  return (
    <section className="panel report-group" data-testid="ratings">
      <h2>{t(R.ratings)}</h2>
      {!r.available ? (
        <p className="muted">{tr(r.note)}</p>
      ) : (
        <div className="report-ratings">
          <dl className="report-counts">
            <div data-testid="ratings-count" data-value={r.count ?? 0}>
              <dt>{t(R.ratingsCount)}</dt>
              <dd>{count(r.count ?? 0, lang)}</dd>
            </div>
            <div data-testid="ratings-mean" data-value={r.mean ?? ''}>
              <dt>{t(R.ratingsMean)}</dt>
              <dd>
                {r.mean === null || r.mean === undefined
                  ? '—'
                  : r.mean.toFixed(2).replace('.', lang === 'ru' ? ',' : '.')}
              </dd>
            </div>
            {(r.feedback ?? []).map((f) => (
              <div key={f.type} data-testid={`feedback-${f.type}`} data-value={f.count}>
                <dt>{t(R[f.type as 'complaint' | 'proposal' | 'review'] ?? R.feedback)}</dt>
                <dd>
                  {count(f.count, lang)}{' '}
                  <small className="muted">
                    ({count(f.actionable, lang)} {t(R.actionable)})
                  </small>
                </dd>
              </div>
            ))}
          </dl>
          <div className="report-stars">
            {(r.distribution ?? []).map((n, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the index is the score
              <span key={i} className="report-star">
                {'★'.repeat(i + 1)} <strong>{count(n, lang)}</strong>
              </span>
            ))}
          </div>
          {(r.reasons ?? []).length > 0 && (
            <p>
              {t(R.ratingsReasons)}: {(r.reasons ?? []).map((x) => `${tr(x.name)} — ${x.count}`).join('; ')}
            </p>
          )}
          {(r.comments ?? []).length > 0 && (
            <details>
              <summary>
                {t(R.comments)} ({r.comments?.length})
              </summary>
              <ul className="report-comments">
                {(r.comments ?? []).map((c) => (
                  <li key={`${c.at}-${c.text.slice(0, 20)}`}>
                    <strong>{t(R[c.type as 'complaint' | 'proposal' | 'review'] ?? R.feedback)}</strong>
                    {!c.actionable && <span className="muted"> ({t(R.notActionable)})</span>}: {c.text}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </section>
  );
}

function Devices({ report }: { report: ReportResponse }) {
  const { t, tr, lang } = useI18n();
  const d = report.devices;
  return (
    <section className="panel report-group" data-testid="devices">
      <h2>{t(R.devices)}</h2>
      {!d.available || !d.devices ? (
        <p className="muted">{tr(d.note)}</p>
      ) : d.devices.length === 0 ? (
        <p className="muted">{t(R.noDevices)}</p>
      ) : (
        <table className="grid report-table">
          <thead>
            <tr>
              <th>{t(R.device)}</th>
              <th className="num">{t(R.uptime)}</th>
              <th className="num">{t(R.downtime)}</th>
              <th className="num">{t(R.longest)}</th>
            </tr>
          </thead>
          <tbody>
            {d.devices.map((x) => (
              <tr key={x.deviceId} data-testid="device-row" data-device={x.deviceId}>
                <td>
                  <span translate="no">{x.name}</span> <span className="muted">{t(deviceRoleName(x.role))}</span>
                </td>
                <td className="num">{percent(x.uptimeShare, lang)}</td>
                <td className="num">{hoursMinutes(x.downtimeSec, lang)}</td>
                <td className={`num ${x.longestDownSec > 3600 ? 'over' : ''}`}>
                  {hoursMinutes(x.longestDownSec, lang)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Figures({ report }: { report: ReportResponse }) {
  const { t } = useI18n();
  const empty = report.summary.visits === 0;
  return (
    <div className="page report-figures" data-testid="report-figures">
      {report.normsChanged && <p className="report-note">{t(R.normsChanged)}</p>}
      <Summary s={report.summary} />
      {empty ? (
        <p className="panel muted" data-testid="report-empty">
          {t(R.noData)}
        </p>
      ) : (
        <div className="report-charts">
          <section className="panel">
            <h2>{t(R.hourly)}</h2>
            <HourlyChart hours={report.byHour} />
          </section>
          <section className="panel">
            <h2>{t(R.buckets)}</h2>
            <BucketChart wait={report.summary.wait} />
          </section>
          {report.byDay.length > 1 && (
            <section className="panel report-wide">
              <h2>{t(R.daily)}</h2>
              <DailyShareChart days={report.byDay} />
            </section>
          )}
        </div>
      )}
      <GroupTable id="service" title={t(R.byService)} rows={report.byService} />
      <GroupTable id="topic" title={t(R.byTopic)} rows={report.byTopic} />
      <GroupTable id="operator" title={t(R.byOperator)} rows={report.byOperator} names />
      <GroupTable id="window" title={t(R.byWindow)} rows={report.byWindow} />
      <GroupTable id="segment" title={t(R.bySegment)} rows={report.bySegment} />
      <StaffTable report={report} />
      <Ratings report={report} />
      <Devices report={report} />
    </div>
  );
}
