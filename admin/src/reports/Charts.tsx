import { BUCKET_EDGES_MIN, type DayFigures, type HourFigures, type TimeFigures } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { Bar, Chart, Line } from 'react-chartjs-2';
import { R } from './strings.js';

ChartJS.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

/** Theme colours from the shared CSS variables, so high contrast applies to charts too. */
function palette() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    primary: v('--primary', '#0a5aa8'),
    ok: v('--ok', '#1d7a34'),
    warn: v('--warn', '#9a5200'),
    danger: v('--danger', '#b3261e'),
    fg: v('--fg', '#14202b'),
    grid: v('--border', '#c9d3dd'),
  };
}

function baseOptions(c: ReturnType<typeof palette>) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    plugins: { legend: { labels: { color: c.fg, font: { size: 14 } } } },
    scales: {
      x: { ticks: { color: c.fg }, grid: { color: c.grid } },
      y: { ticks: { color: c.fg }, grid: { color: c.grid }, beginAtZero: true },
    },
  };
}

/** The numbers behind a chart stay readable for tests and screen readers: a canvas alone is not. */
const dataAttr = (x: unknown) => JSON.stringify(x);

export function HourlyChart({ hours }: { hours: HourFigures[] }) {
  const { t } = useI18n();
  const c = palette();
  // Only the hours the office worked: midnight to dawn would flatten the picture.
  const shown = hours.filter((h) => h.issued > 0);
  const labels = shown.map((h) => `${String(h.hour).padStart(2, '0')}:00`);
  const o = baseOptions(c);
  return (
    <div className="chart" data-testid="chart-hourly" data-values={dataAttr(shown.map((h) => [h.hour, h.issued]))}>
      <Chart
        type="bar"
        aria-label={t(R.hourly)}
        data={{
          labels,
          datasets: [
            {
              type: 'bar' as const,
              label: t(R.hourly),
              data: shown.map((h) => Math.round(h.perDay * 10) / 10),
              backgroundColor: c.primary,
              yAxisID: 'y',
            },
            {
              type: 'line' as const,
              label: t(R.hourlyWait),
              data: shown.map((h) => (h.meanWaitSec === null ? null : Math.round(h.meanWaitSec / 6) / 10)),
              borderColor: c.warn,
              backgroundColor: c.warn,
              yAxisID: 'y1',
            },
          ],
        }}
        options={{
          ...o,
          scales: {
            ...o.scales,
            y1: { position: 'right' as const, ticks: { color: c.warn }, grid: { display: false }, beginAtZero: true },
          },
        }}
      />
    </div>
  );
}

export function BucketChart({ wait }: { wait: TimeFigures }) {
  const { t, lang } = useI18n();
  const c = palette();
  const labels = BUCKET_EDGES_MIN.map((m, i) => {
    const next = BUCKET_EDGES_MIN[i + 1];
    return next === undefined ? `${m}+ ${t(R.min)}` : `${m}–${next} ${t(R.min)}`;
  });
  // Buckets past the norm are drawn in the warning colour when every visit had the same norm.
  const norm = wait.normMin;
  const colours = BUCKET_EDGES_MIN.map((m) => (norm !== null && m >= norm ? c.danger : c.primary));
  return (
    <div className="chart" data-testid="chart-buckets" data-values={dataAttr(wait.buckets)}>
      <Bar
        aria-label={t(R.buckets)}
        data={{ labels, datasets: [{ label: t(R.visits), data: wait.buckets, backgroundColor: colours }] }}
        options={{
          ...baseOptions(c),
          plugins: { legend: { display: false } },
          locale: lang === 'ru' ? 'ru-RU' : 'en-GB',
        }}
      />
    </div>
  );
}

export function DailyShareChart({ days }: { days: DayFigures[] }) {
  const { t } = useI18n();
  const c = palette();
  const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
  const labels = days.map((d) => `${d.day.slice(8, 10)}.${d.day.slice(5, 7)}`);
  const o = baseOptions(c);
  return (
    <div className="chart" data-testid="chart-days" data-values={dataAttr(days.map((d) => [d.day, pct(d.waitShare)]))}>
      <Line
        aria-label={t(R.daily)}
        data={{
          labels,
          datasets: [
            {
              label: t(R.shareWait),
              data: days.map((d) => pct(d.waitShare)),
              borderColor: c.primary,
              backgroundColor: c.primary,
              spanGaps: true,
            },
            {
              label: t(R.shareService),
              data: days.map((d) => pct(d.serviceShare)),
              borderColor: c.ok,
              backgroundColor: c.ok,
              spanGaps: true,
            },
            {
              label: t(R.shareTotal),
              data: days.map((d) => pct(d.totalShare)),
              borderColor: c.fg,
              backgroundColor: c.fg,
              borderDash: [6, 4],
              spanGaps: true,
            },
            {
              label: t(R.shareAll),
              data: days.map((d) => pct(d.allNormsShare)),
              borderColor: c.warn,
              backgroundColor: c.warn,
              spanGaps: true,
            },
          ],
        }}
        options={{ ...o, scales: { ...o.scales, y: { ...o.scales.y, max: 100 } } }}
      />
    </div>
  );
}
