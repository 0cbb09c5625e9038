import type { VisitSummary, WireVisitNorms } from '@talon/protocol';

/**
 * Reading what an office sent. Payloads are the office's domain events (redacted); head office
 * stores whatever passed the wire schema, and reads the figures it folds defensively: one odd event
 * must not make the office's whole batch fail (and the office retry it forever).
 */
export type Payload = Record<string, unknown>;

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A real calendar day as `YYYY-MM-DD` (PostgreSQL's `::date` would refuse the whole batch otherwise). */
const days = new Set<string>();
export function isDay(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  // Every event of a day names the same few days: check each once per process.
  if (days.has(v)) return true;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || !d.toISOString().startsWith(v)) return false;
  if (days.size > 10_000) days.clear();
  days.add(v);
  return true;
}

export type WireVisit = VisitSummary & { norms?: WireVisitNorms | null };

/** The closing visit of ServiceFinished / TicketNoShow / TicketCancelled, when it is usable. */
export function closingVisit(p: Payload): WireVisit | null {
  const v = p.visit;
  if (typeof v !== 'object' || v === null) return null;
  const w = v as Partial<WireVisit>;
  if (!isDay(w.dayKey) || typeof w.ticketId !== 'string') return null;
  if (w.outcome !== 'served' && w.outcome !== 'no-show' && w.outcome !== 'cancelled') return null;
  if (typeof (w.originServiceId ?? w.serviceId) !== 'string') return null;
  return w as WireVisit;
}

/** A norm in seconds, or null when the visit had none (or sent something unusable). */
export const norm = (v: unknown): number | null => {
  const n = num(v);
  return n === undefined || n < 0 ? null : n;
};
