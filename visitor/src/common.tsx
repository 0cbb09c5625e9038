import type { UiError } from '@talon/ui/errors';
import { useI18n } from '@talon/ui/i18n';
import type { ReactNode } from 'react';
import { S } from './strings.js';

/** A refusal or a lost connection in the visitor's words, with its code for whoever helps them. */
export function ErrorNote({ error, onRetry }: { error: UiError; onRetry?: () => void }) {
  const { t, tr } = useI18n();
  return (
    <div className="error" role="alert" data-testid="error" data-code={error.code}>
      <p>{tr(error.message)}</p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t(S.retry)}
        </button>
      )}
    </div>
  );
}

/** The phone number field of the booking and the take-a-ticket forms. */
export function PhoneField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useI18n();
  return (
    <label className="field">
      <span>{t(S.phone)}</span>
      <input
        data-testid="phone"
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={32}
        placeholder={t(S.phoneHint)}
      />
    </label>
  );
}

/** The consent to the processing of personal data (152-ФЗ): the box, then what it means in plain words. */
export function ConsentBox({
  checked,
  onChange,
  label,
  children,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
  label: string;
  children: ReactNode;
}) {
  return (
    <div className="consent card">
      <label className="check">
        <input type="checkbox" data-testid="consent" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        <span>{label}</span>
      </label>
      {children}
    </div>
  );
}

/** What is wrong with the form before it is sent, and what the office refused. */
export function FormProblems({ problem, error }: { problem: string | null; error: UiError | null }) {
  return (
    <>
      {problem && (
        <p className="error" role="alert" data-testid="problem">
          {problem}
        </p>
      )}
      {error && <ErrorNote error={error} />}
    </>
  );
}
