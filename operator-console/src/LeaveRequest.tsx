import type { CommandInput, EngineState, LeaveRequest, OfficeConfig, OperatorSession } from '@talon/protocol';
import { type CommandRunner, type Pair, useI18n } from '@talon/ui';
import { useState } from 'react';

const R = {
  ask: ['Попросить разрешения у администратора', 'Ask the hall administrator'],
  askHint: [
    'Администратор зала увидит запрос на мониторе и ответит. Пока ждёте ответа, продолжайте приём.',
    'The hall administrator sees the request on the monitor and answers. Keep serving while you wait.',
  ],
  comment: ['Комментарий (необязательно)', 'Comment (optional)'],
  waitingBreak: [
    'Запрос на перерыв «{reason}» отправлен администратору зала. Ждём ответа…',
    'Your request for a break ({reason}) is with the hall administrator. Waiting for the answer…',
  ],
  waitingLogout: [
    'Запрос на завершение работы отправлен администратору зала. Ждём ответа…',
    'Your request to sign off is with the hall administrator. Waiting for the answer…',
  ],
  withdraw: ['Отозвать запрос', 'Withdraw the request'],
  refusedBreak: [
    'Администратор зала не разрешил перерыв. Продолжайте приём',
    'The hall administrator did not allow the break. Please keep serving',
  ],
  refusedLogout: [
    'Администратор зала не разрешил завершить работу. Продолжайте приём',
    'The hall administrator did not allow you to sign off. Please keep serving',
  ],
  answerComment: ['Ответ: «{text}»', 'Answer: "{text}"'],
  understood: ['Понятно', 'OK'],
  granted: ['Администратор зала разрешил перерыв', 'The hall administrator allowed the break'],
} as const satisfies Record<string, Pair>;

/** Refusals of the hall rule that the hall administrator may lift, and what to ask for. */
export function askable(command: CommandInput | null): { action: 'break' | 'logout'; reasonId?: string } | null {
  if (command?.type === 'startBreak') return { action: 'break', reasonId: command.reasonId };
  if (command?.type === 'operatorLogout') return { action: 'logout' };
  return null;
}
export const ASKABLE_CODES = new Set(['BREAK_WOULD_EMPTY_HALL', 'LOGOUT_WOULD_EMPTY_HALL']);

/**
 * Seed 001 §3.5 refuses the break (or the end of work) that would leave the hall empty; this line asks the
 * hall administrator instead, then shows the request waiting and the answer. The request lives on the server
 * (`state.requests`): a reload or a second console shows the same.
 */
export function LeaveRequestLine({
  state,
  config,
  me,
  commands,
  refused,
}: {
  state: EngineState;
  config: OfficeConfig;
  me: OperatorSession;
  commands: CommandRunner;
  /** The refused command the administrator could allow, while its refusal is on screen. */
  refused: CommandInput | null;
}) {
  const { t, tr } = useI18n();
  const [comment, setComment] = useState('');
  const request: LeaveRequest | undefined = state.requests?.[me.operatorId];
  const granted = wasGranted(me);
  const reasonName = (id: string | undefined) => {
    const r = config.breakReasons.find((b) => b.id === id);
    return r ? tr(r.name) : '';
  };

  if (request?.status === 'pending')
    return (
      <div className="leave-request pending" role="status" data-testid="leave-request" data-status="pending">
        <span className="leave-spinner" aria-hidden="true" />
        <span className="leave-text">
          {request.action === 'break'
            ? t(R.waitingBreak, { reason: reasonName(request.reasonId) })
            : t(R.waitingLogout)}
        </span>
        <button
          type="button"
          className="btn leave-button"
          data-testid="leave-withdraw"
          disabled={commands.busy}
          onClick={() => void commands.run({ type: 'withdrawRequest' })}
        >
          {t(R.withdraw)}
        </button>
      </div>
    );
  if (request?.status === 'refused')
    return (
      <div className="leave-request refused" role="alert" data-testid="leave-request" data-status="refused">
        <span className="leave-text">
          {t(request.action === 'break' ? R.refusedBreak : R.refusedLogout)}
          {request.answerComment && (
            <>
              {' · '}
              <span translate="no">{t(R.answerComment, { text: request.answerComment })}</span>
            </>
          )}
        </span>
        <button
          type="button"
          className="btn leave-button"
          data-testid="leave-understood"
          disabled={commands.busy}
          onClick={() => void commands.run({ type: 'withdrawRequest' })}
        >
          {t(R.understood)}
        </button>
      </div>
    );
  const ask = askable(refused);
  if (ask)
    return (
      <form
        className="leave-request ask"
        data-testid="leave-request"
        data-status="ask"
        onSubmit={(e) => {
          e.preventDefault();
          const text = comment.trim();
          void commands
            .run({ type: 'requestPermission', ...ask, ...(text ? { comment: text.slice(0, 300) } : {}) })
            .then((ok) => ok && setComment(''));
        }}
      >
        <span className="leave-text muted">{t(R.askHint)}</span>
        <input
          className="leave-comment"
          data-testid="leave-comment"
          aria-label={t(R.comment)}
          placeholder={t(R.comment)}
          maxLength={300}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
        <button type="submit" className="btn btn-primary leave-button" data-testid="leave-ask" disabled={commands.busy}>
          {t(R.ask)}
        </button>
      </form>
    );
  if (granted)
    return (
      <div className="leave-request granted" role="status" data-testid="leave-request" data-status="granted">
        <span className="leave-text">{t(R.granted)}</span>
      </div>
    );
  return null;
}

/**
 * The break the administrator allowed: said until the break ends. Read from the operator's session, not
 * from seeing the request go, so a reload or events arriving in two screen updates cannot lose it.
 */
function wasGranted(me: OperatorSession): boolean {
  return me.status === 'break' && me.breakAllowedBy !== undefined;
}
