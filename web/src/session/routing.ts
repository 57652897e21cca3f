import { useEffect, useState } from 'react';

/** The dashboard's pages, addressed by the URL hash (`#/leases`) so any server path works. */
export const pages = ['live', 'leases', 'account', 'admin'] as const;
export type PageName = (typeof pages)[number];

export interface Route {
  page: PageName;
  /** `#/leases?node=12` → { node: '12' }. */
  params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const page = pages.find((p) => p === path) ?? 'live';
  return { page, params: new URLSearchParams(query) };
}

export function hrefOf(page: PageName, params?: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) if (value) query.set(key, value);
  const text = query.toString();
  return `#/${page}${text ? `?${text}` : ''}`;
}

/** Changes the parameters of the current page without adding a history entry per change. */
export function replaceParams(route: Route, params: Record<string, string | undefined>): void {
  const merged = Object.fromEntries(route.params);
  window.history.replaceState(null, '', hrefOf(route.page, { ...merged, ...params }));
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

/** The current route; follows links, the back button and typed URLs. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
