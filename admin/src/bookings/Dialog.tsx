import { type ReactNode, useEffect } from 'react';

/** A modal over the bookings screen: Esc closes it; its own buttons are the children's. */
export function Dialog({
  title,
  testId,
  wide,
  onClose,
  children,
}: {
  title: string;
  testId: string;
  wide?: boolean;
  onClose: () => void;
  children: ReactNode;
}) {
  useEffect(() => {
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', esc);
    return () => window.removeEventListener('keydown', esc);
  }, [onClose]);
  return (
    <div className="bk-backdrop">
      <div
        className={`bk-dialog card ${wide ? 'bk-dialog-wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
      >
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}
