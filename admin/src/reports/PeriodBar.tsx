import { type OfficeConfig, REPORT_PERIODS, type ReportPeriodKind, type ResolvedPeriod } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { daysText, periodText, shiftDate } from './format.js';
import type { ReportParams } from './params.js';
import { R } from './strings.js';

const KIND_LABEL = {
  day: R.day,
  month: R.month,
  quarter: R.quarter,
  half: R.half,
  year: R.year,
  custom: R.custom,
} as const;

const STEP_MONTHS: Record<Exclude<ReportPeriodKind, 'custom' | 'day'>, number> = {
  month: 1,
  quarter: 3,
  half: 6,
  year: 12,
};

function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Period kind, a date inside it (or a custom range), the previous/next period, and the filters. */
export function PeriodBar({
  params,
  config,
  resolved,
  onChange,
}: {
  params: ReportParams;
  config: OfficeConfig | null;
  resolved: ResolvedPeriod | null;
  onChange: (p: Partial<ReportParams>) => void;
}) {
  const { t, tr, lang } = useI18n();
  const step = (dir: 1 | -1) => {
    if (params.period === 'custom') {
      const n = daysBetween(params.from, params.to) * dir;
      onChange({ from: shiftDate(params.from, 0, n), to: shiftDate(params.to, 0, n) });
    } else if (params.period === 'day') onChange({ date: shiftDate(params.date, 0, dir) });
    else onChange({ date: shiftDate(params.date, STEP_MONTHS[params.period] * dir) });
  };
  const select = (
    id: 'serviceId' | 'topicId' | 'operatorId' | 'windowId',
    all: string,
    options: { id: string; label: string }[],
  ) => (
    <label className="field-inline">
      <select
        data-testid={`filter-${id}`}
        value={params[id]}
        onChange={(e) => onChange({ [id]: e.target.value })}
        aria-label={all}
      >
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="reports-period no-print" data-testid="period-bar">
      <fieldset className="reports-kinds" aria-label={t(R.period)}>
        {REPORT_PERIODS.map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={params.period === k}
            className={`chip ${params.period === k ? 'active' : ''}`}
            data-testid={`period-${k}`}
            onClick={() => onChange({ period: k })}
          >
            {t(KIND_LABEL[k])}
          </button>
        ))}
      </fieldset>
      <div className="reports-dates">
        <button
          type="button"
          className="toggle"
          data-testid="period-prev"
          aria-label={t(R.prev)}
          onClick={() => step(-1)}
        >
          ←
        </button>
        {params.period === 'custom' ? (
          <>
            <label className="field-inline">
              {t(R.from)}{' '}
              <input
                type="date"
                data-testid="period-from"
                value={params.from}
                max={params.to}
                onChange={(e) => e.target.value && onChange({ from: e.target.value })}
              />
            </label>
            <label className="field-inline">
              {t(R.to)}{' '}
              <input
                type="date"
                data-testid="period-to"
                value={params.to}
                min={params.from}
                onChange={(e) => e.target.value && onChange({ to: e.target.value })}
              />
            </label>
          </>
        ) : (
          <label className="field-inline">
            <input
              type="date"
              aria-label={t(R.date)}
              data-testid="period-date"
              value={params.date}
              onChange={(e) => e.target.value && onChange({ date: e.target.value })}
            />
          </label>
        )}
        <button
          type="button"
          className="toggle"
          data-testid="period-next"
          aria-label={t(R.next)}
          onClick={() => step(1)}
        >
          →
        </button>
        {resolved && (
          <strong data-testid="period-range" data-from={resolved.from} data-to={resolved.to}>
            {periodText(resolved.from, resolved.to, lang)}{' '}
            <span className="muted">({daysText(resolved.days, lang)})</span>
          </strong>
        )}
      </div>
      <div className="reports-filters">
        {select(
          'serviceId',
          t(R.allServices),
          (config?.services ?? []).map((s) => ({ id: s.id, label: tr(s.name) })),
        )}
        {select(
          'topicId',
          t(R.allTopics),
          (config?.topics ?? []).map((s) => ({ id: s.id, label: tr(s.name) })),
        )}
        {select(
          'operatorId',
          t(R.allOperators),
          (config?.operators ?? []).map((s) => ({ id: s.id, label: s.name })),
        )}
        {select(
          'windowId',
          t(R.allWindows),
          (config?.windows ?? []).map((w) => ({ id: w.id, label: `${t(R.window)} ${w.number}` })),
        )}
      </div>
    </div>
  );
}
