import { z } from 'zod';
import type { HqLinkStatus } from '../hq/link.js';
import type { LocalText } from '../text.js';
import { route } from './define.js';
import { typed } from './typed.js';

/**
 * The office's link to head office (issue 13): where head office is and the office's key there. Set
 * by `--hq URL --hq-key KEY` (or TALON_HQ_URL / TALON_HQ_KEY), by the first-run setup, or here by the
 * configuration administrator; the address is checked with head office before it is saved.
 */
export const HqLinkBody = z
  .object({
    url: z.string().trim().min(1).max(300),
    key: z.string().trim().min(16).max(200),
  })
  .strict();
export type HqLinkBody = z.infer<typeof HqLinkBody>;

/** The setup wizard's check: the link token, and the office's draft zone and name for the hello. */
export const SetupHqCheckBody = HqLinkBody.extend({
  token: z.string().max(200).default(''),
  timeZone: z.string().trim().max(64).optional(),
}).strict();

/** How head office knows this office, from its answer to the check. */
export interface HqCheckResponse {
  ok: true;
  office: { code: string; name: LocalText };
  publicBase: string | null;
}

export const hqLinkRoutes = {
  hqLink: route({
    method: 'GET',
    path: '/api/hq-link',
    access: ['hall_admin', 'config_admin'],
    response: typed<HqLinkStatus>(),
    errors: [],
    summary: 'The link to head office: connected or not, last acknowledged, backlog, what head office reported',
  }),
  saveHqLink: route({
    method: 'PUT',
    path: '/api/hq-link',
    access: ['config_admin'],
    body: HqLinkBody,
    response: typed<HqCheckResponse>(),
    errors: ['HQ_CHECK_FAILED'],
    summary: 'Connects the office to a head office (checked with head office first) or moves it to another',
  }),
  removeHqLink: route({
    method: 'DELETE',
    path: '/api/hq-link',
    access: ['config_admin'],
    response: z.object({ ok: z.literal(true) }),
    errors: ['HQ_CHECK_FAILED'],
    summary: 'Disconnects the office from head office (its events wait in the outbox)',
  }),
  checkSetupHq: route({
    method: 'POST',
    path: '/api/setup/head-office',
    access: 'public',
    body: SetupHqCheckBody,
    response: typed<HqCheckResponse>(),
    errors: ['SETUP_TOKEN_INVALID', 'ALREADY_SET_UP', 'HQ_CHECK_FAILED'],
    summary: 'First-run setup: checks a head office address and key before they are saved with the office',
  }),
};
