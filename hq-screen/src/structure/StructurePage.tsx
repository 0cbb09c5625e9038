import type { Branch, OfficeCreated, OfficeRow } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { type FormEvent, useState } from 'react';
import { hq } from '../client.js';
import { KeyOnce } from '../KeyOnce.js';
import { type PageProps, Problem, useAction, useLoad } from '../load.js';
import { S } from '../strings.js';

const CODE = /^[A-Za-z0-9_-]{1,32}$/;

/** The company administrator's structure: branches, and offices registered with their key shown once. */
export function StructurePage({
  token,
  onAuthLost,
  offices,
  onPatch,
}: PageProps & { offices: readonly OfficeRow[]; onPatch: (row: OfficeRow) => void }) {
  const { t, tr } = useI18n();
  const branches = useLoad('branches', () => hq('branches', {}, { token }), onAuthLost);
  const [created, setCreated] = useState<OfficeCreated | null>(null);
  const list = branches.data ?? [];

  return (
    <div className="page" data-testid="structure">
      <h1>{t(S.structureTitle)}</h1>
      {branches.error && <Problem error={branches.error} onRetry={branches.reload} />}
      {created && (
        <KeyOnce
          apiKey={created.apiKey}
          title={t(S.officeRegistered, { name: tr(created.office.name) })}
          onDone={() => setCreated(null)}
        />
      )}
      <div className="two-cols">
        <section className="panel card" data-testid="branches">
          <h2>{t(S.branches)}</h2>
          <table className="grid">
            <thead>
              <tr>
                <th>{t(S.code)}</th>
                <th>{t(S.title)}</th>
                <th className="num">{t(S.officesCount)}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((b) => (
                <tr key={b.id} data-testid="branch-row" data-code={b.code}>
                  <td className="code">{b.code}</td>
                  <td>{tr(b.name)}</td>
                  <td className="num">{b.offices}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <BranchForm token={token} onAuthLost={onAuthLost} onCreated={(b) => branches.setData([...list, b])} />
        </section>
        <section className="panel card" data-testid="register">
          <h2>{t(S.registerOffice)}</h2>
          <OfficeForm
            token={token}
            onAuthLost={onAuthLost}
            branches={list}
            onCreated={(c) => {
              setCreated(c);
              onPatch(c.office);
              branches.reload();
            }}
          />
        </section>
      </div>
      <section className="panel card" data-testid="structure-offices">
        <h2>{t(S.offices)}</h2>
        <table className="grid">
          <thead>
            <tr>
              <th>{t(S.code)}</th>
              <th>{t(S.title)}</th>
              <th>{t(S.branch)}</th>
              <th>{t(S.keyState)}</th>
            </tr>
          </thead>
          <tbody>
            {[...offices]
              .sort((a, b) => a.code.localeCompare(b.code))
              .map((o) => (
                <tr key={o.id} data-testid="structure-office" data-code={o.code}>
                  <td className="code">{o.code}</td>
                  <td>{tr(o.name)}</td>
                  <td>{tr(o.branchName)}</td>
                  <td className={o.keyRevoked ? 'over' : ''}>{t(o.keyRevoked ? S.keyRevoked : S.keyOk)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function NameFields({
  ru,
  en,
  onRu,
  onEn,
  prefix,
}: {
  ru: string;
  en: string;
  onRu: (v: string) => void;
  onEn: (v: string) => void;
  prefix: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <label className="field">
        <span>{t(S.nameRu)}</span>
        <input data-testid={`${prefix}-name-ru`} value={ru} maxLength={200} onChange={(e) => onRu(e.target.value)} />
      </label>
      <label className="field">
        <span>{t(S.nameEn)}</span>
        <input data-testid={`${prefix}-name-en`} value={en} maxLength={200} onChange={(e) => onEn(e.target.value)} />
      </label>
    </>
  );
}

function CodeField({ value, onChange, testId }: { value: string; onChange: (v: string) => void; testId: string }) {
  const { t } = useI18n();
  return (
    <label className="field">
      <span>
        {t(S.code)} <span className="muted small">({t(S.codeHint)})</span>
      </span>
      <input
        data-testid={testId}
        value={value}
        maxLength={32}
        autoCapitalize="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value.trim())}
      />
    </label>
  );
}

function BranchForm({ token, onAuthLost, onCreated }: PageProps & { onCreated: (b: Branch) => void }) {
  const { t, tr } = useI18n();
  const [code, setCode] = useState('');
  const [ru, setRu] = useState('');
  const [en, setEn] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const action = useAction(onAuthLost);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNote(null);
    if (!CODE.test(code) || !ru.trim()) return action.setError(fillAll);
    const b = await action.run(() =>
      hq('createBranch', { body: { code, name: { ru: ru.trim(), en: en.trim() || ru.trim() } } }, { token }),
    );
    if (!b) return;
    onCreated(b);
    setNote(t(S.branchAdded, { name: tr(b.name) }));
    setCode('');
    setRu('');
    setEn('');
  };
  return (
    <form className="form" data-testid="branch-form" onSubmit={submit} noValidate>
      <h3>{t(S.addBranch)}</h3>
      <CodeField value={code} onChange={setCode} testId="branch-code" />
      <NameFields ru={ru} en={en} onRu={setRu} onEn={setEn} prefix="branch" />
      {action.error && <Problem error={action.error} testId="branch-error" />}
      {note && (
        <p className="ok-box" role="status">
          {note}
        </p>
      )}
      <button type="submit" className="btn btn-primary" data-testid="branch-submit" disabled={action.busy}>
        {t(S.addBranch)}
      </button>
    </form>
  );
}

const fillAll = { code: 'VALIDATION_FAILED' as const, message: { ru: S.fillAll[0], en: S.fillAll[1] } };

function OfficeForm({
  token,
  onAuthLost,
  branches,
  onCreated,
}: PageProps & { branches: readonly Branch[]; onCreated: (c: OfficeCreated) => void }) {
  const { t, tr } = useI18n();
  const [code, setCode] = useState('');
  const [ru, setRu] = useState('');
  const [en, setEn] = useState('');
  const [branchId, setBranchId] = useState('');
  const action = useAction(onAuthLost);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!CODE.test(code) || !ru.trim() || !branchId) return action.setError(fillAll);
    const c = await action.run(() =>
      hq('createOffice', { body: { code, name: { ru: ru.trim(), en: en.trim() || ru.trim() }, branchId } }, { token }),
    );
    if (!c) return;
    onCreated(c);
    setCode('');
    setRu('');
    setEn('');
  };
  if (branches.length === 0) return <p className="muted">{t(S.noBranches)}</p>;
  return (
    <form className="form" data-testid="office-form" onSubmit={submit} noValidate>
      <CodeField value={code} onChange={setCode} testId="office-code" />
      <NameFields ru={ru} en={en} onRu={setRu} onEn={setEn} prefix="office" />
      <label className="field">
        <span>{t(S.branch)}</span>
        <select data-testid="office-branch" value={branchId} onChange={(e) => setBranchId(e.target.value)}>
          <option value="">{t(S.chooseTarget)}</option>
          {branches.map((b) => (
            <option key={b.id} value={b.id}>
              {tr(b.name)}
            </option>
          ))}
        </select>
      </label>
      {action.error && <Problem error={action.error} testId="office-error" />}
      <button type="submit" className="btn btn-primary" data-testid="office-submit" disabled={action.busy}>
        {t(S.registerOffice)}
      </button>
    </form>
  );
}
