import {
  FOLLOW_UP_STATUS_NAMES,
  FOLLOW_UP_STATUSES,
  FOLLOW_UP_TYPE_NAMES,
  FOLLOW_UP_TYPES,
  type FollowUpCreateBody,
  type FollowUpList,
  type FollowUpListQuery,
  type FollowUpStatus,
  type FollowUpType,
  type FollowUpTypeSetting,
  followUpSettingsOf,
  type UserAdminInfo,
} from '@talon/protocol';
import { ApiError, call, type UiError, useI18n } from '@talon/ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CreateForm } from './CreateForm.js';
import { type FollowUpAction, FollowUpItem } from './FollowUpItem.js';
import { FollowUpReportView } from './Report.js';
import { F } from './strings.js';
import './followups.css';

type Filters = Pick<FollowUpListQuery, 'status' | 'type' | 'ownerId' | 'from' | 'to'> & { overdue: boolean };

/**
 * The follow-ups register (issue 16): what the office owes visitors after the visit, each with its deadline
 * in working days; filters, a new entry, take in work, answer, close; and the on-time report with its XLSX.
 */
export default function FollowUpsPage({
  token,
  timeZone,
  refreshMs = 30_000,
}: {
  token: string;
  timeZone: string | undefined;
  refreshMs?: number;
}) {
  const { t, tr } = useI18n();
  const [tab, setTab] = useState<'register' | 'report'>('register');
  const [filters, setFilters] = useState<Filters>({ overdue: false });
  const [data, setData] = useState<FollowUpList | null>(null);
  const [users, setUsers] = useState<UserAdminInfo[]>([]);
  const [deadlines, setDeadlines] = useState<Record<FollowUpType, FollowUpTypeSetting> | null>(null);
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const seq = useRef(0);

  const load = useCallback(() => {
    const mine = ++seq.current;
    const { overdue, ...rest } = filters;
    const query = Object.fromEntries(Object.entries(rest).filter(([, v]) => v)) as Partial<FollowUpListQuery>;
    call('followUps', { query: { ...query, ...(overdue ? { overdue: '1' as const } : {}) } }, { token }).then(
      (r) => {
        if (mine !== seq.current) return;
        setData(r);
        setError(null);
      },
      (e: unknown) => mine === seq.current && setError(e instanceof ApiError ? e.error : null),
    );
  }, [token, filters]);

  useEffect(() => {
    load();
    if (!refreshMs) return;
    const timer = setInterval(load, refreshMs);
    return () => clearInterval(timer);
  }, [load, refreshMs]);

  useEffect(() => {
    call('users', {}, { token })
      .then((u) => setUsers(u.filter((x) => !x.disabled)))
      .catch(() => setUsers([]));
    call('config', {}, { token })
      .then((c) => setDeadlines(followUpSettingsOf(c.config).types))
      .catch(() => setDeadlines(null));
  }, [token]);

  const run = async (p: Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    try {
      await p;
      setError(null);
      load();
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e.error : null);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const act = (a: FollowUpAction) => {
    const params = { id: a.id };
    if (a.kind === 'take') return run(call('takeFollowUp', { params, body: {} }, { token }));
    if (a.kind === 'answer') return run(call('answerFollowUp', { params, body: { answer: a.answer } }, { token }));
    return run(call('closeFollowUp', { params, body: {} }, { token }));
  };

  const create = async (body: FollowUpCreateBody) => {
    const ok = await run(call('createFollowUp', { body }, { token }));
    if (ok) setCreating(false);
    return ok;
  };

  const set = (p: Partial<Filters>) => setFilters((f) => ({ ...f, ...p }));
  const items = data?.items ?? [];

  return (
    <div className="page followups" data-testid="followups" data-loaded={data ? 'true' : 'false'}>
      <header className="fu-header">
        <h1>{t(F.title)}</h1>
        <div className="fu-tabs" role="tablist">
          {(['register', 'report'] as const).map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              className={`nav-tab ${tab === id ? 'active' : ''}`}
              data-testid={`followups-tab-${id}`}
              onClick={() => setTab(id)}
            >
              {t(id === 'register' ? F.tabRegister : F.tabReport)}
            </button>
          ))}
        </div>
      </header>
      <p className="muted fu-intro">{t(F.intro)}</p>
      {error && (
        <p className="error" role="alert" data-testid="followup-error">
          {tr(error.message)}
        </p>
      )}
      {tab === 'report' ? (
        <FollowUpReportView token={token} timeZone={timeZone} today={data?.today} />
      ) : (
        <>
          <section className="card panel fu-filters" aria-label={t(F.tabRegister)}>
            <label className="field">
              {t(F.status)}
              <select
                data-testid="followup-filter-status"
                value={filters.status ?? ''}
                onChange={(e) => set({ status: (e.target.value || undefined) as FollowUpStatus | undefined })}
              >
                <option value="">{t(F.any)}</option>
                {FOLLOW_UP_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {tr(FOLLOW_UP_STATUS_NAMES[s])}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t(F.type)}
              <select
                data-testid="followup-filter-type"
                value={filters.type ?? ''}
                onChange={(e) => set({ type: (e.target.value || undefined) as FollowUpType | undefined })}
              >
                <option value="">{t(F.any)}</option>
                {FOLLOW_UP_TYPES.map((x) => (
                  <option key={x} value={x}>
                    {tr(FOLLOW_UP_TYPE_NAMES[x])}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t(F.owner)}
              <select
                data-testid="followup-filter-owner"
                value={filters.ownerId ?? ''}
                onChange={(e) => set({ ownerId: e.target.value || undefined })}
              >
                <option value="">{t(F.any)}</option>
                {users.map((u) => (
                  <option key={u.id} value={u.id} translate="no">
                    {u.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t(F.from)}
              <input
                type="date"
                data-testid="followup-filter-from"
                value={filters.from ?? ''}
                onChange={(e) => set({ from: e.target.value || undefined })}
              />
            </label>
            <label className="field">
              {t(F.to)}
              <input
                type="date"
                data-testid="followup-filter-to"
                value={filters.to ?? ''}
                onChange={(e) => set({ to: e.target.value || undefined })}
              />
            </label>
            <label className="fu-check">
              <input
                type="checkbox"
                data-testid="followup-filter-overdue"
                checked={filters.overdue}
                onChange={(e) => set({ overdue: e.target.checked })}
              />
              {t(F.overdueOnly)}
            </label>
            <button
              type="button"
              className="btn btn-primary"
              data-testid="followup-new"
              disabled={creating}
              onClick={() => setCreating(true)}
            >
              {t(F.create)}
            </button>
          </section>
          {creating && (
            <CreateForm
              users={users}
              deadlines={deadlines}
              busy={busy}
              onSave={create}
              onCancel={() => setCreating(false)}
            />
          )}
          {data && items.length === 0 && (
            <p className="muted" data-testid="followup-none">
              {t(F.none)}
            </p>
          )}
          <ul className="fu-list" data-testid="followup-list" data-count={items.length}>
            {items.map((f) => (
              <FollowUpItem key={f.id} f={f} busy={busy} timeZone={timeZone} onAction={act} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
