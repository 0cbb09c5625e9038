import { useI18n } from '@talon/ui';
import { S } from './strings.js';

interface IdleProps {
  label: string;
  operatorName: string | null;
  photoUrl: string | undefined;
  officeName: string;
  onFeedback: () => void;
}

/** Between visits: who serves at this window (seed 001 §3.9: name and photo) and the window. */
export function Idle({ label, operatorName, photoUrl, officeName, onFeedback }: IdleProps) {
  const { t } = useI18n();
  return (
    <section className="rating-idle" data-testid="rating-idle">
      <p className="rating-muted">{officeName}</p>
      <div className="rating-window" data-testid="rating-window">
        {label}
      </div>
      {operatorName ? (
        <>
          {photoUrl && <img className="rating-photo" src={photoUrl} alt="" data-testid="rating-photo" />}
          <p className="rating-muted">{t(S.welcome)}</p>
          <h1 className="rating-operator" data-testid="rating-operator" translate="no">
            {operatorName}
          </h1>
        </>
      ) : (
        <h1 className="rating-operator rating-closed" data-testid="rating-operator">
          {t(S.windowClosed)}
        </h1>
      )}
      <button type="button" className="btn rating-feedback-link" data-testid="feedback-open" onClick={onFeedback}>
        {t(S.leaveFeedback)}
      </button>
    </section>
  );
}
