import type { HqReport, HqReportQuery, OfficeRow } from '@talon/protocol';
import { saveFile, useI18n } from '@talon/ui';
import { useMemo, useState } from 'react';
import { hq, hqDownload } from '../client.js';
import { avgMinutes, count, dayLabel, percent, rating } from '../format.js';
import { type PageProps, Problem, useAction, useLoad } from '../load.js';
import { S } from '../strings.js';
import { localToday, matchQuick, type Quick, quickPeriod } from './period.js';
import { type Column, FIG, FiguresTable } from './Tables.js';

const QUICK: { q: Quick; label: (typeof S)[keyof typeof S] }[] = [
  { q: 'today', label: S.today },
  { q: 'week', label: S.thisWeek },
  { q: 'month', label: S.thisMonth },
  { q: 'lastMonth', label: S.lastMonth },
];

type OfficeLine = HqReport['offices'][number];
type ServiceLine = HqReport['services'][number];
type TopicLine = HqReport['topics'][number];
type OperatorLine = HqReport['operators'][number];
type DayLine = HqReport['days'][number];

/** Consolidated reports over a period across the company, a branch or chosen offices; CSV and XLSX. */
export function ReportsPage({ token, onAuthLost, offices }: PageProps & { offices: readonly OfficeRow[] }) {
  const { t, tr, lang } = useI18n();
  const today = localToday();
  const [period, setPeriod] = useState(() => quickPeriod('month', today));
  const [branchId, setBranchId] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const exporting = useAction(onAuthLost);

  const branches = useMemo(() => {
    const m = new Map<string, OfficeRow['branchName']>();
    for (const o of offices) m.set(o.branchId, o.branchName);
    return [...m.entries()];
  }, [offices]);
  const inBranch = offices.filter((o) => !branchId || o.branchId === branchId);
  const officeName = new Map(offices.map((o) => [o.id, o]));

  const query: HqReportQuery = {
    from: period.from,
    to: period.to,
    ...(branchId ? { branchId } : {}),
    ...(chosen.length > 0 ? { officeIds: chosen.join(',') } : {}),
  };
  const report = useLoad(`report|${JSON.stringify(query)}`, () => hq('hqReport', { query }, { token }), onAuthLost);
  const r = report.data;
  const quick = matchQuick(period.from, period.to, today);

  const exportFile = (format: 'csv' | 'xlsx') =>
    void exporting.run(async () => {
      const file = await hqDownload('hqReportExport', { query: { ...query, format } }, { token, timeoutMs: 300_000 });
      saveFile(file.blob, file.fileName ?? `talon-hq-${period.from}-${period.to}.${format}`);
    });

  const officeColumns: Column<OfficeLine>[] = [
    { label: S.rank, numeric: true, cell: (o) => o.rank },
    {
      label: S.colOffice,
      cell: (o) => (
        <>
          {tr(o.name)} <span className="muted code">{o.code}</span>
        </>
      ),
    },
    FIG.visits,
    FIG.served,
    FIG.avgWait,
    FIG.waitWithin,
    FIG.serviceWithin,
    FIG.totalWithin,
    FIG.avgRating,
  ];
  const serviceColumns: Column<ServiceLine>[] = [
    { label: S.service, cell: (s) => tr(s.name ?? undefined) || s.serviceId },
    FIG.visits,
    FIG.served,
    FIG.noShow,
    FIG.avgWait,
    FIG.avgService,
    FIG.waitWithin,
    FIG.serviceWithin,
    FIG.avgRating,
  ];
  const topicColumns: Column<TopicLine>[] = [
    { label: S.topic, cell: (s) => tr(s.name ?? undefined) || s.topicId },
    FIG.visits,
    FIG.served,
    FIG.avgWait,
    FIG.avgService,
    FIG.waitWithin,
    FIG.serviceWithin,
    FIG.avgRating,
  ];
  const operatorColumns: Column<OperatorLine>[] = [
    { label: S.operator, cell: (o) => o.name ?? o.operatorId },
    { label: S.colOffice, cell: (o) => officeName.get(o.officeId)?.code ?? o.officeId },
    FIG.served,
    FIG.avgService,
    FIG.serviceWithin,
    FIG.avgRating,
  ];
  const dayColumns: Column<DayLine>[] = [
    { label: S.day, cell: (d, l) => dayLabel(d.day, l) },
    FIG.visits,
    FIG.served,
    FIG.avgWait,
    FIG.waitWithin,
    FIG.totalWithin,
    FIG.avgRating,
  ];

  return (
    <div className="page reports" data-testid="reports" data-loading={report.loading}>
      <h1>{t(S.reportsTitle)}</h1>
      <div className="filters card" data-testid="report-filters">
        <div className="filter-row">
          {QUICK.map(({ q, label }) => (
            <button
              key={q}
              type="button"
              className="btn chip"
              aria-pressed={quick === q}
              data-testid={`quick-${q}`}
              onClick={() => setPeriod(quickPeriod(q, today))}
            >
              {t(label)}
            </button>
          ))}
          <label className="field-inline">
            {t(S.from)}
            <input
              type="date"
              data-testid="period-from"
              value={period.from}
              max={period.to}
              onChange={(e) => e.target.value && setPeriod((p) => ({ ...p, from: e.target.value }))}
            />
          </label>
          <label className="field-inline">
            {t(S.to)}
            <input
              type="date"
              data-testid="period-to"
              value={period.to}
              min={period.from}
              onChange={(e) => e.target.value && setPeriod((p) => ({ ...p, to: e.target.value }))}
            />
          </label>
        </div>
        <div className="filter-row">
          <label className="field-inline">
            {t(S.branch)}
            <select
              data-testid="report-branch"
              value={branchId}
              onChange={(e) => {
                setBranchId(e.target.value);
                setChosen([]);
              }}
            >
              <option value="">{t(S.allBranches)}</option>
              {branches.map(([id, name]) => (
                <option key={id} value={id}>
                  {tr(name)}
                </option>
              ))}
            </select>
          </label>
          <details className="office-chooser" data-testid="office-chooser">
            <summary className="btn">
              {chosen.length === 0 ? t(S.allOffices) : t(S.officesChosen, { n: chosen.length })}
            </summary>
            <div className="chooser-list">
              {inBranch.map((o) => (
                <label key={o.id} className="check">
                  <input
                    type="checkbox"
                    data-testid={`choose-${o.code}`}
                    checked={chosen.includes(o.id)}
                    onChange={(e) => setChosen((c) => (e.target.checked ? [...c, o.id] : c.filter((x) => x !== o.id)))}
                  />
                  {tr(o.name)} <span className="muted code">{o.code}</span>
                </label>
              ))}
              {chosen.length > 0 && (
                <button type="button" className="btn" onClick={() => setChosen([])}>
                  {t(S.clearChoice)}
                </button>
              )}
            </div>
          </details>
          <span className="spacer" />
          <button
            type="button"
            className="btn"
            data-testid="export-csv"
            disabled={exporting.busy}
            onClick={() => exportFile('csv')}
          >
            {t(S.exportCsv)}
          </button>
          <button
            type="button"
            className="btn"
            data-testid="export-xlsx"
            disabled={exporting.busy}
            onClick={() => exportFile('xlsx')}
          >
            {t(S.exportXlsx)}
          </button>
        </div>
      </div>
      {exporting.error && <Problem error={exporting.error} testId="export-error" />}
      {report.error && <Problem error={report.error} onRetry={report.reload} />}
      {r && (
        <>
          <dl className="summary" data-testid="report-total">
            <Total label={t(S.visits)} value={count(r.total.visits, lang)} id="visits" />
            <Total label={t(S.served)} value={count(r.total.served, lang)} id="served" />
            <Total label={t(S.avgWait)} value={avgMinutes(r.total.avgWaitSec, lang)} id="avg-wait" />
            <Total label={t(S.waitWithin)} value={percent(r.total.waitWithinNorm, lang, 1)} id="wait-within" />
            <Total label={t(S.serviceWithin)} value={percent(r.total.serviceWithinNorm, lang, 1)} id="service-within" />
            <Total label={t(S.totalWithin)} value={percent(r.total.totalWithinNorm, lang, 1)} id="total-within" />
            <Total label={t(S.avgRating)} value={rating(r.total.avgRating, lang)} id="avg-rating" />
          </dl>
          <p className="muted small" data-testid="buckets">
            {t(S.buckets)}: {r.total.waitBuckets.map((b) => count(b, lang)).join(' / ')}
          </p>
          <FiguresTable
            title={S.byOffice}
            rows={r.offices}
            columns={officeColumns}
            rowKey={(o) => o.officeId}
            testId="rep-offices"
          />
          <FiguresTable
            title={S.byService}
            rows={r.services}
            columns={serviceColumns}
            rowKey={(s) => s.serviceId}
            testId="rep-services"
          />
          <FiguresTable
            title={S.byTopic}
            rows={r.topics}
            columns={topicColumns}
            rowKey={(s) => `${s.serviceId}/${s.topicId}`}
            testId="rep-topics"
          />
          <FiguresTable
            title={S.byOperator}
            rows={r.operators}
            columns={operatorColumns}
            rowKey={(o) => `${o.officeId}/${o.operatorId}`}
            testId="rep-operators"
          />
          <FiguresTable title={S.byDay} rows={r.days} columns={dayColumns} rowKey={(d) => d.day} testId="rep-days" />
        </>
      )}
    </div>
  );
}

function Total({ label, value, id }: { label: string; value: string; id: string }) {
  return (
    <div className="summary-item" data-testid={`total-${id}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
