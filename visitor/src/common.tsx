import { type UiError, useI18n } from '@talon/ui';
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
