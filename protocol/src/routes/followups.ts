import { z } from 'zod';
import {
  type FollowUp,
  FollowUpAnswerBody,
  FollowUpCloseBody,
  FollowUpCreateBody,
  FollowUpFromVisitBody,
  type FollowUpList,
  FollowUpListQuery,
  type FollowUpReport,
  FollowUpReportQuery,
  FollowUpTakeBody,
} from '../followups.js';
import { route } from './define.js';
import { typed } from './typed.js';

const ADMIN = ['hall_admin', 'config_admin'] as const;
const FollowUpId = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

/** The follow-ups register (issue 16): deadlines in working days, owners, answers, the on-time report. */
export const followUpRoutes = {
  followUps: route({
    method: 'GET',
    path: '/api/followups',
    access: ADMIN,
    query: FollowUpListQuery,
    response: typed<FollowUpList>(),
    errors: [],
    summary: 'The follow-ups register, newest first, filtered by status, type, owner, overdue and period',
  }),
  createFollowUp: route({
    method: 'POST',
    path: '/api/followups',
    access: ADMIN,
    body: FollowUpCreateBody,
    response: typed<FollowUp>(),
    errors: ['NOT_CONFIGURED', 'FOLLOW_UP_UNKNOWN_OWNER'],
    summary: 'The administrator records a follow-up (a feedback-book entry, a letter); its deadline is computed',
  }),
  followUpFromVisit: route({
    method: 'POST',
    path: '/api/followups/from-visit',
    access: ['operator', 'hall_admin'],
    body: FollowUpFromVisitBody,
    response: typed<FollowUp>(),
    errors: ['NOT_CONFIGURED', 'UNKNOWN_TICKET', 'FOLLOW_UP_NO_DEADLINE', 'FOLLOW_UP_EXISTS'],
    summary: 'The operator finishing a visit whose topic has a deadline (a draft contract) puts it on record',
  }),
  takeFollowUp: route({
    method: 'POST',
    path: '/api/followups/:id/take',
    access: ADMIN,
    params: FollowUpId,
    body: FollowUpTakeBody,
    response: typed<FollowUp>(),
    errors: ['NOT_FOUND', 'FOLLOW_UP_WRONG_STATUS', 'FOLLOW_UP_UNKNOWN_OWNER'],
    summary: 'Takes a follow-up in work (the caller, or the owner named), or hands it to another owner',
  }),
  answerFollowUp: route({
    method: 'POST',
    path: '/api/followups/:id/answer',
    access: ADMIN,
    params: FollowUpId,
    body: FollowUpAnswerBody,
    response: typed<FollowUp>(),
    errors: ['NOT_FOUND', 'FOLLOW_UP_WRONG_STATUS'],
    summary: 'Records the answer given; the follow-up is answered (on time or late by its deadline)',
  }),
  closeFollowUp: route({
    method: 'POST',
    path: '/api/followups/:id/close',
    access: ADMIN,
    params: FollowUpId,
    body: FollowUpCloseBody,
    response: typed<FollowUp>(),
    errors: ['NOT_FOUND', 'FOLLOW_UP_WRONG_STATUS'],
    summary: 'Closes a follow-up (answered, or nothing to answer: an anonymous entry, a duplicate)',
  }),
  followUpReport: route({
    method: 'GET',
    path: '/api/followups/report',
    access: ADMIN,
    query: FollowUpReportQuery,
    response: typed<FollowUpReport>(),
    errors: ['NOT_CONFIGURED'],
    summary: 'On-time answers per type for the follow-ups created in a period',
  }),
  exportFollowUpReport: route({
    method: 'GET',
    path: '/api/followups/report/export',
    access: ADMIN,
    query: FollowUpReportQuery,
    produces: 'file',
    errors: ['NOT_CONFIGURED'],
    summary: 'The on-time report and the register of the period as XLSX',
  }),
};
