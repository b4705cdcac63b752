/**
 * The desk: supervisors' and administrators' pages, with navigation at the side on a wide screen
 * and across the top on a phone. Loaded lazily (lazy.tsx): none of it is in a grid worker's app.
 */
import type { ComponentChildren } from 'preact';
import { addMessages, type MessageKey } from '../i18n/catalogue.ts';
import { deskEn, deskZh } from '../i18n/desk.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';
import { Accounts } from './accounts.tsx';
import { AuditLog } from './audit.tsx';
import { Browse } from './browse.tsx';
import { Conflicts } from './conflicts.tsx';
import { Dashboard } from './dashboard.tsx';
import { Hours } from './hours.tsx';
import { ImportRoster } from './import.tsx';
import type { DeskProps } from './lazy.tsx';
import { PartyOrgs } from './party.tsx';
import { Places } from './places.tsx';
import { Quarterly } from './quarterly.tsx';
import { ServiceFigures } from './service.tsx';
import './desk.css';

addMessages(deskZh, deskEn);

interface DeskPage {
  page: string;
  label: MessageKey;
  adminOnly?: boolean;
}

const PAGES: DeskPage[] = [
  { page: 'dashboard', label: 'deskDashboard' },
  { page: 'browse', label: 'deskBrowse' },
  { page: 'service', label: 'deskService' },
  { page: 'hours', label: 'deskHours' },
  { page: 'quarterly', label: 'deskQuarterly' },
  { page: 'conflicts', label: 'deskConflicts' },
  { page: 'places', label: 'deskPlaces', adminOnly: true },
  { page: 'accounts', label: 'deskAccounts', adminOnly: true },
  { page: 'party', label: 'deskParty', adminOnly: true },
  { page: 'import', label: 'deskImport', adminOnly: true },
  { page: 'audit', label: 'deskAudit', adminOnly: true },
];

function Content({ page, arg, search }: DeskProps): ComponentChildren {
  const { user } = useApp();
  const admin = user.role === 'admin';
  switch (page) {
    case 'browse':
      return <Browse table={arg} search={search} />;
    case 'conflicts':
      return <Conflicts />;
    case 'service':
      return <ServiceFigures />;
    case 'hours':
      return <Hours />;
    case 'quarterly':
      return <Quarterly search={search} />;
    case 'places':
      return admin ? <Places /> : <Dashboard />;
    case 'accounts':
      return admin ? <Accounts /> : <Dashboard />;
    case 'party':
      return admin ? <PartyOrgs /> : <Dashboard />;
    case 'import':
      return admin ? <ImportRoster /> : <Dashboard />;
    case 'audit':
      return admin ? <AuditLog /> : <Dashboard />;
    default:
      return <Dashboard />;
  }
}

export function Desk({ page, arg, search }: DeskProps) {
  const { t } = useI18n();
  const { user } = useApp();
  const pages = PAGES.filter((entry) => !entry.adminOnly || user.role === 'admin');
  const current = pages.some((entry) => entry.page === page) ? page : 'dashboard';
  const link = (entry: DeskPage) => (
    <li key={entry.page}>
      <a
        href={href({ name: 'desk', page: entry.page })}
        aria-current={entry.page === current ? 'page' : undefined}
        class={entry.page === current ? 'current' : undefined}
      >
        {t(entry.label)}
      </a>
    </li>
  );
  return (
    <div class="desk">
      <nav class="desk-nav" aria-label={t('deskNavigation')}>
        <ul>
          {pages.filter((entry) => !entry.adminOnly).map(link)}
          <li>
            {/* Issues are worked on their own pages (accept, assign, resolve…). */}
            <a href={href({ name: 'my-issues' })}>{t('deskIssues')}</a>
          </li>
        </ul>
        {user.role === 'admin' && (
          <>
            <p class="desk-nav-section">{t('deskAdminSection')}</p>
            <ul>{pages.filter((entry) => entry.adminOnly).map(link)}</ul>
          </>
        )}
      </nav>
      <main class="desk-main">
        <Content page={current} {...(arg ? { arg } : {})} {...(search ? { search } : {})} />
      </main>
    </div>
  );
}
