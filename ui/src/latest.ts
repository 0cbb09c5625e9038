import { useEffect, useRef, useState } from 'react';
import { isAuthError, toUiError, type UiError } from './errors.js';

/**
 * Loads whenever `key` changes; a slower answer to an older key never overwrites a newer one. With
 * `onAuthLost`, a refused session signs the person out instead of showing an error.
 */
export function useLatest<T>(key: string, load: () => Promise<T>, onAuthLost?: () => void) {
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
        if (isAuthError(err)) authLost.current?.();
        // figures of the previous filter under the new one would read as its answer
        setData(null);
        setError(err);
        setLoading(false);
      },
    );
  }, [key, attempt]);
  return { data, error, loading, reload: () => setAttempt((n) => n + 1), setData };
}
