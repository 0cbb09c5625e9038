import type { HqDeps, Queryable } from '../context.js';

/** TODO(issue 13): filled in by its owner; registers its routes of HQ_ROUTES. */
export function registerProfiles(_deps: HqDeps): void {}

/** The newest profile version published for an office (its own, its branch's or the company's); null: none. */
export async function profileVersionFor(_db: Queryable, _officeId: string): Promise<number | null> {
  return null;
}
