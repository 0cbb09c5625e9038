import { useEffect, useState } from 'react';

export type Page =
  | 'monitor'
  | 'alarms'
  | 'config'
  | 'reports'
  | 'staffing'
  | 'outages'
  | 'followups'
  | 'bookings'
  | 'wall';
const PAGES: Page[] = [
  'monitor',
  'alarms',
  'config',
  'reports',
  'staffing',
  'outages',
  'followups',
  'bookings',
  'wall',
];

export interface Route {
  page: Page;
  /** The configuration section (`#config/topics`). */
  sub: string | null;
}

function parse(hash: string): Route {
  const [page, sub] = hash.replace(/^#\/?/, '').split('/');
  return { page: PAGES.includes(page as Page) ? (page as Page) : 'monitor', sub: sub || null };
}

/** The page lives in the URL hash, so a reload or a bookmark (the wall screen) keeps it. */
export function useRoute(): [Route, (page: Page, sub?: string | null) => void] {
  const [route, setRoute] = useState(() => parse(location.hash));
  useEffect(() => {
    const on = () => setRoute(parse(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const go = (page: Page, sub?: string | null) => {
    location.hash = sub ? `${page}/${sub}` : page;
  };
  return [route, go];
}
