import type { LocalText } from '@talon/protocol';
import { isAuthError, toUiError, type UiError, useI18n } from '@talon/ui';
import { useState } from 'react';
import { S } from './strings.js';

/** What every page gets: the session's token and a way out when the server no longer accepts it. */
export interface PageProps {
  token: string;
  onAuthLost: () => void;
}

/** Loads whenever `key` changes (the shared hook; a refused session signs the person out). */
export { useLatest as useLoad } from '@talon/ui';

/** A refusal or a lost connection in the person's language, with the server's details when it gave any. */
export function Problem({
  error,
  onRetry,
  testId = 'problem',
}: {
  error: UiError;
  onRetry?: () => void;
  testId?: string;
}) {
  const { t, tr } = useI18n();
  const issues = issueList(error.details);
  return (
    <div className="error hq-problem" role="alert" data-testid={testId} data-code={error.code}>
      <span>{tr(error.message)}</span>
      {issues.length > 0 && (
        <ul data-testid={`${testId}-issues`}>
          {issues.map((i) => (
            <li key={`${i.path}:${i.message.en}`}>
              {i.path && <code>{i.path}</code>} {tr(i.message)}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t(S.retry)}
        </button>
      )}
    </div>
  );
}

/**
 * The server's validation issues (`[{ path, message }]`, possibly under `issues`), or nothing. The
 * message is in both languages (`{ ru, en }`); a plain string is taken for both.
 */
export function issueList(details: unknown): { path: string; message: LocalText }[] {
  const list = Array.isArray(details)
    ? details
    : details && typeof details === 'object' && Array.isArray((details as { issues?: unknown }).issues)
      ? (details as { issues: unknown[] }).issues
      : [];
  return list.flatMap((i) => {
    if (typeof i === 'string') return [{ path: '', message: { ru: i, en: i } }];
    if (!i || typeof i !== 'object') return [];
    const o = i as { path?: unknown; message?: unknown };
    const path = Array.isArray(o.path) ? o.path.join('.') : typeof o.path === 'string' ? o.path : '';
    if (typeof o.message === 'string') return [{ path, message: { ru: o.message, en: o.message } }];
    const m = o.message as Partial<LocalText> | undefined;
    return m?.ru && m.en ? [{ path, message: { ru: m.ru, en: m.en } }] : [];
  });
}

/** Runs an action of the person; its refusal becomes the page's message, a refused session signs out. */
export function useAction(onAuthLost: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const run = async <T,>(work: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      const err = toUiError(e);
      if (isAuthError(err)) onAuthLost();
      else setError(err);
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
