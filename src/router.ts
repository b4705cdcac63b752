/** Hash routes: the single precached index.html serves every screen, offline included. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'home' }
  | { name: 'building'; id: string }
  | { name: 'household'; id: string }
  | { name: 'visit'; householdId: string }
  | { name: 'report-issue'; buildingId?: string }
  | { name: 'notices' }
  /** The desk pages (supervisors and administrators): a page, and what it shows (a table). */
  | { name: 'desk'; page: string; arg?: string };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [first, id, third] = parts;
  if (first === 'building' && id) return { name: 'building', id };
  if (first === 'household' && id && third === 'visit') return { name: 'visit', householdId: id };
  if (first === 'household' && id) return { name: 'household', id };
  if (first === 'report-issue') return id ? { name: 'report-issue', buildingId: id } : { name: 'report-issue' };
  if (first === 'notices') return { name: 'notices' };
  if (first === 'desk')
    return third ? { name: 'desk', page: id ?? 'dashboard', arg: third } : { name: 'desk', page: id ?? 'dashboard' };
  return { name: 'home' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'building':
      return `#/building/${route.id}`;
    case 'household':
      return `#/household/${route.id}`;
    case 'visit':
      return `#/household/${route.householdId}/visit`;
    case 'report-issue':
      return route.buildingId ? `#/report-issue/${route.buildingId}` : '#/report-issue';
    case 'notices':
      return '#/notices';
    case 'desk':
      return `#/desk/${route.page}${route.arg ? `/${route.arg}` : ''}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
