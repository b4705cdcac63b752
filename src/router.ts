/** Hash routes: the single precached index.html serves every screen, offline included. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'home' }
  | { name: 'due' }
  | { name: 'building'; id: string }
  | { name: 'household'; id: string }
  | { name: 'household-edit'; id: string }
  | { name: 'resident'; householdId: string; id?: string }
  | { name: 'visit'; householdId: string; againId?: string }
  | { name: 'report-issue'; householdId?: string; visitId?: string; needId?: string }
  | { name: 'issue'; id: string }
  | { name: 'my-issues' }
  | { name: 'roster'; orgId?: string }
  | { name: 'member'; id?: string; orgId?: string }
  | { name: 'notices' }
  | { name: 'settings' }
  /** Community service (lazily loaded): a page (wishes, needs, projects…), and the record it shows. */
  | { name: 'service'; page: ServicePage; id?: string }
  /** The desk pages (supervisors and administrators): a page, what it shows (a table), its filters. */
  | { name: 'desk'; page: string; arg?: string; search?: string };

/** The pages of community service: lists, a record of one, and forms for new ones. */
export const SERVICE_PAGES = [
  'home',
  'wishes',
  'wish',
  'needs',
  'need-new',
  'resources',
  'resource-new',
  'projects',
  'project',
  'project-new',
  'partners',
  'partner',
  'partner-new',
  'activities',
  'activity',
  'activity-new',
] as const;
export type ServicePage = (typeof SERVICE_PAGES)[number];

function servicePage(page: string | undefined): ServicePage {
  return SERVICE_PAGES.find((known) => known === page) ?? 'home';
}

function query(search: string | undefined): URLSearchParams {
  return new URLSearchParams(search ?? '');
}

/** Only the keys present: optional route fields are absent rather than undefined. */
function present<T extends Record<string, string | undefined>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value)) as Partial<T>;
}

export function parseRoute(hash: string): Route {
  const [path, search] = hash.replace(/^#\/?/, '').split('?');
  const [first, id, third, fourth] = (path ?? '').split('/').filter(Boolean).map(decodeURIComponent);
  const params = query(search);
  switch (first) {
    case 'due':
      return { name: 'due' };
    case 'building':
      return id ? { name: 'building', id } : { name: 'home' };
    case 'household':
      if (!id) return { name: 'home' };
      if (third === 'visit')
        return { name: 'visit', householdId: id, ...present({ againId: params.get('again') ?? undefined }) };
      if (third === 'edit') return { name: 'household-edit', id };
      if (third === 'resident') return { name: 'resident', householdId: id, ...present({ id: fourth }) };
      return { name: 'household', id };
    case 'report-issue':
      return {
        name: 'report-issue',
        ...present({
          householdId: params.get('household') ?? undefined,
          visitId: params.get('visit') ?? undefined,
          needId: params.get('need') ?? undefined,
        }),
      };
    case 'issue':
      return id ? { name: 'issue', id } : { name: 'my-issues' };
    case 'my-issues':
      return { name: 'my-issues' };
    case 'roster':
      return { name: 'roster', ...present({ orgId: id }) };
    case 'member':
      return { name: 'member', ...present({ id, orgId: params.get('org') ?? undefined }) };
    case 'notices':
      return { name: 'notices' };
    case 'settings':
      return { name: 'settings' };
    case 'service':
      return { name: 'service', page: servicePage(id), ...present({ id: third }) };
    case 'desk':
      return { name: 'desk', page: id ?? 'dashboard', ...present({ arg: third, search }) };
    default:
      return { name: 'home' };
  }
}

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams(present(params) as Record<string, string>).toString();
  return search ? `${path}?${search}` : path;
}

export function href(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'due':
      return '#/due';
    case 'building':
      return `#/building/${route.id}`;
    case 'household':
      return `#/household/${route.id}`;
    case 'household-edit':
      return `#/household/${route.id}/edit`;
    case 'resident':
      return route.id
        ? `#/household/${route.householdId}/resident/${route.id}`
        : `#/household/${route.householdId}/resident`;
    case 'visit':
      return withQuery(`#/household/${route.householdId}/visit`, { again: route.againId });
    case 'report-issue':
      return withQuery('#/report-issue', { household: route.householdId, visit: route.visitId, need: route.needId });
    case 'issue':
      return `#/issue/${route.id}`;
    case 'my-issues':
      return '#/my-issues';
    case 'roster':
      return route.orgId ? `#/roster/${route.orgId}` : '#/roster';
    case 'member':
      return withQuery(route.id ? `#/member/${route.id}` : '#/member', { org: route.orgId });
    case 'notices':
      return '#/notices';
    case 'settings':
      return '#/settings';
    case 'service':
      return route.page === 'home' ? '#/service' : `#/service/${route.page}${route.id ? `/${route.id}` : ''}`;
    case 'desk':
      return `#/desk/${route.page}${route.arg ? `/${route.arg}` : ''}${route.search ? `?${route.search}` : ''}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => {
      const next = parseRoute(window.location.hash);
      setRoute((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next));
    };
    window.addEventListener('hashchange', onChange);
    // Effects run a frame after the first render: an address changed in between (a link followed
    // as the app opened) fired its event before this listened. Read it again now.
    onChange();
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
