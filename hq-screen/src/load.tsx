import { isAuthError, toUiError, type UiError, useI18n } from '@talon/ui';
import { useEffect, useRef, useState } from 'react';
import { S } from './strings.js';

/** What every page gets: the session's token and a way out when the server no longer accepts it. */
export interface PageProps {
  token: string;
  onAuthLost: () => void;
}

/**
 * Loads whenever `key` changes; a slower answer to an older key never overwrites a newer one, and a
 * refused session signs the person out instead of showing an error.
 */
export function useLoad<T>(key: string, load: () => Promise<T>, onAuthLost: () => void) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const seq = useRef(0);
  const loader = useRef(load);
  loader.current = load;
  const authLost = useRef(onAuthLost);
  authLost.current = onAuthLost;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names everything the request depends on
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    loader.current().then(
      (d) => {
        if (mine !== seq.current) return;
        setData(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== seq.current) return;
        const err = toUiError(e);
        if (isAuthError(err)) authLost.current();
        // figures of the previous filter under the new one would read as its answer
        setData(null);
        setError(err);
        setLoading(false);
      },
    );
  }, [key, attempt]);
  return { data, error, loading, reload: () => setAttempt((n) => n + 1), setData };
}

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
            <li key={`${i.path}:${i.message}`}>
              {i.path && <code>{i.path}</code>} {i.message}
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

/** The server's validation issues (`[{ path, message }]`, possibly under `issues`), or nothing. */
export function issueList(details: unknown): { path: string; message: string }[] {
  const list = Array.isArray(details)
    ? details
    : details && typeof details === 'object' && Array.isArray((details as { issues?: unknown }).issues)
      ? (details as { issues: unknown[] }).issues
      : [];
  return list.flatMap((i) => {
    if (typeof i === 'string') return [{ path: '', message: i }];
    if (!i || typeof i !== 'object') return [];
    const o = i as { path?: unknown; message?: unknown };
    const path = Array.isArray(o.path) ? o.path.join('.') : typeof o.path === 'string' ? o.path : '';
    return typeof o.message === 'string' ? [{ path, message: o.message }] : [];
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
