import { useI18n } from '@talon/ui';
import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import { S } from './strings.js';

interface DialogProps {
  title: string;
  testId: string;
  submitLabel: string;
  submitTestId: string;
  disabled?: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  children?: ReactNode;
}

/**
 * A modal form over the workplace: the first field (or the submit button) takes the focus, Enter
 * submits, Esc cancels (the workplace's key handler closes every dialog on Esc).
 */
export function Dialog({
  title,
  testId,
  submitLabel,
  submitTestId,
  disabled,
  onSubmit,
  onCancel,
  children,
}: DialogProps) {
  const { t } = useI18n();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const first = form.current?.querySelector<HTMLElement>(
      '[data-autofocus], input, select, textarea, button[type=submit]',
    );
    first?.focus();
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!disabled) onSubmit();
  };
  return (
    <div className="dialog-backdrop">
      <form
        ref={form}
        className="dialog card"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        onSubmit={submit}
      >
        <h2>{title}</h2>
        {children}
        <div className="dialog-buttons">
          <button type="button" className="btn" data-testid={`${testId}-cancel`} onClick={onCancel}>
            {t(S.cancel)}{' '}
            <kbd className="action-key" translate="no">
              Esc
            </kbd>
          </button>
          <button type="submit" className="btn btn-primary" data-testid={submitTestId} disabled={disabled}>
            {submitLabel}{' '}
            <kbd className="action-key" translate="no">
              Enter
            </kbd>
          </button>
        </div>
      </form>
    </div>
  );
}
