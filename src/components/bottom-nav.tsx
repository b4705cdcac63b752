/** The phone's bottom navigation: a thumb's reach from every screen, by role. */
import type { Role } from '../../shared/domain.ts';
import type { MessageKey } from '../i18n/catalogue.ts';
import { useI18n } from '../i18n/index.ts';
import { href, type Route, useRoute } from '../router.ts';

/** Community service: wishes, the three lists, co-building units and activities. */
const SERVICE: Route = { name: 'service', page: 'home' };

const ITEMS: Record<Role, { route: Route; label: MessageKey }[]> = {
  grid_worker: [
    { route: { name: 'home' }, label: 'navRound' },
    { route: { name: 'due' }, label: 'navDue' },
    { route: { name: 'my-issues' }, label: 'navIssues' },
    { route: SERVICE, label: 'navService' },
    { route: { name: 'roster' }, label: 'navRoster' },
  ],
  building_lead: [
    { route: { name: 'home' }, label: 'navBuilding' },
    { route: { name: 'my-issues' }, label: 'navIssues' },
    { route: SERVICE, label: 'navService' },
    { route: { name: 'roster' }, label: 'navRoster' },
  ],
  supervisor: [
    { route: { name: 'home' }, label: 'navOverview' },
    { route: { name: 'my-issues' }, label: 'navIssues' },
    { route: SERVICE, label: 'navService' },
    { route: { name: 'roster' }, label: 'navRoster' },
  ],
  admin: [
    { route: { name: 'home' }, label: 'navOverview' },
    { route: { name: 'my-issues' }, label: 'navIssues' },
    { route: SERVICE, label: 'navService' },
    { route: { name: 'roster' }, label: 'navRoster' },
  ],
};

export function BottomNav({ role }: { role: Role }) {
  const { t } = useI18n();
  const current = useRoute();
  return (
    <nav class="bottom-nav" aria-label={t('navigation')}>
      {ITEMS[role].map(({ route, label }) => (
        <a key={label} href={href(route)} aria-current={current.name === route.name ? 'page' : undefined}>
          {t(label)}
        </a>
      ))}
    </nav>
  );
}
