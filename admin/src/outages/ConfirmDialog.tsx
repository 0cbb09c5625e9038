import { useI18n } from '@talon/ui';
import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import { O } from './strings.js';

/** A modal question over the admin screen: Enter confirms, Esc or «Отмена» closes it. */
export function ConfirmDialog({
  title,
  testId,
  disabled,
  busy,
  onConfirm,
  onCancel,
  children,
}: {
  title: string;
  testId: string;
  disabled?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('textarea, button[type=submit]')?.focus();
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && onCancel();
    window.addEventListener('keydown', esc);
    return () => window.removeEventListener('keydown', esc);
  }, [onCancel]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!disabled && !busy) onConfirm();
  };
  return (
    <div className="out-backdrop">
      <form
        ref={form}
        className="out-dialog card"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        onSubmit={submit}
      >
        <h2>{title}</h2>
        {children}
        <div className="out-dialog-buttons">
          <button type="button" className="btn" data-testid={`${testId}-cancel`} onClick={onCancel}>
            {t(O.cancel)}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            data-testid={`${testId}-confirm`}
            disabled={disabled || busy}
            aria-busy={busy}
          >
            {t(O.confirm)}
          </button>
        </div>
      </form>
    </div>
  );
}
