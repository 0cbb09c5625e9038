import { type RefObject, useEffect } from 'react';

/** The smallest a grid's choice texts shrink to keep words whole; below it a word may break after all. */
export const MIN_WORDS_SCALE = 0.7;
const STEP = 0.05;

/**
 * Shrinks one grid's choice texts together (one size for all its cards) until every word fits whole on a
 * line: Russian words run long («энергоснабжения», «Юридическое»), and a card that splits one mid-word is
 * hard to read. Past `MIN_WORDS_SCALE` the grid may break a word (`data-words="break"`). Returns the scale.
 */
export function fitWholeWords(grid: HTMLElement): number {
  const texts = [...grid.querySelectorAll<HTMLElement>('.choice-text')];
  grid.style.removeProperty('--words-scale');
  grid.removeAttribute('data-words');
  const overflows = () => texts.some((t) => t.scrollWidth > t.clientWidth + 1);
  let scale = 1;
  while (overflows() && scale - STEP >= MIN_WORDS_SCALE - 1e-9) {
    scale -= STEP;
    grid.style.setProperty('--words-scale', scale.toFixed(2));
  }
  if (overflows()) grid.setAttribute('data-words', 'break');
  return scale;
}

/**
 * Keeps every choice grid under `root` fitted: on a new step, a new language, the large-text or contrast mode
 * (classes on <html>) and any change of size.
 */
export function useWholeWords(root: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    let frame = 0;
    const fit = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        for (const grid of el.querySelectorAll<HTMLElement>('.choice-grid')) fitWholeWords(grid);
      });
    };
    fit();
    const sized = new ResizeObserver(fit);
    sized.observe(el);
    // the fitting itself only touches the grids' style: not observed, so it cannot loop
    const content = new MutationObserver(fit);
    content.observe(el, { childList: true, subtree: true, characterData: true });
    const modes = new MutationObserver(fit);
    modes.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'lang'] });
    return () => {
      cancelAnimationFrame(frame);
      sized.disconnect();
      content.disconnect();
      modes.disconnect();
    };
  }, [root]);
}
