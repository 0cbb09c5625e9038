import type { Command, EngineState, OfficeConfig, TickCommand } from '@talon/protocol';
import {
  cancelAppointment,
  checkIn,
  createAppointment,
  importAppointments,
  moveAppointment,
} from './decide-bookings.js';
import { accept, type DecideContext, type Decision } from './decide-common.js';
import { markDigitalOnboarding } from './decide-onboarding.js';
import { endBreak, operatorLogin, operatorLogout, setSkills, startBreak, startWrapUp } from './decide-operators.js';
import { answerRequest, assignTicket, requestPermission, withdrawRequest } from './decide-requests.js';
import {
  callNext,
  callTicket,
  finishService,
  markNoShow,
  postpone,
  recall,
  serveWalkIn,
  startService,
  transfer,
} from './decide-service.js';
import { cancelTicket, issueTicket, setLiveQueueMode, tick } from './decide-tickets.js';
import { rateVisit, submitFeedback } from './ratings.js';

/**
 * The engine's only entry point for change: a command and the injected time in, events out.
 * It never mutates `state` and never reads a clock; a refusal changes nothing.
 */
export function decide(state: EngineState, cmd: Command | TickCommand, ctx: DecideContext): Decision {
  switch (cmd.type) {
    case 'issueTicket':
      return issueTicket(state, cmd, ctx);
    case 'checkIn':
      return checkIn(state, cmd, ctx);
    case 'createAppointment':
      return createAppointment(state, cmd, ctx);
    case 'importAppointments':
      return importAppointments(state, cmd, ctx);
    case 'cancelAppointment':
      return cancelAppointment(state, cmd, ctx);
    case 'moveAppointment':
      return moveAppointment(state, cmd, ctx);
    case 'cancelTicket':
      return cancelTicket(state, cmd, ctx);
    case 'setLiveQueueMode':
      return setLiveQueueMode(state, cmd, ctx);
    case 'tick':
      return tick(state, ctx);
    case 'operatorLogin':
      return operatorLogin(state, cmd, ctx);
    case 'operatorLogout':
      return operatorLogout(state, cmd, ctx);
    case 'startBreak':
      return startBreak(state, cmd, ctx);
    case 'endBreak':
      return endBreak(state, cmd, ctx);
    case 'startWrapUp':
      return startWrapUp(state, cmd, ctx);
    case 'setSkills':
      return setSkills(state, cmd, ctx);
    case 'callNext':
      return callNext(state, cmd, ctx);
    case 'callTicket':
      return callTicket(state, cmd, ctx);
    case 'recall':
      return recall(state, cmd, ctx);
    case 'startService':
      return startService(state, cmd, ctx);
    case 'finishService':
      return finishService(state, cmd, ctx);
    case 'markNoShow':
      return markNoShow(state, cmd, ctx);
    case 'markDigitalOnboarding':
      return markDigitalOnboarding(state, cmd, ctx);
    case 'postpone':
      return postpone(state, cmd, ctx);
    case 'transfer':
      return transfer(state, cmd, ctx);
    case 'serveWalkIn':
      return serveWalkIn(state, cmd, ctx);
    case 'rateVisit':
      return rateVisit(state, cmd, ctx);
    case 'submitFeedback':
      return submitFeedback(state, cmd, ctx);
    case 'requestPermission':
      return requestPermission(state, cmd, ctx);
    case 'withdrawRequest':
      return withdrawRequest(state, cmd, ctx);
    case 'answerRequest':
      return answerRequest(state, cmd, ctx);
    case 'assignTicket':
      return assignTicket(state, cmd, ctx);
  }
}

/** Configuration arrives validated from the admin side; the engine records it as an event. */
export function configure(config: OfficeConfig, ctx: DecideContext): Decision {
  return accept(ctx, [{ type: 'OfficeConfigured', config }]);
}
