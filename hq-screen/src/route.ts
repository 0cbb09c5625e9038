import { useCallback, useEffect, useState } from 'react';

export type Page = 'overview' | 'office' | 'reports' | 'profiles' | 'structure' | 'users';

export interface Route {
  page: Page;
  /** The office of `/offices/:id`. */
  officeId: string | null;
}

const PATHS: Record<Exclude<Page, 'overview' | 'office'>, string> = {
  reports: '/reports',
  profiles: '/profiles',
  structure: '/structure',
  users: '/users',
};

export function parseRoute(pathname: string): Route {
  const office = /^\/offices\/([^/]+)\/?$/.exec(pathname);
  if (office?.[1]) return { page: 'office', officeId: decodeURIComponent(office[1]) };
  for (const [page, path] of Object.entries(PATHS))
    if (pathname === path) return { page: page as Page, officeId: null };
  return { page: 'overview', officeId: null };
}

export function pathOf(page: Page, officeId?: string): string {
  if (page === 'office' && officeId) return `/offices/${encodeURIComponent(officeId)}`;
  return page === 'overview' || page === 'office' ? '/' : PATHS[page];
}

/**
 * The page lives in the URL path (head office serves the screen for any path it does not own), so a
 * reload, a bookmark or a link sent to a colleague opens the same office.
 */
export function useRoute(): [Route, (page: Page, officeId?: string) => void] {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.pathname));
    window.addEventListener('popstate', on);
    return () => window.removeEventListener('popstate', on);
  }, []);
  const go = useCallback((page: Page, officeId?: string) => {
    const path = pathOf(page, officeId);
    if (path !== location.pathname) history.pushState(null, '', path);
    setRoute(parseRoute(path));
    window.scrollTo(0, 0);
  }, []);
  return [route, go];
}
