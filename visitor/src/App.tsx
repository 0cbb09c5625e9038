import { HighContrastToggle } from '@talon/ui/contrast';
import { toUiError, type UiError } from '@talon/ui/errors';
import { LangToggle, useI18n } from '@talon/ui/i18n';
import { useEffect, useMemo, useState } from 'react';
import { api, type Place, placeOf } from './api.js';
import { Book } from './Book.js';
import { ErrorNote } from './common.js';
import { Manage } from './Manage.js';
import { Poster } from './Poster.js';
import { S } from './strings.js';
import { Take } from './Take.js';

type Route =
  | { kind: 'book'; place: Place }
  | { kind: 'offices' }
  | { kind: 'manage'; place: Place; token: string }
  | { kind: 'take'; place: Place }
  | { kind: 'poster' }
  | { kind: 'unknown' };

/** What the address asks for: the page has no router of its own, the server answers each of these with it. */
export function routeOf(pathname: string): Route {
  const place = placeOf(pathname);
  const rest = pathname.slice(place.prefix.length).replace(/\/+$/, '');
  const manage = /^\/book\/m\/([^/]+)$/.exec(rest);
  if (manage?.[1]) return { kind: 'manage', place, token: decodeURIComponent(manage[1]) };
  if (rest === '/book') return { kind: 'book', place };
  if (rest === '/take') return { kind: 'take', place };
  if (rest === '/take/poster') return { kind: 'poster' };
  return { kind: 'unknown' };
}

export function App() {
  const { t } = useI18n();
  const route = useMemo(() => routeOf(window.location.pathname), []);
  const poster = route.kind === 'poster';
  return (
    <div className={`visitor ${poster ? 'visitor-poster' : ''}`}>
      <header className="visitor-bar no-print">
        <span className="visitor-brand">
          {t(route.kind === 'take' || route.kind === 'poster' ? S.takeTitle : S.title)}
        </span>
        <span className="visitor-toggles">
          <LangToggle />
          <HighContrastToggle />
        </span>
      </header>
      <div className="visitor-scroll">
        <main className="visitor-main">
          <Page route={route} />
        </main>
      </div>
    </div>
  );
}

function Page({ route }: { route: Route }) {
  const { t } = useI18n();
  switch (route.kind) {
    case 'book':
      return route.place.officeCode ? <Book place={route.place} /> : <OfficeOrChooser place={route.place} />;
    case 'manage':
      return <Manage place={route.place} token={route.token} />;
    case 'take':
      return <Take place={route.place} />;
    case 'poster':
      return <Poster />;
    case 'offices':
    case 'unknown':
      return <p className="notice">{t(S.notFoundPage)}</p>;
  }
}

/**
 * `/book` without an office in the address: on the office's server it is this office; on head office
 * (where `/api/public/office` does not exist) the visitor chooses one first.
 */
function OfficeOrChooser({ place }: { place: Place }) {
  const { t, tr } = useI18n();
  const [mode, setMode] = useState<'probe' | 'office' | 'offices'>('probe');
  const [offices, setOffices] = useState<{ code: string; name: { ru: string; en: string }; address?: string }[]>([]);
  const [error, setError] = useState<UiError | null>(null);
  useEffect(() => {
    api
      .office(place)
      .then(() => setMode('office'))
      .catch(async (e) => {
        const err = toUiError(e);
        if (err.code !== 'NOT_FOUND') return setMode('office');
        try {
          setOffices(await api.offices());
          setMode('offices');
        } catch (e2) {
          setError(toUiError(e2));
        }
      });
  }, [place]);
  if (error) return <ErrorNote error={error} />;
  if (mode === 'probe') return <p className="hint">{t(S.loading)}</p>;
  if (mode === 'office') return <Book place={place} />;
  return (
    <section data-testid="offices">
      <h1>{t(S.chooseOffice)}</h1>
      {offices.length === 0 && <p className="notice">{t(S.noOffices)}</p>}
      <div className="choices">
        {offices.map((o) => (
          <a
            key={o.code}
            className="btn choice"
            data-testid={`office-${o.code}`}
            href={`/o/${encodeURIComponent(o.code)}/book`}
          >
            <span>{tr(o.name)}</span>
            {o.address && <small>{o.address}</small>}
          </a>
        ))}
      </div>
    </section>
  );
}
