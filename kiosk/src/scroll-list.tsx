import { pluralRu, useI18n } from '@talon/ui';
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { S } from './strings.js';

interface View {
  /** Items not (wholly) shown below the visible part. */
  below: number;
  /** The scrollbar's thumb, in % of the track; `null` when everything fits. */
  thumb: { top: number; height: number } | null;
}

function viewOf(list: HTMLElement): View {
  const bottom = list.getBoundingClientRect().bottom;
  let below = 0;
  for (const item of list.children) if (item.getBoundingClientRect().bottom > bottom + 2) below++;
  const { scrollTop, scrollHeight, clientHeight } = list;
  const thumb =
    scrollHeight > clientHeight + 1
      ? { top: (scrollTop / scrollHeight) * 100, height: (clientHeight / scrollHeight) * 100 }
      : null;
  return { below, thumb };
}

const same = (a: View, b: View) =>
  a.below === b.below && a.thumb?.top === b.thumb?.top && a.thumb?.height === b.thumb?.height;

/**
 * A list that takes the room left on the screen and scrolls inside it, and says so: a scrollbar drawn
 * by the page (a touch kiosk's own scrollbars hide until touched), a fade at the bottom edge and a bar
 * «Ещё N тем ниже» that scrolls a page down when touched.
 */
export function ScrollList({
  className,
  testId,
  children,
}: {
  className: string;
  testId: string;
  children: ReactNode;
}) {
  const { t, lang } = useI18n();
  const list = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>({ below: 0, thumb: null });
  const measure = useCallback(() => {
    const el = list.current;
    if (!el) return;
    const next = viewOf(el);
    setView((v) => (same(v, next) ? v : next));
  }, []);
  const { below, thumb } = view;
  // after every render: the items may have changed (a topic closed for today, the language)
  useLayoutEffect(measure);
  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);

  const more = () => {
    const el = list.current;
    if (!el) return;
    const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollBy({ top: Math.max(80, el.clientHeight * 0.8), behavior: smooth ? 'smooth' : 'auto' });
  };
  const topics = lang === 'ru' ? pluralRu(below, 'тема', 'темы', 'тем') : below === 1 ? 'topic' : 'topics';
  return (
    <div className="scroll-list">
      <div className="scroll-list-frame">
        <div
          ref={list}
          className={`scroll-list-body ${className} ${below > 0 ? 'has-more' : ''}`}
          data-testid={testId}
          onScroll={measure}
        >
          {children}
        </div>
        {thumb && (
          <div className="scroll-list-track" data-testid="topics-scrollbar" aria-hidden="true">
            <div className="scroll-list-thumb" style={{ top: `${thumb.top}%`, height: `${thumb.height}%` }} />
          </div>
        )}
      </div>
      <button
        type="button"
        className="btn scroll-list-more"
        data-testid="topics-more"
        data-count={below}
        aria-hidden={below === 0}
        tabIndex={below === 0 ? -1 : 0}
        onClick={more}
      >
        {t(S.topicsMore, { n: below, topics })} <span aria-hidden="true">↓</span>
      </button>
    </div>
  );
}
