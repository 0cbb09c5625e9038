import type { EngineState } from '@talon/protocol';
import type { AlarmCondition } from './evaluate.js';

/**
 * A pending request of an operator to leave work (a break, the end of work) that the hall rule refused:
 * critical, because the operator stands waiting and the hall is about to be left empty. It clears by itself
 * once answered, withdrawn or expired (the operator signed off).
 */
export function leaveRequestAlarms(state: Readonly<EngineState>): AlarmCondition[] {
  const config = state.config;
  if (!config) return [];
  const out: AlarmCondition[] = [];
  for (const req of Object.values(state.requests ?? {})) {
    if (req.status !== 'pending') continue;
    const name = state.operators[req.operatorId]?.name ?? req.operatorId;
    const window = config.windows.find((w) => w.id === req.windowId);
    const where = window
      ? {
          ru: `${window.kind === 'cabinet' ? 'кабинет' : 'окно'} ${window.number}`,
          en: `${window.kind === 'cabinet' ? 'room' : 'window'} ${window.number}`,
        }
      : { ru: req.windowId, en: req.windowId };
    const reason = config.breakReasons.find((b) => b.id === req.reasonId)?.name;
    const comment = req.comment ? ` — «${req.comment}»` : '';
    const waiting = Object.values(state.tickets).filter(
      (t) => t.status === 'waiting' || t.status === 'postponed',
    ).length;
    out.push({
      key: `leave-request:${req.id}`,
      kind: 'leave-request',
      severity: 'critical',
      subject: {
        requestId: req.id,
        operatorId: req.operatorId,
        windowId: req.windowId,
        hallId: req.hallId,
        action: req.action,
        operatorName: name,
        ...(req.comment ? { comment: req.comment } : {}),
      },
      message:
        req.action === 'break'
          ? {
              ru: `${name} (${where.ru}) просит разрешить перерыв${reason ? ` «${reason.ru}»` : ''}: в зале не останется работающих операторов${comment}`,
              en: `${name} (${where.en}) asks to allow a break${reason ? ` (${reason.en})` : ''}: the hall would have no operator at work${comment}`,
            }
          : {
              ru: `${name} (${where.ru}) просит разрешить завершить работу: ожидают ${waiting}, других операторов на приёме нет${comment}`,
              en: `${name} (${where.en}) asks to be allowed to sign off: ${waiting} waiting, no other operator at work${comment}`,
            },
    });
  }
  return out;
}
