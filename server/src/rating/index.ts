import type { AuthService } from '../auth/index.js';
import type { Edge } from '../edge/plugin.js';
import { loadOrCreateSecret } from '../links.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { registerRatingApi } from './api.js';
import { RatingLinks } from './links.js';
import { registerRatingPages, type TicketPageOptions } from './page-routes.js';

export { boundWindow, ratingDeviceName } from './binding.js';
// desk-card.ts (pdf-lib, fonts) is imported lazily by the desk-card route: it is large and rarely used.
export { RatingLinks } from './links.js';

export interface RatingOptions {
  office: Office;
  store: Store;
  auth: AuthService;
  dataDir: string;
  /** Public address of the rating page for phones (`--public-url`); default: the address the screen used. */
  publicBaseUrl?: string;
  /** What the ticket page offers of the notifications for a ticket (server/src/notify decides). */
  notifyOptions?: TicketPageOptions['notifyOptions'];
}

/** Ratings: the terminal's API, the phone pages `/v/…` (the live ticket page, then the rating) and `/d/…`, the desk card. */
export function registerRating(edge: Edge, opts: RatingOptions): RatingLinks {
  const links = new RatingLinks(loadOrCreateSecret(opts.dataDir), opts.publicBaseUrl);
  registerRatingApi(edge, { office: opts.office, store: opts.store, auth: opts.auth, links });
  registerRatingPages(
    edge,
    opts.office,
    links,
    opts.store,
    opts.notifyOptions ? { notifyOptions: opts.notifyOptions } : {},
  );
  return links;
}
