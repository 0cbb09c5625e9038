import type { ReturnedRating } from '@talon/protocol';
import type { HqDeps, Queryable } from '../context.js';

/** TODO(issue 13): filled in by its owner; registers its routes of HQ_ROUTES. */
export function registerPublic(_deps: HqDeps): void {}

/** Ratings given on the public page that the office has not acknowledged yet, oldest first. */
export async function pendingRatings(_db: Queryable, _officeId: string): Promise<ReturnedRating[]> {
  return [];
}
