import { useI18n } from '@talon/ui';

/** Seconds per character of the running line: slow enough to read from across the hall. */
const SEC_PER_CHAR = 0.2;

/**
 * The running information line. The text runs twice in a row so that the loop has no gap; the
 * second copy is hidden from screen readers.
 */
export function InfoLine({ items }: { items: string[] }) {
  const { lang } = useI18n();
  if (items.length === 0) return null;
  const chars = items.reduce((n, s) => n + s.length + 5, 0);
  const run = (hidden: boolean) => (
    <span className="board-info-run" aria-hidden={hidden || undefined}>
      {items.map((text, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines have no identity beyond their order
        <span className="board-info-item" data-testid={hidden ? undefined : 'board-info-item'} key={i}>
          {text}
        </span>
      ))}
    </span>
  );
  return (
    <div className="board-info" data-testid="board-info-line" data-ticker="" lang={lang}>
      <div className="board-info-track" style={{ animationDuration: `${Math.max(20, chars * SEC_PER_CHAR)}s` }}>
        {run(false)}
        {run(true)}
      </div>
    </div>
  );
}
