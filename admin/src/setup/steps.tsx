import { type FieldIssue, type SetupPreset, WEEKDAY_FULL, WEEKDAYS, type Weekday } from '@talon/protocol';
import { formatTime, type Pair, useI18n } from '@talon/ui';
import { type ReactNode, useMemo, useState } from 'react';
import {
  type DayHours,
  type Draft,
  type Issues,
  isTimeZone,
  readConfigFile,
  resize,
  schedules,
  withPreset,
} from './model.js';
import { W } from './strings.js';

type Update = (patch: Partial<Draft>) => void;

function Issue({ issues, id }: { issues: Issues; id: string }) {
  const { t } = useI18n();
  const i = issues.get(id);
  if (!i) return null;
  return (
    <span className="setup-issue" role="alert" data-testid={`setup-issue-${id}`}>
      {t(i.pair, i.vars)}
    </span>
  );
}

function Field({
  label,
  hint,
  issues,
  id,
  children,
}: {
  label: Pair;
  hint?: ReactNode;
  issues: Issues;
  id: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <label htmlFor={`f-${id}`} className={`field setup-field ${issues.has(id) ? 'invalid' : ''}`}>
      <span>{t(label)}</span>
      {children}
      {hint && <small className="muted">{hint}</small>}
      <Issue issues={issues} id={id} />
    </label>
  );
}

const ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

export function OfficeStep({ draft, update, issues }: { draft: Draft; update: Update; issues: Issues }) {
  const { t, lang } = useI18n();
  const zoneOk = isTimeZone(draft.timeZone);
  return (
    <fieldset className="setup-fieldset">
      <legend>{t(W.stepOffice)}</legend>
      <Field label={W.officeName} hint={t(W.officeNameHint)} issues={issues} id="nameRu">
        <input
          id="f-nameRu"
          data-testid="setup-office-name"
          value={draft.nameRu}
          maxLength={200}
          placeholder="ЦОК «Центральный»"
          onChange={(e) => update({ nameRu: e.target.value })}
        />
      </Field>
      <Field label={W.officeNameEn} issues={issues} id="nameEn">
        <input
          id="f-nameEn"
          data-testid="setup-office-name-en"
          value={draft.nameEn}
          maxLength={200}
          lang="en"
          onChange={(e) => update({ nameEn: e.target.value })}
        />
      </Field>
      <Field label={W.address} issues={issues} id="address">
        <input
          id="f-address"
          data-testid="setup-office-address"
          value={draft.address}
          maxLength={300}
          onChange={(e) => update({ address: e.target.value })}
        />
      </Field>
      <Field
        label={W.timeZone}
        hint={
          <>
            {t(W.timeZoneHint)}
            {zoneOk && (
              <>
                {'. '}
                <strong data-testid="setup-tz-now">
                  {t(W.timeZoneNow, { time: formatTime(Date.now(), lang, draft.timeZone.trim()) })}
                </strong>
              </>
            )}
          </>
        }
        issues={issues}
        id="timeZone"
      >
        <input
          id="f-timeZone"
          data-testid="setup-office-tz"
          list="setup-zones"
          value={draft.timeZone}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => update({ timeZone: e.target.value })}
        />
        <datalist id="setup-zones">
          {ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </Field>
    </fieldset>
  );
}

export function NormsStep({
  draft,
  setDraft,
  presets,
  issues,
}: {
  draft: Draft;
  setDraft: (f: (d: Draft) => Draft) => void;
  presets: SetupPreset[];
  issues: Issues;
}) {
  const { t, tr } = useI18n();
  const [fileProblem, setFileProblem] = useState<{ notJson: boolean; issues: FieldIssue[] } | null>(null);
  const chosen = draft.norms;
  const preset = chosen?.kind === 'preset' ? presets.find((p) => p.id === chosen.preset) : undefined;

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    const r = readConfigFile(await file.text());
    if (!r.ok) {
      setFileProblem(r);
      setDraft((d) => ({ ...d, norms: d.norms?.kind === 'file' ? null : d.norms }));
      return;
    }
    setFileProblem(null);
    setDraft((d) => ({ ...d, norms: { kind: 'file', fileName: file.name, config: r.config } }));
  };

  return (
    <fieldset className="setup-fieldset">
      <legend>{t(W.stepNorms)}</legend>
      <p>{t(W.normsIntro)}</p>
      <div className="setup-choices" role="radiogroup">
        {presets.map((p) => (
          <label
            key={p.id}
            className={`card setup-choice ${chosen?.kind === 'preset' && chosen.preset === p.id ? 'chosen' : ''}`}
          >
            <input
              type="radio"
              name="norms"
              data-testid={`setup-preset-${p.id}`}
              checked={chosen?.kind === 'preset' && chosen.preset === p.id}
              onChange={() => setDraft((d) => withPreset(d, p))}
            />
            <span className="setup-choice-text">
              <strong>{tr(p.name)}</strong>
              <span>{tr(p.summary)}</span>
              <small className="muted">{tr(p.source)}</small>
            </span>
          </label>
        ))}
        <label className={`card setup-choice ${chosen?.kind === 'file' ? 'chosen' : ''}`}>
          <input
            type="radio"
            name="norms"
            data-testid="setup-norms-file"
            checked={chosen?.kind === 'file'}
            onChange={() => document.getElementById('setup-file')?.click()}
          />
          <span className="setup-choice-text">
            <strong>{t(W.fromFile)}</strong>
            <span>{t(W.fromFileHint)}</span>
            <input
              id="setup-file"
              type="file"
              accept=".json,application/json"
              data-testid="setup-file-input"
              aria-label={t(W.chooseFile)}
              onChange={(e) => void onFile(e.target.files?.[0])}
            />
          </span>
        </label>
      </div>
      <Issue issues={issues} id="norms" />
      {fileProblem && (
        <div className="error" role="alert" data-testid="setup-file-error">
          {t(fileProblem.notJson ? W.fileNotJson : W.fileInvalid)}
          {fileProblem.issues.length > 0 && (
            <ul>
              {fileProblem.issues.map((i) => (
                <li key={i.path + i.message.en}>
                  {i.path || '—'}: {tr(i.message)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {chosen?.kind === 'file' && (
        <p className="notice ok" data-testid="setup-file-summary">
          {t(W.fileOk, {
            file: chosen.fileName,
            windows: chosen.config.windows.length,
            services: chosen.config.services.length,
            topics: chosen.config.topics.length,
          })}
        </p>
      )}
      {preset && <PresetNorms preset={preset} />}
    </fieldset>
  );
}

function PresetNorms({ preset }: { preset: SetupPreset }) {
  const { t, tr } = useI18n();
  return (
    <div className="setup-norms" data-testid="setup-preset-norms">
      <table className="grid">
        <thead>
          <tr>
            <th>{t(W.serviceCol)}</th>
            <th className="num">{t(W.waitCol)}</th>
            <th className="num">{t(W.serviceNormCol)}</th>
          </tr>
        </thead>
        <tbody>
          {preset.services.map((s) => (
            <tr key={s.id}>
              <td>{tr(s.name)}</td>
              <td className="num">{s.waitNormMin}</td>
              <td className="num">{s.serviceNormMin}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preset.totalNormMin !== null && <p className="muted">{t(W.total, { n: preset.totalNormMin })}</p>}
    </div>
  );
}

function Numbers({
  kind,
  list,
  other,
  onChange,
  issues,
}: {
  kind: 'windows' | 'cabinets';
  list: number[];
  other: number[];
  onChange: (list: number[]) => void;
  issues: Issues;
}) {
  const { t } = useI18n();
  const isWindow = kind === 'windows';
  return (
    <div className="setup-numbers">
      <div className="setup-count">
        <Field label={isWindow ? W.windowsCount : W.cabinetsCount} issues={issues} id={kind}>
          <input
            type="number"
            min={isWindow ? 1 : 0}
            max={99}
            inputMode="numeric"
            id={`f-${kind}`}
            data-testid={`setup-${kind}-count`}
            value={list.length}
            onChange={(e) => onChange(resize(list, Number(e.target.value), isWindow ? [] : other))}
          />
        </Field>
      </div>
      {list.length > 0 && (
        <div className="setup-number-list">
          {list.map((n, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the position is the identity of a number being typed
            <label key={i} className={`setup-number ${issues.has(`${kind}.${i}`) ? 'invalid' : ''}`}>
              <span>{t(isWindow ? W.windowN : W.cabinetN)}</span>
              <input
                type="number"
                min={1}
                max={999}
                inputMode="numeric"
                data-testid={`setup-${kind}-${i}`}
                value={n || ''}
                onChange={(e) => onChange(list.map((x, j) => (j === i ? Number(e.target.value) || 0 : x)))}
              />
              <Issue issues={issues} id={`${kind}.${i}`} />
            </label>
          ))}
        </div>
      )}
    </div>
  );
}

export function HallStep({ draft, update, issues }: { draft: Draft; update: Update; issues: Issues }) {
  const { t } = useI18n();
  if (draft.norms?.kind === 'file') {
    const cfg = draft.norms.config;
    return (
      <fieldset className="setup-fieldset">
        <legend>{t(W.stepHall)}</legend>
        <p className="notice" data-testid="setup-hall-from-file">
          {t(W.hallFromFile)}
        </p>
        <p>
          {t(W.windows)}:{' '}
          {cfg.windows.map((w) => `${w.kind === 'cabinet' ? t(W.cabinetN) : t(W.windowN)} ${w.number}`).join(', ')}
        </p>
      </fieldset>
    );
  }
  const setDay = (day: Weekday, patch: Partial<DayHours>) =>
    update({ days: { ...draft.days, [day]: { ...draft.days[day], ...patch } } });
  return (
    <fieldset className="setup-fieldset">
      <legend>{t(W.stepHall)}</legend>
      <p className="muted">{t(W.numbersHint)}</p>
      <div className="setup-columns">
        <Numbers
          kind="windows"
          list={draft.windows}
          other={draft.cabinets}
          issues={issues}
          onChange={(windows) => update({ windows })}
        />
        <Numbers
          kind="cabinets"
          list={draft.cabinets}
          other={draft.windows}
          issues={issues}
          onChange={(cabinets) => update({ cabinets })}
        />
      </div>
      <h3>{t(W.hours)}</h3>
      <p className="muted">{t(W.hoursHint)}</p>
      <Issue issues={issues} id="reception" />
      <table className="grid setup-hours" data-testid="setup-hours">
        <thead>
          <tr>
            <th>{t(W.day)}</th>
            <th>{t(W.officeOpen)}</th>
            <th>{t(W.receptionOpen)}</th>
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((day) => {
            const h = draft.days[day];
            return (
              <tr key={day} data-testid={`setup-day-${day}`}>
                <th scope="row">{t(WEEKDAY_FULL[day as Weekday] ?? [day, day])}</th>
                <td className={issues.has(`day.${day}.office`) ? 'invalid' : ''}>
                  <Range
                    id={`setup-day-${day}-office`}
                    label={W.officeOpen}
                    open={h.office}
                    from={h.officeFrom}
                    to={h.officeTo}
                    onChange={(open, from, to) => setDay(day, { office: open, officeFrom: from, officeTo: to })}
                  />
                  <Issue issues={issues} id={`day.${day}.office`} />
                </td>
                <td className={issues.has(`day.${day}.reception`) ? 'invalid' : ''}>
                  {h.office ? (
                    <Range
                      id={`setup-day-${day}-reception`}
                      label={W.receptionOpen}
                      open={h.reception}
                      from={h.receptionFrom}
                      to={h.receptionTo}
                      onChange={(open, from, to) =>
                        setDay(day, { reception: open, receptionFrom: from, receptionTo: to })
                      }
                    />
                  ) : (
                    <span className="muted">{t(W.closed)}</span>
                  )}
                  <Issue issues={issues} id={`day.${day}.reception`} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

function Range({
  id,
  label,
  open,
  from,
  to,
  onChange,
}: {
  id: string;
  label: Pair;
  open: boolean;
  from: string;
  to: string;
  onChange: (open: boolean, from: string, to: string) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="setup-range">
      <input
        type="checkbox"
        data-testid={`${id}-open`}
        checked={open}
        aria-label={t(label)}
        onChange={(e) => onChange(e.target.checked, from, to)}
      />
      {open ? (
        <>
          <TimeInput testId={`${id}-from`} value={from} onChange={(v) => onChange(open, v, to)} />
          <span aria-hidden="true">–</span>
          <TimeInput testId={`${id}-to`} value={to} onChange={(v) => onChange(open, from, v)} />
        </>
      ) : (
        <span className="muted">{t(W.closed)}</span>
      )}
    </div>
  );
}

/** «09:00» typed as text: a 24-hour clock whatever the browser's locale (a time input may show AM/PM). */
function TimeInput({ testId, value, onChange }: { testId: string; value: string; onChange: (v: string) => void }) {
  return (
    <input
      className="setup-time"
      data-testid={testId}
      value={value}
      inputMode="numeric"
      maxLength={5}
      placeholder="09:00"
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => onChange(e.target.value.replace(/[.,\s]/g, ':'))}
    />
  );
}

export function AdminStep({
  draft,
  update,
  issues,
  passwordRule,
  presets,
}: {
  draft: Draft;
  update: Update;
  issues: Issues;
  passwordRule: string;
  presets: SetupPreset[];
}) {
  const { t, tr } = useI18n();
  const summary = useMemo(() => {
    const norms =
      draft.norms?.kind === 'file'
        ? `${t(W.fromFile)}: ${draft.norms.fileName}`
        : tr(presets.find((p) => draft.norms?.kind === 'preset' && p.id === draft.norms.preset)?.name);
    const list =
      draft.norms?.kind === 'file'
        ? draft.norms.config.windows.map((w) => ({ kind: w.kind, number: w.number }))
        : [
            ...draft.windows.map((number) => ({ kind: 'window', number })),
            ...draft.cabinets.map((number) => ({ kind: 'cabinet', number })),
          ];
    const numbers = (kind: string) =>
      list
        .filter((w) => w.kind === kind)
        .map((w) => w.number)
        .join(', ');
    const windows = [numbers('window'), numbers('cabinet') && `${t(W.cabinets)}: ${numbers('cabinet')}`]
      .filter(Boolean)
      .join('; ');
    const days = Object.keys(schedules(draft).receptionHours)
      .map((d) => t(WEEKDAY_FULL[d as Weekday] ?? [d, d]))
      .join(', ');
    return { norms, windows, days };
  }, [draft, presets, t, tr]);
  return (
    <fieldset className="setup-fieldset">
      <legend>{t(W.stepAdmin)}</legend>
      <p>{t(W.adminIntro)}</p>
      <Field label={W.login} hint={t(W.loginHint)} issues={issues} id="login">
        <input
          id="f-login"
          data-testid="setup-admin-login"
          name="username"
          autoComplete="username"
          spellCheck={false}
          value={draft.login}
          onChange={(e) => update({ login: e.target.value })}
        />
      </Field>
      <Field label={W.adminName} issues={issues} id="adminName">
        <input
          id="f-adminName"
          data-testid="setup-admin-name"
          autoComplete="name"
          value={draft.adminName}
          onChange={(e) => update({ adminName: e.target.value })}
        />
      </Field>
      <p className="notice setup-rule" data-testid="setup-password-rule">
        {t(W.passwordRule, { rule: passwordRule })}
      </p>
      <Field label={W.password} issues={issues} id="password">
        <input
          type="password"
          id="f-password"
          data-testid="setup-admin-password"
          autoComplete="new-password"
          value={draft.password}
          onChange={(e) => update({ password: e.target.value })}
        />
      </Field>
      <Field label={W.password2} issues={issues} id="password2">
        <input
          type="password"
          id="f-password2"
          data-testid="setup-admin-password2"
          autoComplete="new-password"
          value={draft.password2}
          onChange={(e) => update({ password2: e.target.value })}
        />
      </Field>
      <section className="setup-summary" data-testid="setup-summary">
        <h3>{t(W.summary)}</h3>
        <dl>
          <dt>{t(W.officeName)}</dt>
          <dd>
            {draft.nameRu}
            {draft.address ? `, ${draft.address}` : ''} · {draft.timeZone}
          </dd>
          <dt>{t(W.stepNorms)}</dt>
          <dd>{summary.norms}</dd>
          <dt>{t(W.windows)}</dt>
          <dd>{summary.windows}</dd>
          {draft.norms?.kind !== 'file' && (
            <>
              <dt>{t(W.receptionOpen)}</dt>
              <dd>{summary.days}</dd>
            </>
          )}
        </dl>
      </section>
    </fieldset>
  );
}
