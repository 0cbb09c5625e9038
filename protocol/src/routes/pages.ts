import { z } from 'zod';
import { route } from './define.js';

/** `/kiosk` → `/kiosk/`: the screen's files (served as they are, outside this table) are under the slash. */
const screenRedirect = <const P extends string>(path: P) =>
  route({
    method: 'GET',
    path: `/${path}`,
    access: 'public',
    produces: 'redirect',
    errors: [],
    summary: `To /${path}/, where the screen is (only when it is built)`,
  });

/** The start page, the screens' addresses, the end-to-end tests' clock. */
export const pageRoutes = {
  startPage: route({
    method: 'GET',
    path: '/',
    access: 'public',
    produces: 'html',
    errors: [],
    summary: 'The start page: the office, links to the screens, in the demo pairing codes',
  }),
  screenRedirectKiosk: screenRedirect('kiosk'),
  screenRedirectBoard: screenRedirect('board'),
  screenRedirectOperator: screenRedirect('operator'),
  screenRedirectAdmin: screenRedirect('admin'),
  screenRedirectRating: screenRedirect('rating'),
  testClock: route({
    method: 'POST',
    path: '/api/test/clock',
    // end-to-end tests only (`testClock` with a virtual clock): absent on a real server
    access: 'public',
    body: z.object({ now: z.number().optional(), advanceMs: z.number().optional() }),
    response: z.object({ now: z.number() }),
    errors: [],
    summary: 'Sets or advances the virtual clock, then ticks and evaluates alarms',
  }),
};
