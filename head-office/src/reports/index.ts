import type { HqDeps } from '../context.js';

/** TODO(issue 13): filled in by its owner; registers its routes of HQ_ROUTES. */
export function registerReports(_deps: HqDeps): void {}
