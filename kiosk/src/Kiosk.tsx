import { ERRORS, type Topic } from '@talon/protocol';
import { ConnectionBanner, isAuthError, sendCommand, type UiError, useHeld, useI18n, useLive } from '@talon/ui';
import { type ReactNode, useCallback, useRef, useState } from 'react';
import { Frame, IdleReset } from './Frame.js';
import {
  DocumentsScreen,
  MessageScreen,
  ResultScreen,
  SegmentsScreen,
  TopicsScreen,
  UnavailableScreen,
} from './screens.js';
import { S } from './strings.js';

type Step =
  | { kind: 'start' }
  | { kind: 'topics'; segmentId: string }
  | { kind: 'documents'; segmentId: string; topicId: string }
  | { kind: 'result'; number: string; serviceId: string; peopleAhead?: number }
  | { kind: 'message'; error: UiError };

/** Idle time before the kiosk returns to the start screen. */
const RESULT_IDLE_MS = 30_000;
const STEP_IDLE_MS = 60_000;

/** Server refusals a visitor can act on are shown as the server words them; the rest get one polite line. */
const VISITOR_CODES = new Set<UiError['code']>([
  'OUTSIDE_RECEPTION_HOURS',
  'LIVE_QUEUE_MODE',
  'DAILY_CAP_REACHED',
  'NUMBER_RANGE_EXHAUSTED',
  'TOO_MANY_REQUESTS',
]);

export function Kiosk({ token, onUnauthorized }: { token: string; onUnauthorized: () => void }) {
  // The server does not push reception hours opening or closing: a fresh snapshot every 30 s carries it.
  const live = useLive('kiosk', token, { onUnauthorized, refreshMs: 30_000 });
  const { t, tr, setLang } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'start' });
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const offline = useHeld(!live.connected, 2000);
  const config = live.state?.config ?? null;

  const reset = useCallback(() => {
    setStep({ kind: 'start' });
    setLang('ru');
  }, [setLang]);

  const issue = async (segmentId: string, topic: Topic) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    const r = await sendCommand(token, { type: 'issueTicket', topicId: topic.id, segmentId });
    busyRef.current = false;
    setBusy(false);
    if (r.ok) {
      setStep({
        kind: 'result',
        number: r.result?.number ?? '—',
        serviceId: topic.serviceId,
        peopleAhead: r.result?.peopleAhead,
      });
    } else if (isAuthError(r.error)) {
      onUnauthorized();
    } else {
      // the office changed its mode meanwhile: the start screen should say so at once
      if (r.error.code === 'OUTSIDE_RECEPTION_HOURS' || r.error.code === 'LIVE_QUEUE_MODE') live.refresh();
      setStep({ kind: 'message', error: r.error });
    }
  };

  const chooseTopic = (segmentId: string, topic: Topic) => {
    if (topic.documents) setStep({ kind: 'documents', segmentId, topicId: topic.id });
    else void issue(segmentId, topic);
  };

  const stepKey = JSON.stringify(step);
  let body: ReactNode;
  let onBack: (() => void) | undefined;

  if (step.kind === 'result') {
    // the ticket is already issued: show it even if the connection drops meanwhile
    const service = config?.services.find((s) => s.id === step.serviceId);
    body = (
      <ResultScreen
        number={step.number}
        serviceName={tr(service?.name)}
        peopleAhead={step.peopleAhead}
        onDone={reset}
      />
    );
  } else if (offline || (!live.state && !live.connected)) {
    body = offline ? <UnavailableScreen /> : <MessageScreen text={t(S.connecting)} />;
  } else if (!live.state) {
    body = <MessageScreen text={t(S.connecting)} />;
  } else if (!config) {
    body = <MessageScreen text={t(S.notConfigured)} code="NOT_CONFIGURED" />;
  } else if (step.kind === 'start') {
    if (live.state.liveQueue) body = <MessageScreen text={t(ERRORS.LIVE_QUEUE_MODE)} code="LIVE_QUEUE_MODE" />;
    else if (!live.receptionOpen)
      body = <MessageScreen text={t(ERRORS.OUTSIDE_RECEPTION_HOURS)} code="OUTSIDE_RECEPTION_HOURS" />;
    else body = <SegmentsScreen config={config} onSegment={(segmentId) => setStep({ kind: 'topics', segmentId })} />;
  } else if (step.kind === 'topics') {
    body = (
      <TopicsScreen
        config={config}
        segmentId={step.segmentId}
        busy={busy}
        onTopic={(topic) => chooseTopic(step.segmentId, topic)}
      />
    );
    onBack = reset;
  } else if (step.kind === 'documents') {
    const topic = config.topics.find((tp) => tp.id === step.topicId);
    body = topic ? (
      <DocumentsScreen topic={topic} busy={busy} onIssue={() => void issue(step.segmentId, topic)} />
    ) : (
      <MessageScreen text={t(ERRORS.UNKNOWN_TOPIC)} code="UNKNOWN_TOPIC" />
    );
    onBack = () => setStep({ kind: 'topics', segmentId: step.segmentId });
  } else {
    const { error } = step;
    body = (
      <MessageScreen text={VISITOR_CODES.has(error.code) ? tr(error.message) : t(S.issueFailed)} code={error.code} />
    );
    onBack = reset;
  }

  return (
    <Frame
      officeName={tr(config?.name)}
      offset={live.offset}
      timeZone={config?.timeZone}
      onBack={onBack}
      backDisabled={busy}
      banner={<ConnectionBanner connected={live.connected} />}
    >
      {step.kind !== 'start' && (
        <IdleReset key={stepKey} ms={step.kind === 'result' ? RESULT_IDLE_MS : STEP_IDLE_MS} onIdle={reset} />
      )}
      {body}
    </Frame>
  );
}
