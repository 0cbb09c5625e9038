import type { Page } from 'playwright-core';

/** What one cell of the screen matrix is held to. */
export interface CellRules {
  /** The screen's language: Russian text must hold no English word, English text no Cyrillic letter. */
  lang: 'ru' | 'en';
  /** Contrast of text against its background: 4.5:1 everywhere, 7:1 on the hall board. */
  minContrast: number;
}

export type ProblemKind = 'control' | 'overlap' | 'overflow' | 'language' | 'contrast';

export interface Problem {
  kind: ProblemKind;
  what: string;
  why: string;
}

/**
 * Looks at the live DOM of one screen state, as a visitor would see it at this size:
 * - every enabled control on the screen is wholly inside the viewport (or scrolled away inside its list)
 *   and is what a finger at its centre touches;
 * - no two pieces of text are drawn over each other, and no text is drawn under something else;
 * - no text sticks out of its box, is cut off by a clipping box, or widens the page (a running line marked
 *   `data-ticker` moves its text through its box on purpose);
 * - Russian text holds no English word and English text no Cyrillic letter (ticket numbers aside) — text marked `translate="no"`
 *   (names, numbers, codes, the visitor's own input) or with its own `lang` (the language switch) is
 *   judged as such; upper-case abbreviations (QR, PDF, XLSX) are words of both languages;
 * - text contrasts with its background by the rule's ratio (WCAG's formula); a disabled control is exempt,
 *   as WCAG exempts inactive components.
 * Only what is on the screen counts: text and controls scrolled away inside a list are not looked at, and
 * while a modal dialog is open only the dialog is.
 */
export function inspect(page: Page, rules: CellRules): Promise<Problem[]> {
  return page.evaluate((r: CellRules) => {
    const out: { kind: ProblemKind; what: string; why: string }[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const name = (el: Element | null): string => {
      if (!el) return 'nothing';
      const id = el.getAttribute('data-testid');
      const cls =
        typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''}${cls}`;
    };
    const short = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s).replace(/\s+/g, ' ').trim();
    interface Rect {
      left: number;
      top: number;
      right: number;
      bottom: number;
    }
    const styleOf = new Map<Element, CSSStyleDeclaration>();
    const css = (el: Element) => {
      let s = styleOf.get(el);
      if (!s) {
        s = getComputedStyle(el);
        styleOf.set(el, s);
      }
      return s;
    };
    const hidden = (el: Element): boolean => {
      for (let a: Element | null = el; a; a = a.parentElement) {
        const s = css(a);
        if (s.display === 'none' || s.visibility === 'hidden' || s.visibility === 'collapse' || Number(s.opacity) === 0)
          return true;
      }
      return false;
    };
    /** The part of a rect not clipped away by its scrolling or clipping ancestors (null: none of it shows). */
    const shown = (el: Element, rect: Rect, clipped?: (by: Element) => void): Rect | null => {
      let { left, top, right, bottom } = rect;
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const s = css(a);
        const scrolls = /auto|scroll/.test(s.overflowX + s.overflowY);
        const clips = /hidden|clip/.test(s.overflowX + s.overflowY);
        // overflow does not apply to an inline box (and its client box is empty)
        if ((!scrolls && !clips) || /^(inline|contents)$/.test(s.display)) continue;
        // a box clips its content at its padding edge: its own border is never under its content
        const box = a.getBoundingClientRect();
        const ar = {
          left: box.left + a.clientLeft,
          top: box.top + a.clientTop,
          right: box.left + a.clientLeft + a.clientWidth,
          bottom: box.top + a.clientTop + a.clientHeight,
        };
        if (
          clips &&
          clipped &&
          (left < ar.left - 1 || top < ar.top - 1 || right > ar.right + 1 || bottom > ar.bottom + 1)
        )
          clipped(a);
        left = Math.max(left, ar.left);
        top = Math.max(top, ar.top);
        right = Math.min(right, ar.right);
        bottom = Math.min(bottom, ar.bottom);
        if (right - left < 2 || bottom - top < 2) return null;
      }
      return { left, top, right, bottom };
    };
    // an open modal dialog is the whole screen: what lies under its backdrop is neither touched nor read
    const modal = [...document.querySelectorAll('[aria-modal="true"], dialog[open]')].filter((d) => !hidden(d)).at(-1);
    const inScope = (el: Element) => !modal || modal.contains(el);
    const inViewport = (x: Rect) => x.left >= -0.5 && x.top >= -0.5 && x.right <= vw + 0.5 && x.bottom <= vh + 0.5;

    // 1. controls: on the screen, and the element a finger at their centre touches
    const controls = document.querySelectorAll(
      'button:not([disabled]), [role=button]:not([aria-disabled=true]), a[href], input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled])',
    );
    for (const el of controls) {
      const b = el.getBoundingClientRect();
      if (b.width === 0 || b.height === 0 || !inScope(el) || hidden(el)) continue;
      const cut: Element[] = [];
      const part = shown(el, b, (by) => cut.push(by));
      if (!part) continue; // scrolled away inside its list
      for (const by of cut) out.push({ kind: 'control', what: name(el), why: `cut off by ${name(by)}` });
      if (!inViewport(part)) {
        out.push({
          kind: 'control',
          what: name(el),
          why: `outside the ${vw}×${vh} screen at ${Math.round(part.left)},${Math.round(part.top)}–${Math.round(part.right)},${Math.round(part.bottom)}`,
        });
        continue;
      }
      const hit = document.elementFromPoint((part.left + part.right) / 2, (part.top + part.bottom) / 2);
      if (!hit || !(hit === el || el.contains(hit) || (hit instanceof HTMLLabelElement && hit.control === el)))
        out.push({ kind: 'control', what: name(el), why: `covered by ${name(hit)}` });
    }

    // the text of the screen, a fragment per line box
    interface Piece {
      node: Text;
      el: Element;
      block: Element;
      text: string;
      rects: Rect[];
      /** The same line boxes less what their scrolling lists hide: only these are drawn over anything. */
      seen: Rect[];
    }
    const pieces: Piece[] = [];
    const blockOf = (el: Element) => {
      for (let a: Element | null = el; a; a = a.parentElement)
        if (!/^(inline|contents)$/.test(css(a).display)) return a;
      return document.body;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const node = n as Text;
      const text = node.data.trim();
      const el = node.parentElement;
      if (!text || !el || /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE|OPTION)$/.test(el.tagName) || !inScope(el) || hidden(el))
        continue;
      range.selectNodeContents(node);
      const rects: Rect[] = [];
      const seen: Rect[] = [];
      for (const f of range.getClientRects()) {
        if (f.width < 1 || f.height < 1) continue;
        const part = shown(el, f);
        if (!part) continue;
        rects.push({ left: f.left, top: f.top, right: f.right, bottom: f.bottom });
        seen.push(part);
      }
      if (rects.length > 0) pieces.push({ node, el, block: blockOf(el), text, rects, seen });
    }

    // 2. overlap: text over text of another block, and text drawn under something that is not its own
    const ink = (p: Piece, f: Rect): Rect => {
      // a line box is taller than its letters; only the letters' band counts
      const size = Number.parseFloat(css(p.el).fontSize) || 16;
      const inset = Math.min((f.bottom - f.top) / 2 - 1, size * 0.18);
      return { left: f.left, top: f.top + inset, right: f.right, bottom: f.bottom - inset };
    };
    const overlapOf = (a: Rect, b: Rect) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 &&
      Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    const reported = new Set<string>();
    for (let i = 0; i < pieces.length; i++) {
      const a = pieces[i] as Piece;
      for (let j = i + 1; j < pieces.length; j++) {
        const b = pieces[j] as Piece;
        if (a.block === b.block) continue;
        if (a.seen.some((fa) => b.seen.some((fb) => overlapOf(ink(a, fa), ink(b, fb))))) {
          const key = `${name(a.el)}|${name(b.el)}`;
          if (reported.has(key)) continue;
          reported.add(key);
          out.push({
            kind: 'overlap',
            what: `«${short(a.text)}» (${name(a.el)})`,
            why: `drawn over «${short(b.text)}» (${name(b.el)})`,
          });
        }
      }
      const f = a.seen[0] as Rect;
      const x = Math.min(Math.max((f.left + f.right) / 2, 0), vw - 1);
      const y = Math.min(Math.max((f.top + f.bottom) / 2, 0), vh - 1);
      const hit = document.elementFromPoint(x, y);
      const mine = (h: Element) => {
        if (h === a.el || a.el.contains(h) || h.contains(a.el)) return true;
        // the control this text labels (a styled checkbox or a label's input) counts as the text's own
        const own = a.el.closest('label, button, a, [role=button]');
        return !!own && (own === h || own.contains(h) || (own instanceof HTMLLabelElement && own.control === h));
      };
      if (hit && !mine(hit) && inViewport(f))
        out.push({ kind: 'overlap', what: `«${short(a.text)}» (${name(a.el)})`, why: `covered by ${name(hit)}` });
    }

    // 3. overflow: past its box, cut off by a clipping box, or wider than the page
    // a running line (`data-ticker`) moves its text through its box on purpose
    const moving = (p: Piece) => !!p.el.closest('[data-ticker]');
    for (const p of pieces) {
      if (moving(p)) continue;
      const box = p.block.getBoundingClientRect();
      const s = css(p.block);
      if (s.overflowX === 'visible' && p.rects.some((f) => f.right > box.right + 1.5 || f.left < box.left - 1.5))
        out.push({
          kind: 'overflow',
          what: `«${short(p.text)}» (${name(p.el)})`,
          why: `sticks out of ${name(p.block)}`,
        });
      if (p.rects.some((f) => f.right > vw + 0.5 || f.left < -0.5))
        out.push({ kind: 'overflow', what: `«${short(p.text)}» (${name(p.el)})`, why: 'past the edge of the screen' });
    }
    const cut = new Set<Element>();
    for (const p of pieces)
      for (let a: Element | null = moving(p) ? null : p.el; a && a !== document.body; a = a.parentElement) {
        const s = css(a);
        if (!/hidden|clip/.test(s.overflowX + s.overflowY) || cut.has(a)) continue;
        const wide = a.scrollWidth > a.clientWidth + 1 && /hidden|clip/.test(s.overflowX);
        const tall = a.scrollHeight > a.clientHeight + 1 && /hidden|clip/.test(s.overflowY);
        if (!wide && !tall) continue;
        const box = a.getBoundingClientRect();
        const lost = p.rects.some(
          (f) => f.right > box.right + 1 || f.left < box.left - 1 || f.bottom > box.bottom + 1 || f.top < box.top - 1,
        );
        if (!lost) continue;
        cut.add(a);
        out.push({ kind: 'overflow', what: `«${short(p.text)}» (${name(p.el)})`, why: `cut off by ${name(a)}` });
      }
    if (document.documentElement.scrollWidth > vw + 1)
      out.push({
        kind: 'overflow',
        what: 'the page',
        why: `is ${document.documentElement.scrollWidth}px wide on a ${vw}px screen`,
      });

    // 4. language
    const cyrillic = /[А-Яа-яЁё]/;
    for (const p of pieces) {
      if (p.el.closest('[translate="no"]')) continue;
      const lang = (p.el.closest('[lang]')?.getAttribute('lang') ?? r.lang).slice(0, 2);
      // a ticket number (К-001, БТ-012) is a code of both languages: its letter is the office's service prefix
      if (lang === 'en' && cyrillic.test(p.text.replace(/[А-ЯЁA-Z]{1,3}-\d{2,4}/g, '')))
        out.push({
          kind: 'language',
          what: `«${short(p.text)}» (${name(p.el)})`,
          why: 'Russian in the English screen',
        });
      if (lang === 'ru') {
        const english = (p.text.match(/[A-Za-z][A-Za-z'’]*/g) ?? []).filter((w) => !/^[A-Z]{1,5}s?$/.test(w));
        if (english.length > 0)
          out.push({
            kind: 'language',
            what: `«${short(p.text)}» (${name(p.el)})`,
            why: `English in the Russian screen: ${english.slice(0, 4).join(', ')}`,
          });
      }
    }

    // 5. contrast
    const parse = (c: string): [number, number, number, number] | null => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const v = (m[1] as string)
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [v[0] ?? 0, v[1] ?? 0, v[2] ?? 0, v[3] ?? 1];
    };
    const over = (top: number[], below: number[]) => {
      const a = top[3] ?? 1;
      return [0, 1, 2].map((i) => (top[i] ?? 0) * a + (below[i] ?? 0) * (1 - a)).concat(1);
    };
    const lum = (c: number[]) => {
      const ch = [0, 1, 2].map((i) => {
        const x = (c[i] ?? 0) / 255;
        return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (ch[0] ?? 0) + 0.7152 * (ch[1] ?? 0) + 0.0722 * (ch[2] ?? 0);
    };
    const ratio = (a: number[], b: number[]) => {
      const [x, y] = [lum(a), lum(b)];
      return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    };
    /** The colours text may sit on: the element's own and its ancestors' backgrounds, a gradient's every stop. */
    const backgrounds = (el: Element): number[][] | null => {
      const layers: number[][][] = [];
      for (let a: Element | null = el; a; a = a.parentElement) {
        const s = css(a);
        if (s.backgroundImage && s.backgroundImage !== 'none') {
          if (/url\(/.test(s.backgroundImage)) return null;
          const stops = (s.backgroundImage.match(/rgba?\([^)]+\)/g) ?? []).map(parse).filter((x) => x !== null);
          if (stops.length > 0) {
            layers.push(stops);
            if (stops.every((x) => (x[3] ?? 1) >= 1)) break;
          }
        }
        const bg = parse(s.backgroundColor);
        if (bg && bg[3] > 0) {
          layers.push([bg]);
          if (bg[3] >= 1) break;
        }
      }
      let under: number[][] = [[255, 255, 255, 1]];
      for (const layer of layers.reverse()) under = layer.flatMap((top) => under.map((below) => over(top, below)));
      return under;
    };
    const seenEl = new Set<Element>();
    for (const p of pieces) {
      if (seenEl.has(p.el)) continue;
      seenEl.add(p.el);
      if (p.el.closest(':disabled, [aria-disabled=true]')) continue;
      const s = css(p.el);
      const fg = parse(s.color);
      if (!fg || fg[3] === 0) continue;
      let opacity = 1;
      for (let a: Element | null = p.el; a; a = a.parentElement) opacity *= Number(css(a).opacity);
      const under = backgrounds(p.el);
      if (!under) continue;
      const worst = Math.min(...under.map((bg) => ratio(over([fg[0], fg[1], fg[2], fg[3] * opacity], bg), bg)));
      if (worst < r.minContrast - 0.01)
        out.push({
          kind: 'contrast',
          what: `«${short(p.text)}» (${name(p.el)})`,
          why: `${worst.toFixed(2)}:1 against its background, needs ${r.minContrast}:1 (${s.color})`,
        });
    }
    return out;
  }, rules);
}
