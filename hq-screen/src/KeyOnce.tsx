import { useI18n } from '@talon/ui';
import { type ReactNode, useState } from 'react';
import { S } from './strings.js';

/** Copies to the clipboard; on plain HTTP (no Clipboard API) through a selected text field. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export function CopyButton({ text, testId }: { text: string; testId: string }) {
  const { t } = useI18n();
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="btn"
      data-testid={testId}
      onClick={() => void copyText(text).then(setDone)}
      aria-live="polite"
    >
      {t(done ? S.copied : S.copy)}
    </button>
  );
}

/**
 * An office's API key, shown this once (head office keeps only its hash), with the exact command that
 * connects the office to this head office.
 */
export function KeyOnce({ apiKey, title, onDone }: { apiKey: string; title?: ReactNode; onDone: () => void }) {
  const { t } = useI18n();
  const command = `talon serve --hq ${location.origin} --hq-key ${apiKey}`;
  return (
    <section className="key-once card" data-testid="key-once" aria-live="assertive">
      <h2>{title ?? t(S.keyOnceTitle)}</h2>
      <p className="warning-box" data-testid="key-warning">
        {t(S.keyOnceWarning)}
      </p>
      <div className="key-line">
        <code className="key mono" data-testid="api-key">
          {apiKey}
        </code>
        <CopyButton text={apiKey} testId="copy-key" />
      </div>
      <h3>{t(S.connectCommand)}</h3>
      <div className="key-line">
        <code className="command mono" data-testid="connect-command">
          {command}
        </code>
        <CopyButton text={command} testId="copy-command" />
      </div>
      <button type="button" className="btn btn-primary" data-testid="key-done" onClick={onDone}>
        {t(S.done)}
      </button>
    </section>
  );
}

/** A button whose action needs a second, explicit yes (revoking a key, disabling a person). */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  danger,
  disabled,
  testId,
}: {
  label: string;
  question: string;
  onConfirm: () => void;
  danger?: boolean;
  disabled?: boolean;
  testId: string;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button
        type="button"
        className={`btn ${danger ? 'btn-danger' : ''}`}
        data-testid={testId}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  return (
    <span className="confirm">
      <span className="confirm-question">{question}</span>
      <button
        type="button"
        className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`}
        data-testid={`${testId}-yes`}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {label}
      </button>
      <button type="button" className="btn" data-testid={`${testId}-no`} onClick={() => setAsking(false)}>
        {t(S.cancel)}
      </button>
    </span>
  );
}
