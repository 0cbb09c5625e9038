import { z } from 'zod';
import type { KioskHelpList, KioskHelpRequest, KioskHelpStatus } from '../kiosk-help.js';
import { KioskHelpCall } from '../kiosk-help.js';
import { type LiveQueueStatus, OutageExportQuery, OutageQuery, type OutageReport } from '../outages.js';
import { route } from './define.js';
import { typed } from './typed.js';

const VIEW = ['hall_admin', 'config_admin'] as const;
const HelpId = z.object({ id: z.string().regex(/^h-\d{1,12}$/) });

/** The outage log and its report (server/src/outages); help called from a kiosk (server/src/kiosk-help). */
export const outageRoutes = {
  liveQueueStatus: route({
    method: 'GET',
    path: '/api/outages/live-queue',
    access: VIEW,
    response: typed<LiveQueueStatus>(),
    errors: [],
    summary: 'Whether the office works as a live queue now, since when, who switched it and why',
  }),
  outageReport: route({
    method: 'GET',
    path: '/api/outages',
    access: VIEW,
    query: OutageQuery,
    response: typed<OutageReport>(),
    errors: [],
    summary: 'The outage log of a period: live-queue periods, server and device downtime, walk-ins served',
  }),
  exportOutages: route({
    method: 'GET',
    path: '/api/outages/export',
    access: VIEW,
    query: OutageExportQuery,
    produces: 'file',
    errors: [],
    summary: 'The outage log of a period as XLSX (or CSV)',
  }),
  kioskHelpCall: route({
    method: 'POST',
    path: '/api/kiosk/help',
    access: ['kiosk'],
    body: KioskHelpCall,
    response: typed<KioskHelpStatus>(),
    errors: [],
    summary: 'A visitor at this kiosk calls a member of staff (again: the open call stands)',
  }),
  kioskHelpStatus: route({
    method: 'GET',
    path: '/api/kiosk/help',
    access: ['kiosk'],
    response: typed<KioskHelpStatus>(),
    errors: [],
    summary: "This kiosk's open call for help, if any, and whether someone is coming",
  }),
  kioskHelpCancel: route({
    method: 'DELETE',
    path: '/api/kiosk/help',
    access: ['kiosk'],
    response: typed<KioskHelpStatus>(),
    errors: [],
    summary: 'The visitor no longer needs help: the call at this kiosk ends',
  }),
  kioskHelpList: route({
    method: 'GET',
    path: '/api/admin/kiosk-help',
    access: VIEW,
    response: typed<KioskHelpList>(),
    errors: [],
    summary: 'Calls for help open at the kiosks now',
  }),
  kioskHelpComing: route({
    method: 'POST',
    path: '/api/admin/kiosk-help/:id/coming',
    access: ['hall_admin'],
    params: HelpId,
    response: typed<KioskHelpRequest>(),
    errors: ['NOT_FOUND'],
    summary: '«Иду»: the hall administrator is on the way (the kiosk shows it)',
  }),
  kioskHelpResolve: route({
    method: 'POST',
    path: '/api/admin/kiosk-help/:id/resolve',
    access: ['hall_admin'],
    params: HelpId,
    response: typed<KioskHelpRequest>(),
    errors: ['NOT_FOUND'],
    summary: 'The visitor has been helped: the call ends',
  }),
};
