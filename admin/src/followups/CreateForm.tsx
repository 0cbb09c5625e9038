import {
  FOLLOW_UP_TYPE_NAMES,
  FOLLOW_UP_TYPES,
  type FollowUpCreateBody,
  type FollowUpType,
  type FollowUpTypeSetting,
  type UserAdminInfo,
} from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { F, UNIT_WORDS } from './strings.js';

/** The administrator records a follow-up: a feedback-book page, a letter, a call. */
export function CreateForm({
  users,
  deadlines,
  busy,
  onSave,
  onCancel,
}: {
  users: UserAdminInfo[];
  deadlines: Record<FollowUpType, FollowUpTypeSetting> | null;
  busy: boolean;
  onSave: (body: FollowUpCreateBody) => Promise<boolean>;
  onCancel: () => void;
}) {
  const { t, tr } = useI18n();
  const [type, setType] = useState<FollowUpType>('review');
  const [text, setText] = useState('');
  const [ticket, setTicket] = useState('');
  const [contact, setContact] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const d = deadlines?.[type];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await onSave({
      type,
      text,
      ...(ticket.trim() ? { ticketNumber: ticket.trim() } : {}),
      ...(contact.trim() ? { contact: contact.trim() } : {}),
      ...(ownerId ? { ownerId } : {}),
    });
  };

  return (
    <form className="card panel fu-create" data-testid="followup-create-form" onSubmit={submit}>
      <h2>{t(F.createTitle)}</h2>
      <div className="fu-create-grid">
        <label className="field">
          {t(F.type)}
          <select
            ref={first}
            data-testid="followup-create-type"
            value={type}
            onChange={(e) => setType(e.target.value as FollowUpType)}
          >
            {FOLLOW_UP_TYPES.map((x) => (
              <option key={x} value={x}>
                {tr(FOLLOW_UP_TYPE_NAMES[x])}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t(F.owner)}
          <select data-testid="followup-create-owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
            <option value="">{t(F.nobody)}</option>
            {users.map((u) => (
              <option key={u.id} value={u.id} translate="no">
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t(F.ticket)}
          <input
            data-testid="followup-create-ticket"
            value={ticket}
            maxLength={20}
            onChange={(e) => setTicket(e.target.value)}
          />
        </label>
        <label className="field">
          {t(F.contact)}
          <input
            data-testid="followup-create-contact"
            value={contact}
            maxLength={120}
            autoComplete="off"
            onChange={(e) => setContact(e.target.value)}
          />
        </label>
      </div>
      <label className="field">
        {t(F.text)}
        <textarea
          data-testid="followup-create-text"
          value={text}
          rows={3}
          maxLength={2000}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <p className="muted">
        {d && t(F.deadlineHint, { n: d.deadline, unit: t(UNIT_WORDS[d.unit]) })}
        {contact.trim() && ` · ${t(F.contactNote)}`}
      </p>
      <div className="fu-buttons">
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="followup-create-save"
          disabled={busy || !text.trim()}
        >
          {t(F.save)}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t(F.cancel)}
        </button>
      </div>
    </form>
  );
}
