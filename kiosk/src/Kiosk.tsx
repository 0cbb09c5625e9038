import { dayKeyOf } from '@talon/engine';
import {
  type CommandInput,
  type CommandResult,
  kioskSettingsOf,
  type Topic,
  talonError,
  type VisitorData,
} from '@talon/protocol';
import { ConnectionBanner, type UiError, useCommandRunner, useHeld, useI18n, useLive } from '@talon/ui';
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CheckInScreen, LateScreen, P, PhoneCheckInScreen } from './booking-screens.js';
import { Frame, IdleReset } from './Frame.js';
import { HelpButton, HelpScreen, useKioskHelp } from './help.js';
import { NotifyOffer, NotifyOptInScreen, useNotifyOffer } from './notify-optin.js';
import { useKioskPrinter, usePrintStatus } from './printing.js';
import { ReceptionHours } from './reception-hours.js';
import { retryAfterSec } from './retry-after.js';
import { useScanner } from './scanner.js';
import {
  DocumentsScreen,
  MessageScreen,
  ResultScreen,
  SegmentsScreen,
  TopicsScreen,
  UnavailableScreen,
} from './screens.js';
import { TicketSpeech } from './speech.js';
import { S } from './strings.js';
import { ConfirmScreen, PriorityScreen, VisitorDataScreen } from './visitor-questions.js';

type IssueCommand = Extract<CommandInput, { type: 'issueTicket' }>;

type Step =
  | { kind: 'start' }
  | { kind: 'priority' }
  | { kind: 'topics'; segmentId: string }
  | { kind: 'documents'; segmentId: string; topicId: string }
  | { kind: 'visitorData'; segmentId: string; topicId: string }
  | { kind: 'confirm'; command: IssueCommand }
  | { kind: 'checkin' }
  | { kind: 'checkinPhone' }
  | { kind: 'late'; serviceId: string | undefined }
  | {
      kind: 'result';
      ticketId: string | undefined;
      number: string;
      serviceId: string;
      peopleAhead?: number | null;
      estimate?: { lowMin: number; highMin: number; pointMin?: number };
      byAppointment: boolean;
      priority: boolean;
      /** The visitor asked for an SMS: the number's last digits, for the confirmation. */
      notified?: string;
    }
  | { kind: 'notify'; ticketId: string; back: Step }
  | { kind: 'message'; error: UiError; back: 'start' | 'checkin' | 'checkinPhone' };

/** Server refusals a visitor can act on are shown as the server words them; the rest get one polite line. */
const VISITOR_CODES = new Set<UiError['code']>([
  'OUTSIDE_RECEPTION_HOURS',
  'LIVE_QUEUE_MODE',
  'DAILY_CAP_REACHED',
  'NUMBER_RANGE_EXHAUSTED',
  'TOO_MANY_REQUESTS',
  'APPOINTMENT_NOT_FOUND',
  'APPOINTMENT_ALREADY_USED',
  'APPOINTMENT_TOO_EARLY',
]);

const MINUTE = 60_000;

export function Kiosk({ token, onUnauthorized }: { token: string; onUnauthorized: (refused: string) => void }) {
  // The server does not push reception hours opening or closing: a fresh snapshot every 30 s carries it.
  const live = useLive('kiosk', token, { onUnauthorized, refreshMs: 30_000 });
  const { t, tr, lang, setLang } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'start' });
  const [priority, setPriority] = useState<string | undefined>(undefined);
  /** When this kiosk issued its recent tickets (for the "another ticket?" question). */
  const issuedAt = useRef<number[]>([]);
  const offline = useHeld(!live.connected, 2000);
  const config = live.state?.config ?? null;
  const settings = kioskSettingsOf(config);
  const printer = useKioskPrinter(token);
  const print = usePrintStatus(token, step.kind === 'result' ? step.ticketId : undefined);
  const help = useKioskHelp(token, onUnauthorized);
  const notifyOffer = useNotifyOffer(token);
  /** The help screen over the step; the step is still there when the visitor continues. */
  const [helpOpen, setHelpOpen] = useState(false);
  // a call that ended elsewhere (done, timed out) takes its screen away with it
  const hadCall = useRef(false);
  useEffect(() => {
    if (hadCall.current && !help.request) setHelpOpen(false);
    hadCall.current = help.request !== null;
  }, [help.request]);

  /** The visit is over («Готово», «Нет, спасибо», nobody at the screen): the next visitor starts afresh, in Russian. */
  const reset = useCallback(() => {
    setStep({ kind: 'start' });
    setPriority(undefined);
    setHelpOpen(false);
    setLang('ru');
  }, [setLang]);
  /** «Назад» to the first screen: the same visitor, so the language and the priority reason stay. */
  const toStart = () => setStep({ kind: 'start' });

  const capped = useMemo(() => {
    const out = new Set<string>();
    if (!config || !live.state) return out;
    const today = dayKeyOf(Date.now() + live.offset, config.timeZone);
    for (const s of config.services) {
      const n = live.state.issuedToday[s.id];
      if (s.dailyCap !== undefined && n?.dayKey === today && n.count >= s.dailyCap) out.add(s.id);
    }
    return out;
  }, [config, live.state, live.offset]);

  /** One command at a time; a refusal becomes a polite message (back to the check-in after a failed one). */
  const { run, busy } = useCommandRunner(token, {
    onUnauthorized,
    onRefused: (error, command) => {
      // the office changed its mode meanwhile: the start screen should say so at once
      if (error.code === 'OUTSIDE_RECEPTION_HOURS' || error.code === 'LIVE_QUEUE_MODE') live.refresh();
      if (command.type === 'checkIn' && command.phone !== undefined) {
        // «проверьте код» does not fit a visitor who typed a phone number
        const notFound = error.code === 'APPOINTMENT_NOT_FOUND';
        const shown = notFound ? { ...error, message: { ru: P.notFound[0], en: P.notFound[1] } } : error;
        setStep({ kind: 'message', error: shown, back: 'checkinPhone' });
      } else setStep({ kind: 'message', error, back: command.type === 'checkIn' ? 'checkin' : 'start' });
    },
  });

  const showResult = (r: CommandResult, serviceId: string, byAppointment: boolean, priority = false) => {
    issuedAt.current = [...issuedAt.current.filter((at) => Date.now() - at < MINUTE), Date.now()];
    setStep({
      kind: 'result',
      ticketId: r.ticketId,
      number: r.number ?? '—',
      serviceId,
      peopleAhead: r.peopleAhead,
      estimate: r.estimate,
      byAppointment,
      priority,
    });
  };

  const issue = async (command: IssueCommand, confirmed = false) => {
    const recent = issuedAt.current.filter((at) => Date.now() - at < MINUTE).length;
    if (!confirmed && recent >= settings.ticketsPerMinuteBeforeConfirm) {
      setStep({ kind: 'confirm', command });
      return;
    }
    const r = await run(command);
    const topic = config?.topics.find((tp) => tp.id === command.topicId);
    if (r) showResult(r, topic?.serviceId ?? command.serviceId ?? '', false, !!command.priorityCategoryId);
  };

  const issueFor = (segmentId: string, topic: Topic, visitorData?: VisitorData) =>
    void issue({
      type: 'issueTicket',
      topicId: topic.id,
      segmentId,
      ...(priority ? { priorityCategoryId: priority } : {}),
      ...(visitorData ? { visitorData } : {}),
    });

  const afterDocuments = (segmentId: string, topic: Topic) => {
    if (topic.ask === 'account' || topic.ask === 'phone')
      setStep({ kind: 'visitorData', segmentId, topicId: topic.id });
    else issueFor(segmentId, topic);
  };

  const chooseTopic = (segmentId: string, topic: Topic) => {
    if (topic.documents) setStep({ kind: 'documents', segmentId, topicId: topic.id });
    else afterDocuments(segmentId, topic);
  };

  /** By the code (typed or scanned) or by the phone number given when booking: the same lateness rule. */
  const checkIn = async (by: { code: string } | { phone: string }) => {
    const r = await run({ type: 'checkIn', ...by });
    if (!r) return;
    // the office names the booking's service; the kiosk's own copy of the bookings has no phones (152-ФЗ)
    const code = 'code' in by ? by.code.toUpperCase() : undefined;
    const booking = Object.values(live.state?.appointments ?? {}).filter((a) => a.code === code);
    const serviceId = r.serviceId ?? booking.at(-1)?.serviceId;
    if (r.appointmentLate) setStep({ kind: 'late', serviceId });
    else showResult(r, serviceId ?? '', true);
  };

  const open = !!config && !!live.state && !live.state.liveQueue && live.receptionOpen;
  useScanner((code) => void checkIn({ code }), step.kind === 'start' && open && !busy);

  const stepKey = JSON.stringify({ step, helpOpen });
  let body: ReactNode;
  let onBack: (() => void) | undefined;
  const topicOf = (id: string) => config?.topics.find((tp) => tp.id === id);

  if (helpOpen) {
    body = <HelpScreen help={help} onClose={() => setHelpOpen(false)} />;
  } else if (step.kind === 'result') {
    // the ticket is already issued: show it even if the connection drops meanwhile
    const service = config?.services.find((s) => s.id === step.serviceId);
    body = (
      <>
        <ResultScreen
          number={step.number}
          serviceName={tr(service?.name)}
          peopleAhead={step.peopleAhead}
          estimate={step.estimate}
          byAppointment={step.byAppointment}
          priority={step.priority}
          print={print}
          onDone={reset}
        />
        <TicketSpeech number={step.number} />
        {notifyOffer && step.ticketId && (
          <NotifyOffer
            tail={step.notified}
            onOpen={() => step.ticketId && setStep({ kind: 'notify', ticketId: step.ticketId, back: step })}
          />
        )}
      </>
    );
  } else if (offline || (!live.state && !live.connected)) {
    body = offline ? <UnavailableScreen /> : <MessageScreen text={t(S.connecting)} />;
  } else if (!live.state) {
    body = <MessageScreen text={t(S.connecting)} />;
  } else if (!config) {
    body = <MessageScreen text={t(S.notConfigured)} code="NOT_CONFIGURED" />;
  } else if (step.kind === 'start') {
    if (live.state.liveQueue)
      body = <MessageScreen text={tr(talonError('LIVE_QUEUE_MODE').message)} code="LIVE_QUEUE_MODE" />;
    else if (!live.receptionOpen)
      body = (
        <MessageScreen text={tr(talonError('OUTSIDE_RECEPTION_HOURS').message)} code="OUTSIDE_RECEPTION_HOURS">
          <ReceptionHours config={config} />
        </MessageScreen>
      );
    else
      body = (
        <SegmentsScreen
          config={config}
          onSegment={(segmentId) => setStep({ kind: 'topics', segmentId })}
          onAppointment={() => setStep({ kind: 'checkin' })}
          onPriority={() => setStep({ kind: 'priority' })}
          priorityName={priority ? tr(config.priorityCategories.find((p) => p.id === priority)?.name) : undefined}
          onPriorityCancel={() => setPriority(undefined)}
          printerDown={printer !== null && !printer.ready}
        />
      );
  } else if (step.kind === 'priority') {
    body = (
      <PriorityScreen
        categories={config.priorityCategories}
        onChoose={(id) => {
          setPriority(id);
          setStep({ kind: 'start' });
          // seed 001 §3.5: a category served individually brings a member of staff to the visitor
          if (config.priorityCategories.find((p) => p.id === id)?.individual) {
            void help.call('individual');
            setHelpOpen(true);
          }
        }}
      />
    );
    onBack = toStart;
  } else if (step.kind === 'topics') {
    body = (
      <TopicsScreen
        config={config}
        segmentId={step.segmentId}
        busy={busy}
        capped={capped}
        onTopic={(topic) => chooseTopic(step.segmentId, topic)}
      />
    );
    onBack = toStart;
  } else if (step.kind === 'documents') {
    const topic = topicOf(step.topicId);
    body = topic ? (
      <DocumentsScreen topic={topic} busy={busy} onIssue={() => afterDocuments(step.segmentId, topic)} />
    ) : (
      <MessageScreen text={tr(talonError('UNKNOWN_TOPIC').message)} code="UNKNOWN_TOPIC" />
    );
    onBack = () => setStep({ kind: 'topics', segmentId: step.segmentId });
  } else if (step.kind === 'visitorData') {
    const topic = topicOf(step.topicId);
    body = topic ? (
      <VisitorDataScreen
        kind={topic.ask === 'phone' ? 'phone' : 'account'}
        onDone={(data) => issueFor(step.segmentId, topic, data)}
      />
    ) : (
      <MessageScreen text={tr(talonError('UNKNOWN_TOPIC').message)} code="UNKNOWN_TOPIC" />
    );
    onBack = () => setStep({ kind: 'topics', segmentId: step.segmentId });
  } else if (step.kind === 'confirm') {
    const { command } = step;
    body = <ConfirmScreen onYes={() => void issue(command, true)} onNo={reset} />;
    onBack = toStart;
  } else if (step.kind === 'checkin') {
    body = (
      <CheckInScreen
        busy={busy}
        onSubmit={(code) => void checkIn({ code })}
        onByPhone={() => setStep({ kind: 'checkinPhone' })}
      />
    );
    onBack = toStart;
  } else if (step.kind === 'checkinPhone') {
    body = (
      <PhoneCheckInScreen
        busy={busy}
        onSubmit={(phone) => void checkIn({ phone })}
        onByCode={() => setStep({ kind: 'checkin' })}
      />
    );
    onBack = toStart;
  } else if (step.kind === 'notify') {
    const { back } = step;
    body = (
      <NotifyOptInScreen
        token={token}
        ticketId={step.ticketId}
        onUnauthorized={onUnauthorized}
        onSkip={() => setStep(back)}
        onDone={(tail) => setStep(back.kind === 'result' ? { ...back, notified: tail } : back)}
      />
    );
    onBack = () => setStep(back);
  } else if (step.kind === 'late') {
    const { serviceId } = step;
    body = (
      <LateScreen
        lateMin={config.rules.appointmentLateMin}
        busy={busy || !serviceId}
        onTake={() => serviceId && void issue({ type: 'issueTicket', serviceId })}
      />
    );
    onBack = toStart;
  } else {
    const { error, back } = step;
    const wait = retryAfterSec(error);
    const text =
      wait !== null
        ? t(S.tooManyRequests, { n: wait })
        : VISITOR_CODES.has(error.code)
          ? tr(error.message)
          : t(S.issueFailed);
    body = (
      <MessageScreen text={text} code={error.code}>
        {error.code === 'OUTSIDE_RECEPTION_HOURS' && <ReceptionHours config={config} />}
      </MessageScreen>
    );
    onBack = back === 'start' ? toStart : () => setStep({ kind: back });
  }

  return (
    <Frame
      stepKey={stepKey}
      officeName={tr(config?.name)}
      offset={live.offset}
      timeZone={config?.timeZone}
      onBack={onBack}
      backDisabled={busy}
      banner={<ConnectionBanner connected={live.connected} />}
      help={!helpOpen && <HelpButton help={help} onOpen={() => setHelpOpen(true)} />}
    >
      {/* a visitor's choices (a step, a reason, English) are undone for the next one after idle time */}
      {(step.kind !== 'start' || priority || lang !== 'ru' || helpOpen) && (
        <IdleReset
          key={stepKey}
          ms={(step.kind === 'result' ? settings.resultIdleSec : settings.idleReturnSec) * 1000}
          onIdle={reset}
        />
      )}
      {body}
    </Frame>
  );
}
