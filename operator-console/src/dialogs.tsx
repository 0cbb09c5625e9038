import type { CommandInput, EngineState, OfficeConfig, OperatorSession, Ticket } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { useState } from 'react';
import { Dialog } from './Dialog.js';
import { S } from './strings.js';

export type DialogKind =
  | { kind: 'confirm-call'; ticket: Ticket; nextNumber?: string }
  | { kind: 'postpone' }
  | { kind: 'transfer' }
  | { kind: 'walk-in' };

interface DialogsProps {
  open: DialogKind;
  state: EngineState;
  config: OfficeConfig;
  me: OperatorSession;
  busy: boolean;
  /** Runs the command; the dialog closes when it was accepted. */
  run: (c: CommandInput) => Promise<boolean>;
  close: () => void;
}

export function Dialogs(props: DialogsProps) {
  switch (props.open.kind) {
    case 'confirm-call':
      return <ConfirmCall {...props} ticket={props.open.ticket} nextNumber={props.open.nextNumber} />;
    case 'postpone':
      return <Postpone {...props} />;
    case 'transfer':
      return <Transfer {...props} />;
    case 'walk-in':
      return <WalkIn {...props} />;
  }
}

/** Against misclicks: calling out of turn says which ticket the rules would have called. */
function ConfirmCall({ ticket, nextNumber, busy, run, close }: DialogsProps & { ticket: Ticket; nextNumber?: string }) {
  const { t } = useI18n();
  return (
    <Dialog
      title={t(S.confirmCallTitle, { number: ticket.number })}
      testId="confirm-call-dialog"
      submitLabel={t(S.confirmCall)}
      submitTestId="confirm-call"
      disabled={busy}
      onCancel={close}
      onSubmit={() => void run({ type: 'callTicket', ticketId: ticket.id }).then((ok) => ok && close())}
    >
      {nextNumber && nextNumber !== ticket.number && <p>{t(S.confirmCallNext, { number: nextNumber })}</p>}
    </Dialog>
  );
}

const MINUTES = [0, 5, 10, 15, 20, 30, 60];

function Postpone({ busy, run, close }: DialogsProps) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState(10);
  const presets = t(S.postponePresets).split('|');
  return (
    <Dialog
      title={t(S.postponeTitle)}
      testId="postpone-dialog"
      submitLabel={t(S.postpone)}
      submitTestId="postpone-submit"
      disabled={busy || !reason.trim()}
      onCancel={close}
      onSubmit={() =>
        void run({ type: 'postpone', reason: reason.trim(), returnInMin: minutes }).then((ok) => ok && close())
      }
    >
      <label className="field">
        <span>{t(S.postponeReason)}</span>
        <input
          data-testid="postpone-reason"
          value={reason}
          maxLength={300}
          list="postpone-presets"
          onChange={(e) => setReason(e.target.value)}
        />
        <datalist id="postpone-presets">
          {presets.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </label>
      <div className="chips">
        {presets.map((p) => (
          <button key={p} type="button" className="btn chip" onClick={() => setReason(p)}>
            {p}
          </button>
        ))}
      </div>
      <label className="field">
        <span>{t(S.postponeReturn)}</span>
        <select data-testid="postpone-minutes" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
          {MINUTES.map((m) => (
            <option key={m} value={m}>
              {m === 0 ? t(S.postponeNow) : t(S.waitMin, { n: m })}
            </option>
          ))}
        </select>
      </label>
    </Dialog>
  );
}

/** To a service or a named operator (seed 003 §6.5), with a comment and an optional return to this window. */
function Transfer({ state, config, me, busy, run, close }: DialogsProps) {
  const { t, tr } = useI18n();
  // A two-stage visit (consultation, then cash) goes on to its next service: offered first, still changeable.
  const current = me.ticketId ? state.tickets[me.ticketId] : undefined;
  const then =
    current && current.transfers === 0
      ? config.services.find((s) => s.id === current.serviceId)?.thenServiceId
      : undefined;
  const [serviceId, setServiceId] = useState(then ?? '');
  const [operatorId, setOperatorId] = useState('');
  const [comment, setComment] = useState('');
  const [back, setBack] = useState(false);
  const others = config.operators.filter((o) => o.id !== me.operatorId);
  return (
    <Dialog
      title={t(S.transferTitle)}
      testId="transfer-dialog"
      submitLabel={t(S.transfer)}
      submitTestId="transfer-submit"
      disabled={busy || (!serviceId && !operatorId)}
      onCancel={close}
      onSubmit={() =>
        void run({
          type: 'transfer',
          ...(serviceId ? { toServiceId: serviceId } : {}),
          ...(operatorId ? { toOperatorId: operatorId } : {}),
          comment: comment.trim(),
          returnToOrigin: back,
        }).then((ok) => ok && close())
      }
    >
      <label className="field">
        <span>{t(S.transferService)}</span>
        <select data-testid="transfer-service" value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
          <option value="">{t(S.sameService)}</option>
          {config.services.map((s) => (
            <option key={s.id} value={s.id}>
              {tr(s.name)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t(S.transferOperator)}</span>
        <select data-testid="transfer-operator" value={operatorId} onChange={(e) => setOperatorId(e.target.value)}>
          <option value="">{t(S.anyOperator)}</option>
          {others.map((o) => {
            const away = (state.operators[o.id]?.status ?? 'logged-out') === 'logged-out';
            return (
              <option key={o.id} value={o.id}>
                {o.name}
                {away ? ` (${t(S.operatorAway)})` : ''}
              </option>
            );
          })}
        </select>
      </label>
      <label className="field">
        <span>{t(S.comment)}</span>
        <textarea
          data-testid="transfer-comment"
          value={comment}
          maxLength={500}
          rows={2}
          onChange={(e) => setComment(e.target.value)}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          data-testid="transfer-return"
          checked={back}
          onChange={(e) => setBack(e.target.checked)}
        />
        {t(S.transferReturn)}
      </label>
    </Dialog>
  );
}

/** A visitor served without a ticket still counts as a visit («БТ-001»). */
function WalkIn({ config, me, busy, run, close }: DialogsProps) {
  const { t, tr } = useI18n();
  const mine = config.services.filter((s) => me.skills.includes(s.id));
  const services = mine.length > 0 ? mine : config.services;
  const [serviceId, setServiceId] = useState(services[0]?.id ?? '');
  return (
    <Dialog
      title={t(S.walkInTitle)}
      testId="walk-in-dialog"
      submitLabel={t(S.startService)}
      submitTestId="walk-in-submit"
      disabled={busy || !serviceId}
      onCancel={close}
      onSubmit={() => void run({ type: 'serveWalkIn', serviceId }).then((ok) => ok && close())}
    >
      <div className="chips">
        {services.map((s) => (
          <button
            key={s.id}
            type="button"
            aria-pressed={serviceId === s.id}
            className={`btn chip${serviceId === s.id ? ' btn-primary' : ''}`}
            data-testid={`walk-in-service-${s.id}`}
            onClick={() => setServiceId(s.id)}
          >
            {tr(s.name)}
          </button>
        ))}
      </div>
    </Dialog>
  );
}
