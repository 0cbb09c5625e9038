import type { RulesWhatIfAnswer, RulesWhatIfQuery, WhatIfAnswer, WhatIfQuery } from '@talon/protocol';
import { ApiError, call, type UiError } from '@talon/ui';
import { useEffect, useState } from 'react';

type Asked =
  | { route: 'staffingWhatIf'; query: Partial<WhatIfQuery> }
  | { route: 'rulesWhatIf'; query: Partial<RulesWhatIfQuery> };

/**
 * A what-if answer that follows its background run: «pending» is asked again every second until the server
 * has the result (cached there, so asking again costs nothing). `null` asks nothing.
 */
export function useWhatIf<A extends Asked>(
  token: string,
  asked: A | null,
): {
  answer: (A['route'] extends 'rulesWhatIf' ? RulesWhatIfAnswer : WhatIfAnswer) | null;
  error: UiError | null;
} {
  const [answer, setAnswer] = useState<WhatIfAnswer | RulesWhatIfAnswer | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const key = asked ? JSON.stringify(asked) : '';

  // biome-ignore lint/correctness/useExhaustiveDependencies: the question is its key
  useEffect(() => {
    if (!asked) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setAnswer(null);
    setError(null);
    const ask = () => {
      const p =
        asked.route === 'rulesWhatIf'
          ? call('rulesWhatIf', { query: asked.query as RulesWhatIfQuery }, { token, timeoutMs: 15_000 })
          : call('staffingWhatIf', { query: asked.query as WhatIfQuery }, { token, timeoutMs: 15_000 });
      p.then(
        (a) => {
          if (!live) return;
          setAnswer(a);
          if (a.status === 'pending') timer = setTimeout(ask, 1000);
        },
        (e: unknown) => {
          if (!live) return;
          setError(e instanceof ApiError ? e.error : { code: 'NETWORK', message: { ru: String(e), en: String(e) } });
        },
      );
    };
    ask();
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
  }, [key, token]);

  return { answer: answer as never, error };
}
