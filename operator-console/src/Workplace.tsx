import { previewNext } from '@talon/engine';
import {
  type CommandInput,
  type EngineState,
  FOLLOW_UP_TYPE_NAMES,
  followUpSettingsOf,
  type OfficeConfig,
  type OperatorSession,
  type Ticket,
} from '@talon/protocol';
import {
  type CommandRunner,
  call,
  formatElapsed,
  type Pair,
  sendCommand,
  useI18n,
  useServerNow,
  useWindowLabel,
} from '@talon/ui';
import { useEffect, useRef, useState } from 'react';
import type { Wait } from './Console.js';
import { CurrentTicket, type FinishForm } from './CurrentTicket.js';
import { DayStats } from './DayStats.js';
import { type DialogKind, Dialogs } from './dialogs.js';
import { QueueList } from './QueueList.js';
import { S } from './strings.js';

interface WorkplaceProps {
  state: EngineState;
  config: OfficeConfig;
  /** The operator's own session, at a window. */
  me: OperatorSession;
  offset: number;
  /** Takes the server's state and clock afresh (a countdown keeps to the server's clock). */
  refresh: () => void;
  commands: CommandRunner;
  /** A refusal that said when to try again: that command waits until then. */
  cooldown: Wait | null;
  token: string;
}

interface Action {
  id: string;
  label: Pair;
  /** Beside the label: why it waits («через 12 с»). */
  note?: string;
  keys: string[];
  enabled: boolean;
  primary?: boolean;
  run: () => void;
}

/** While «Повторный вызов» waits, the server's clock is taken this often (as for a refusal's countdown). */
const RECALL_SYNC_MS = 3000;

const EMPTY_FORM: FinishForm = { outcomes: [], digitalOnboarding: false, extraSale: false };

export function Workplace({ state, config, me, offset, refresh, commands, cooldown, token }: WorkplaceProps) {
  const { t, tr } = useI18n();
  const windowLabel = useWindowLabel();
  const now = useServerNow(offset, 1000);
  const { run, busy } = commands;
  const ticket: Ticket | undefined = me.ticketId ? state.tickets[me.ticketId] : undefined;
  const win = config.windows.find((w) => w.id === me.windowId);
  const [breakOpen, setBreakOpen] = useState(false);
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  // the outcome marks belong to one visit: a new ticket starts with a clean form
  const [form, setForm] = useState<FinishForm & { ticketId?: string; onboardingTicked?: boolean }>(EMPTY_FORM);
  const localForm: typeof form = form.ticketId === ticket?.id ? form : EMPTY_FORM;
  // onboarding marked during service lives on the ticket (its norm is 4 min longer on the bar and for the alarms);
  // the box shows the operator's own tick at once, and the ticket's mark after a reload
  const finishForm: FinishForm = {
    outcomes: localForm.outcomes,
    extraSale: localForm.extraSale,
    digitalOnboarding: localForm.onboardingTicked
      ? localForm.digitalOnboarding
      : localForm.digitalOnboarding || ticket?.digitalOnboarding === true,
  };
  // a topic with a deadline (draft contract): finishing puts a follow-up on record unless the operator unticks it
  const [followUpOff, setFollowUpOff] = useState<string | null>(null);
  const followUpType = config.topics.find((x) => x.id === ticket?.topicId)?.followUp;
  const offerFollowUp = ticket && followUpType && !ticket.returnTo ? followUpType : undefined;
  // «Завершить» without an outcome asks for one (a count, so that each press focuses the choice again)
  const [askOutcome, setAskOutcome] = useState<{ ticketId: string; n: number } | null>(null);
  const asked = askOutcome && askOutcome.ticketId === ticket?.id && finishForm.outcomes.length === 0 ? askOutcome.n : 0;
  const waiting = (type: CommandInput['type']) => cooldown?.type === type && now < cooldown.until;
  const runOk = async (c: CommandInput) => (await run(c)) !== null;

  const free = !ticket && (me.status === 'ready' || me.status === 'wrap-up');
  const called = ticket?.status === 'called';
  // a recall is refused this soon after the call (the office's rule): the button waits and says how long
  const recallAt =
    called && ticket.lastCalledAt !== undefined ? ticket.lastCalledAt + config.rules.recallMinIntervalSec * 1000 : 0;
  const recallIn = Math.ceil((recallAt - now) / 1000);
  const recallWaits = recallIn > 0;
  useEffect(() => {
    if (!recallWaits) return;
    const id = setInterval(refresh, RECALL_SYNC_MS);
    return () => clearInterval(id);
  }, [recallWaits, refresh]);
  const serving = ticket?.status === 'serving';
  const actions: Action[] = [
    {
      id: 'call-next',
      label: S.callNext,
      keys: ['F1', 'Space'],
      enabled: free,
      primary: free,
      run: () => run({ type: 'callNext' }),
    },
    {
      id: 'recall',
      label: S.recall,
      ...(recallIn > 0 ? { note: t(S.inSec, { n: recallIn }) } : {}),
      keys: ['F2'],
      enabled: called && recallIn <= 0 && !waiting('recall'),
      run: () => run({ type: 'recall' }),
    },
    {
      id: 'start-service',
      label: S.startService,
      keys: ['F3'],
      enabled: called,
      primary: called,
      run: () => run({ type: 'startService' }),
    },
    {
      id: 'finish-service',
      label: S.finishService,
      keys: ['F4'],
      enabled: serving,
      primary: serving,
      run: () => {
        const { outcomes, digitalOnboarding, extraSale } = finishForm;
        // the visit ends here (not a segment going back to the colleague who sent it): its outcome is due
        if (ticket && !ticket.returnTo && outcomes.length === 0) {
          setAskOutcome((a) => ({ ticketId: ticket.id, n: (a?.ticketId === ticket.id ? a.n : 0) + 1 }));
          return;
        }
        const recordFor = offerFollowUp && ticket && followUpOff !== ticket.id ? ticket.id : null;
        return run({ type: 'finishService', outcomes, digitalOnboarding, extraSale }).then((r) => {
          if (r !== null && recordFor)
            void call('followUpFromVisit', { body: { ticketId: recordFor } }, { token }).catch(() => {});
        });
      },
    },
    { id: 'no-show', label: S.noShow, keys: ['F5'], enabled: called, run: () => run({ type: 'markNoShow' }) },
    {
      id: 'postpone',
      label: S.postpone,
      keys: ['F6'],
      enabled: ticket !== undefined,
      run: () => setDialog({ kind: 'postpone' }),
    },
    {
      id: 'transfer',
      label: S.transfer,
      keys: ['F7'],
      enabled: ticket !== undefined,
      run: () => setDialog({ kind: 'transfer' }),
    },
    { id: 'walk-in', label: S.walkIn, keys: ['F8'], enabled: free, run: () => setDialog({ kind: 'walk-in' }) },
    me.status === 'break'
      ? {
          id: 'end-break',
          label: S.endBreak,
          keys: ['F9'],
          enabled: true,
          primary: true,
          run: () => run({ type: 'endBreak' }),
        }
      : { id: 'break', label: S.break, keys: ['F9'], enabled: free, run: () => setBreakOpen((o) => !o) },
  ];

  const actionsRef = useRef(actions);
  actionsRef.current = actions;
  const busyRef = useRef(busy);
  busyRef.current = busy;
  const dialogRef = useRef(dialog);
  dialogRef.current = dialog;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'Escape') {
        setBreakOpen(false);
        setDialog(null);
        return;
      }
      // a dialog owns the keyboard until it closes: no call by a stray key behind it
      if (dialogRef.current) return;
      const key = e.key === ' ' ? 'Space' : e.key;
      const action = actionsRef.current.find((a) => a.keys.includes(key));
      if (!action) return;
      // Space is «call next» everywhere but in form fields (a checkbox still toggles)
      if (key === 'Space' && (e.target as Element | null)?.closest?.('input, select, textarea')) return;
      e.preventDefault(); // F1 help, F5 reload, F7 caret browsing, Space on a focused button
      if (e.repeat || busyRef.current || !action.enabled) return;
      action.run();
    };
    const swallowSpaceUp = (e: KeyboardEvent) => {
      if (dialogRef.current) return;
      if (e.key === ' ' && !(e.target as Element | null)?.closest?.('input, select, textarea')) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', swallowSpaceUp);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', swallowSpaceUp);
    };
  }, []);

  // A dialog about the current visit makes no sense once the visit is gone (e.g. the hall admin took it).
  useEffect(() => {
    if ((dialog?.kind === 'postpone' || dialog?.kind === 'transfer') && !ticket) setDialog(null);
  }, [dialog, ticket]);

  const breakReason = config.breakReasons.find((b) => b.id === me.breakReasonId);
  let statusText = t(STATUS[me.status]);
  if (me.status === 'break' && breakReason) statusText = `${statusText}: ${tr(breakReason.name)}`;
  if (ticket) statusText = t(called ? S.statusCalled : S.statusServing);
  const next = !ticket ? previewNext(state, me.operatorId, now) : null;

  return (
    <div className="workplace">
      <div className="console-status" data-testid="console-status" data-status={me.status}>
        <span className="status-dot" data-status={me.status} aria-hidden="true" />
        <strong>{win ? windowLabel(win.kind, win.number) : me.windowId}</strong>
        <span className="status-text">{statusText}</span>
        <span className="status-since">{formatElapsed(now - me.since)}</span>
      </div>

      <div className="actions" role="toolbar" aria-label={t(S.appTitle)}>
        {actions.map((a) => (
          <button
            key={a.id}
            type="button"
            className={`btn action${a.primary ? ' btn-primary' : ''}`}
            data-testid={a.id}
            disabled={!a.enabled || busy}
            aria-keyshortcuts={a.keys.join(' ')}
            aria-expanded={a.id === 'break' ? breakOpen : undefined}
            onClick={a.run}
          >
            <span className="action-label">
              {t(a.label)}
              {a.note && <span className="action-note">{a.note}</span>}
            </span>
            <kbd className="action-key" translate="no">
              {a.keys.map((k) => (k === 'Space' ? '␣' : k)).join(' / ')}
            </kbd>
          </button>
        ))}
      </div>

      {breakOpen && free && (
        <BreakReasons
          config={config}
          disabled={busy}
          onPick={(reasonId) => {
            setBreakOpen(false);
            void run({ type: 'startBreak', reasonId });
          }}
          onCancel={() => setBreakOpen(false)}
        />
      )}

      <div className="workplace-body">
        {/* the whole left column is the visit: its outcomes and flags stay in view at 1366×768 */}
        <CurrentTicket
          state={state}
          config={config}
          me={me}
          ticket={ticket}
          now={now}
          form={finishForm}
          askOutcome={asked}
          followUp={
            offerFollowUp && ticket
              ? {
                  text: t(S.followUpOffer, {
                    what: tr(FOLLOW_UP_TYPE_NAMES[offerFollowUp]),
                    n: followUpSettingsOf(config).types[offerFollowUp].deadline,
                    unit: t(
                      followUpSettingsOf(config).types[offerFollowUp].unit === 'working-days'
                        ? S.workingDays
                        : S.calendarDays,
                    ),
                  }),
                  on: followUpOff !== ticket.id,
                  onChange: (on) => setFollowUpOff(on ? null : ticket.id),
                }
              : undefined
          }
          onForm={(f) => {
            if (!ticket) return;
            const ticked = f.digitalOnboarding !== finishForm.digitalOnboarding;
            setForm({ ...f, ticketId: ticket.id, onboardingTicked: ticked || localForm.onboardingTicked });
            if (serving && ticked)
              // beside the one-at-a-time runner: ticking the box must not hold up «Завершить» (F4) pressed next
              void sendCommand(token, { type: 'markDigitalOnboarding', on: f.digitalOnboarding });
          }}
        />
        <div className="workplace-right">
          <QueueList
            state={state}
            config={config}
            me={me}
            now={now}
            canCall={free && !busy}
            onCall={(t) =>
              setDialog({
                kind: 'confirm-call',
                ticket: t,
                ...(next ? { nextNumber: state.tickets[next.ticketId]?.number } : {}),
              })
            }
          />
          <DayStats token={token} state={state} me={me} />
        </div>
      </div>

      {dialog && (
        <Dialogs
          open={dialog}
          state={state}
          config={config}
          me={me}
          busy={busy}
          run={runOk}
          close={() => setDialog(null)}
        />
      )}
    </div>
  );
}

const STATUS: Record<OperatorSession['status'], Pair> = {
  ready: S.statusReady,
  serving: S.statusServing,
  break: S.statusBreak,
  'wrap-up': S.statusWrapUp,
  'logged-out': S.statusLoggedOut,
};

function BreakReasons(props: {
  config: OfficeConfig;
  disabled: boolean;
  onPick: (id: string) => void;
  onCancel: () => void;
}) {
  const { config, disabled, onPick, onCancel } = props;
  const { t, tr } = useI18n();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <fieldset className="break-reasons card">
      <legend>{t(S.chooseBreakReason)}</legend>
      {config.breakReasons.map((b, i) => (
        <button
          key={b.id}
          ref={i === 0 ? first : undefined}
          type="button"
          className="btn"
          data-testid={`break-reason-${b.id}`}
          disabled={disabled}
          onClick={() => onPick(b.id)}
        >
          {tr(b.name)}
        </button>
      ))}
      <button type="button" className="btn" onClick={onCancel}>
        {t(S.cancel)}{' '}
        <kbd className="action-key" translate="no">
          Esc
        </kbd>
      </button>
    </fieldset>
  );
}
