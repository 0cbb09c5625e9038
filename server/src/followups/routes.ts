import type { FollowUpReport, FollowUpReportQuery } from '@talon/protocol';
import type { Identity } from '../edge/identity.js';
import { type Edge, refuse, unwrap } from '../edge/plugin.js';
import { followUpReportRows } from './report.js';
import type { FollowUpActor, FollowUpService } from './service.js';

const actor = (id: Identity): FollowUpActor =>
  id.kind === 'user'
    ? {
        name: id.user.name,
        userId: id.user.id,
        // an operator records only their own visits; a hall administrator any
        ...(id.user.roles.includes('hall_admin') || !id.user.operatorId ? {} : { operatorId: id.user.operatorId }),
      }
    : { name: id.device.name };

/** The follow-ups register's HTTP (protocol/src/routes/followups.ts). */
export function registerFollowUpRoutes({ serve }: Edge, followUps: FollowUpService): void {
  const report = (q: FollowUpReportQuery): FollowUpReport | null => {
    const config = followUps.config();
    if (!config) return null;
    const now = followUps.now();
    return {
      period: { from: q.from, to: q.to },
      timeZone: config.timeZone,
      generatedAt: now,
      rows: followUpReportRows(followUps.tables.createdIn(q.from, q.to), now),
    };
  };

  serve('followUps', ({ query }) => followUps.list(query));
  serve('createFollowUp', ({ body, identity }) => unwrap(followUps.create(body, actor(identity))));
  serve('followUpFromVisit', ({ body, identity }) => unwrap(followUps.fromVisit(body, actor(identity))));
  serve('takeFollowUp', ({ params, body, identity }) =>
    unwrap(followUps.take(params.id, body.ownerId, actor(identity))),
  );
  serve('answerFollowUp', ({ params, body, identity }) =>
    unwrap(followUps.answer(params.id, body.answer, actor(identity))),
  );
  serve('closeFollowUp', ({ params, body, identity }) =>
    unwrap(followUps.close(params.id, body.note, actor(identity))),
  );
  serve('followUpReport', ({ query }) => report(query) ?? refuse('NOT_CONFIGURED'));
  serve('exportFollowUpReport', async ({ query, reply }) => {
    const r = report(query);
    if (!r) return refuse('NOT_CONFIGURED');
    // exceljs is large: loaded on the first export, as the reports do
    const { followUpXlsx } = await import('./export.js');
    const register = followUps.toFollowUps(followUps.tables.createdIn(query.from, query.to));
    const name = `talon-followups-${query.from}${query.from === query.to ? '' : `_${query.to}`}.xlsx`;
    reply.header('content-disposition', `attachment; filename="${name}"`);
    reply.header('cache-control', 'no-store');
    reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return reply.send(followUpXlsx(r, register, query.lang));
  });
}
