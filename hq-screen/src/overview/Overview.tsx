import type { Branch, OfficeRow } from '@talon/protocol';
import { type Pair, useI18n } from '@talon/ui';
import { useMemo, useState } from 'react';
import { count, DASH, duration, normMinutes, percent } from '../format.js';
import type { OfficesFeed } from '../live.js';
import { useNow } from '../live.js';
import { Problem } from '../load.js';
import { pathOf } from '../route.js';
import { S } from '../strings.js';
import { FIRST_DIR, filterOffices, overNorm, type Sort, type SortKey, sortOffices, summarize } from './figures.js';
import { SyncCell } from './SyncCell.js';

const COLUMNS: { key: SortKey; label: Pair; numeric: boolean }[] = [
  { key: 'office', label: S.colOffice, numeric: false },
  { key: 'branch', label: S.colBranch, numeric: false },
  { key: 'waiting', label: S.colWaiting, numeric: true },
  { key: 'longest', label: S.colLongest, numeric: true },
  { key: 'within', label: S.colWithin, numeric: true },
  { key: 'served', label: S.colServed, numeric: true },
  { key: 'operators', label: S.colOperators, numeric: true },
  { key: 'alarms', label: S.colAlarms, numeric: true },
  { key: 'sync', label: S.colSync, numeric: false },
  { key: 'profile', label: S.colProfile, numeric: true },
];

/** The branches that have offices the user sees, from the rows themselves (no extra request). */
function branchesOf(rows: readonly OfficeRow[]): Pick<Branch, 'id' | 'name'>[] {
  const seen = new Map<string, Pick<Branch, 'id' | 'name'>>();
  for (const r of rows) if (!seen.has(r.branchId)) seen.set(r.branchId, { id: r.branchId, name: r.branchName });
  return [...seen.values()];
}

/** The home page: every office with its live figures, a summary strip, sort and filters. */
export function Overview({ feed, onOpen }: { feed: OfficesFeed; onOpen: (officeId: string) => void }) {
  const { t, tr, lang } = useI18n();
  const now = useNow();
  const [sort, setSort] = useState<Sort>({ key: 'office', dir: 'asc' });
  const [branchId, setBranchId] = useState('');
  const [text, setText] = useState('');
  const branches = useMemo(
    () => branchesOf(feed.rows).sort((a, b) => tr(a.name).localeCompare(tr(b.name), lang)),
    [feed.rows, tr, lang],
  );
  const shown = useMemo(
    () => sortOffices(filterOffices(feed.rows, branchId, text), sort, lang, now),
    [feed.rows, branchId, text, sort, lang, now],
  );
  const sum = summarize(shown);
  const sortBy = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: FIRST_DIR[key] }));

  return (
    <div className="page" data-testid="overview">
      <h1 className="visually-hidden">{t(S.overviewTitle)}</h1>
      <dl className="summary" data-testid="summary">
        <Figure label={t(S.sumOffices)} value={count(sum.offices, lang)} id="offices" />
        <Figure label={t(S.sumNoLink)} value={count(sum.noLink, lang)} id="no-link" bad={sum.noLink > 0} />
        <Figure label={t(S.sumWaiting)} value={count(sum.waiting, lang)} id="waiting" />
        <Figure label={t(S.sumWithin)} value={percent(sum.within, lang)} id="within" />
        <Figure label={t(S.sumAttention)} value={count(sum.attention, lang)} id="attention" bad={sum.attention > 0} />
      </dl>
      <div className="toolbar">
        <label className="field-inline">
          <span>{t(S.branch)}</span>
          <select data-testid="branch-filter" value={branchId} onChange={(e) => setBranchId(e.target.value)}>
            <option value="">{t(S.allBranches)}</option>
            {branches.map((b) => (
              <option key={b.id} value={b.id}>
                {tr(b.name)}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          className="search"
          data-testid="office-search"
          placeholder={t(S.search)}
          aria-label={t(S.search)}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <span className={`live-dot ${feed.connected ? 'on' : ''}`} data-testid="live" data-connected={feed.connected}>
          {t(S.live)}
        </span>
      </div>
      {feed.error && <Problem error={feed.error} />}
      <div className="table-wrap card">
        <table className="grid offices" data-testid="offices-table" data-loaded={feed.loaded}>
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const active = sort.key === c.key;
                return (
                  <th
                    key={c.key}
                    className={c.numeric ? 'num' : ''}
                    aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
                  >
                    <button
                      type="button"
                      className="sort"
                      data-testid={`sort-${c.key}`}
                      title={c.key === 'profile' ? t(S.colProfileHint) : t(S.sortBy, { col: t(c.label) })}
                      onClick={() => sortBy(c.key)}
                    >
                      {t(c.label)}
                      <span className="sort-mark" aria-hidden="true">
                        {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <OfficeLine key={r.id} row={r} now={now} onOpen={onOpen} />
            ))}
          </tbody>
        </table>
        {feed.loaded && shown.length === 0 && (
          <p className="empty" data-testid="no-offices">
            {t(feed.rows.length === 0 ? S.noOfficesYet : S.noOffices)}
          </p>
        )}
      </div>
    </div>
  );
}

function Figure({ label, value, id, bad }: { label: string; value: string; id: string; bad?: boolean }) {
  return (
    <div className={`summary-item ${bad ? 'bad' : ''}`} data-testid={`sum-${id}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function OfficeLine({ row: r, now, onOpen }: { row: OfficeRow; now: number; onOpen: (id: string) => void }) {
  const { t, tr, lang } = useI18n();
  const s = r.status;
  const over = overNorm(r);
  const behind = r.profilePublished !== null && r.profileApplied !== r.profilePublished;
  return (
    <tr data-testid="office-row" data-office={r.code} data-over={over}>
      <td>
        <a
          className="office-link"
          href={pathOf('office', r.id)}
          data-testid="office-link"
          onClick={(e) => {
            e.preventDefault();
            onOpen(r.id);
          }}
        >
          <strong>{tr(r.name)}</strong>
          <span className="muted code">{r.code}</span>
        </a>
      </td>
      <td>{tr(r.branchName)}</td>
      <td className="num" data-testid="cell-waiting">
        {s ? count(s.waitingNow, lang) : DASH}
      </td>
      <td className={`num ${over ? 'over' : ''}`} data-testid="cell-longest">
        {s?.longestWaitSec != null ? duration(s.longestWaitSec, lang) : DASH}
        {s?.longestWaitNormSec != null && (
          <span className="norm muted"> / {t(S.normOf, { n: normMinutes(s.longestWaitNormSec) })}</span>
        )}
      </td>
      <td className="num" data-testid="cell-within">
        {percent(s?.withinNormShareToday, lang)}
      </td>
      <td className="num" data-testid="cell-served">
        {s ? count(s.servedToday, lang) : DASH}
      </td>
      <td className="num" data-testid="cell-operators">
        {s ? count(s.operatorsAtWork, lang) : DASH}
      </td>
      <td className={`num ${s && s.devicesInAlarm > 0 ? 'over' : ''}`} data-testid="cell-alarms">
        {s ? count(s.devicesInAlarm, lang) : DASH}
      </td>
      <td data-testid="cell-sync">
        <SyncCell row={r} now={now} />
      </td>
      <td
        className={`num ${behind ? 'warn' : ''}`}
        data-testid="cell-profile"
        title={behind ? t(S.profileBehind) : undefined}
      >
        {r.profileApplied ?? DASH} / {r.profilePublished ?? DASH}
      </td>
    </tr>
  );
}
