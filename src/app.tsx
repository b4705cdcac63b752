/** The app shell: sign-in, the sync bar, the update prompt, and the screen of the current route. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { isSupervising } from '../shared/domain.ts';
import type { SessionUser } from '../shared/sync-messages.ts';
import { currentUser } from './api.ts';
import { BottomNav } from './components/bottom-nav.tsx';
import { SyncBar } from './components/sync-bar.tsx';
import { getPreference, putPreference, storedSession, storeSession } from './db/device.ts';
import { useLive } from './db/live.ts';
import { unseenNoticeCount } from './db/notices.ts';
import { unsyncedCount } from './db/outbox.ts';
import type { Device } from './db/write.ts';
import { LazyDesk, prefersDesk } from './desk/lazy.tsx';
import { I18nContext, type Language, translator, useI18n } from './i18n/index.ts';
import type { ServiceWorkerControl } from './pwa/register.ts';
import { href, type Route, useRoute } from './router.ts';
import { Home } from './screens/home.tsx';
import { lazyScreen } from './screens/lazy-screen.tsx';
import { LazyService } from './screens/lazy-service.tsx';
import { SignIn } from './screens/sign-in.tsx';
import { AppContext, type AppContextValue, endSessionOnDevice, startSessionOnDevice, useApp } from './session.ts';
import { onSyncMessage } from './sync/messages.ts';
import type { SyncScheduler } from './sync/scheduler.ts';

// The sign-in and the home come with the app; every other screen loads the first time it is opened.
const Due = lazyScreen(() => import('./screens/due.tsx').then((module) => module.Due));
const Building = lazyScreen(() => import('./screens/building.tsx').then((module) => module.Building));
const Household = lazyScreen(() => import('./screens/household.tsx').then((module) => module.Household));
const HouseholdEdit = lazyScreen(() => import('./screens/household-edit.tsx').then((module) => module.HouseholdEdit));
const ResidentForm = lazyScreen(() => import('./screens/resident-form.tsx').then((module) => module.ResidentForm));
const VisitForm = lazyScreen(() => import('./screens/visit-form.tsx').then((module) => module.VisitForm));
const ReportIssue = lazyScreen(() => import('./screens/issues.tsx').then((module) => module.ReportIssue));
const Issue = lazyScreen(() => import('./screens/issue.tsx').then((module) => module.Issue));
const MyIssues = lazyScreen(() => import('./screens/my-issues.tsx').then((module) => module.MyIssues));
const Roster = lazyScreen(() => import('./screens/roster.tsx').then((module) => module.Roster));
const Member = lazyScreen(() => import('./screens/member.tsx').then((module) => module.Member));
const Notices = lazyScreen(() => import('./screens/notices.tsx').then((module) => module.Notices));
const Settings = lazyScreen(() => import('./screens/settings.tsx').then((module) => module.Settings));

function Screen() {
  const route = useRoute();
  // Keyed by the whole address: a screen's own state (a form being filled) never carries over to
  // the next record opened on the same screen.
  return <RouteScreen key={href(route)} route={route} />;
}

function RouteScreen({ route }: { route: Route }) {
  switch (route.name) {
    case 'due':
      return <Due />;
    case 'building':
      return <Building id={route.id} />;
    case 'household':
      return <Household id={route.id} />;
    case 'household-edit':
      return <HouseholdEdit id={route.id} />;
    case 'resident':
      return <ResidentForm householdId={route.householdId} {...(route.id ? { id: route.id } : {})} />;
    case 'visit':
      return <VisitForm householdId={route.householdId} {...(route.againId ? { againId: route.againId } : {})} />;
    case 'report-issue':
      return <ReportIssue {...route} />;
    case 'issue':
      return <Issue id={route.id} />;
    case 'my-issues':
      return <MyIssues />;
    case 'roster':
      return <Roster {...(route.orgId ? { orgId: route.orgId } : {})} />;
    case 'member':
      return <Member {...(route.id ? { id: route.id } : {})} {...(route.orgId ? { orgId: route.orgId } : {})} />;
    case 'notices':
      return <Notices />;
    case 'settings':
      return <Settings />;
    case 'service':
      return <LazyService page={route.page} {...(route.id ? { id: route.id } : {})} />;
    case 'desk':
      return (
        <LazyDesk
          page={route.page}
          {...(route.arg ? { arg: route.arg } : {})}
          {...(route.search ? { search: route.search } : {})}
        />
      );
    default:
      return <HomeOrDesk />;
  }
}

function HomeOrDesk() {
  const { user } = useApp();
  return prefersDesk(user.role) ? <LazyDesk page="dashboard" /> : <Home />;
}

function Header({ onSignOut, onToggleLanguage }: { onSignOut: () => void; onToggleLanguage: () => void }) {
  const { user, device } = useApp();
  const { t, term } = useI18n();
  const unseen = useLive(() => unseenNoticeCount(device), [device], 0);
  return (
    <header class="top">
      <a class="brand" href={href({ name: 'home' })}>
        {t('appName')}
      </a>
      <span class="who">
        {user.displayName} · {term('role', user.role)}
      </span>
      {isSupervising(user.role) && (
        <a class="desk-link" href={href({ name: 'desk', page: 'dashboard' })}>
          {t('deskOpen')}
        </a>
      )}
      {unseen > 0 && (
        <a class="notices-link" href={href({ name: 'notices' })} data-testid="notices-link">
          {t('notices')} {unseen}
        </a>
      )}
      <a class="header-link" href={href({ name: 'settings' })}>
        {t('settings')}
      </a>
      <button type="button" class="link-button" onClick={onToggleLanguage}>
        {t('language')}
      </button>
      <button type="button" class="link-button" onClick={onSignOut}>
        {t('signOut')}
      </button>
    </header>
  );
}

function UpdatePrompt({ control }: { control: ServiceWorkerControl | null }) {
  const { t } = useI18n();
  const [ready, setReady] = useState(false);
  useEffect(() => control?.onUpdateReady(() => setReady(true)), [control]);
  if (!ready || !control) return null;
  return (
    <div class="update-prompt" role="status">
      <span>
        {t('updateReady')} {t('updateKeepsData')}
      </span>
      <button type="button" class="primary" onClick={() => control.applyUpdate()}>
        {t('updateReload')}
      </button>
    </div>
  );
}

export interface AppProps {
  device: Device;
  scheduler: SyncScheduler;
  serviceWorker: ServiceWorkerControl | null;
}

export function App({ device, scheduler, serviceWorker }: AppProps) {
  const [language, setLanguage] = useState<Language>('zh-CN');
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);
  const [signInNotice, setSignInNotice] = useState<string | undefined>();
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const i18n = useMemo(() => translator(language), [language]);

  useEffect(() => {
    void getPreference('language').then((stored) => stored && setLanguage(stored));
    void storedSession().then((stored) => setUser(stored ?? null));
    void navigator.storage?.persisted?.().then(setPersisted);
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  // The server no longer knows the session: sign in again. The outbox stays and waits for it.
  const sessionEnded = () => {
    setSignInNotice(i18n.t('sessionExpired'));
    setUser(null);
    void storeSession(undefined);
  };

  // Online, ask the server whether the stored session still holds; offline, trust it. Any sync
  // refused for want of a session (here or in the service worker) says the same.
  useEffect(() => {
    if (!user) return;
    currentUser()
      .then((confirmed) => confirmed === null && sessionEnded())
      .catch(() => undefined);
    return onSyncMessage((message) => {
      if (message.type === 'sync-failed' && message.reason === 'unauthenticated') sessionEnded();
    });
  }, [user?.id]);

  const onSignedIn = async (signedIn: SessionUser): Promise<string | null> => {
    const outcome = await startSessionOnDevice(device, signedIn);
    if (!outcome.ok) return i18n.t('otherUserUnsynced', { count: outcome.unsynced });
    setPersisted(outcome.persisted);
    setSignInNotice(undefined);
    setUser(signedIn);
    scheduler.request();
    return null;
  };

  const onSignOut = async () => {
    const unsynced = await unsyncedCount(device);
    if (unsynced > 0 && !window.confirm(i18n.t('signOutUnsynced', { count: unsynced }))) return;
    await endSessionOnDevice();
    setUser(null);
  };

  const toggleLanguage = () => {
    const next: Language = language === 'zh-CN' ? 'en' : 'zh-CN';
    setLanguage(next);
    void putPreference('language', next);
  };

  const context: AppContextValue | null = useMemo(
    () => (user ? { device, user, requestSync: scheduler.request } : null),
    [device, user, scheduler],
  );

  return (
    <I18nContext.Provider value={i18n}>
      <UpdatePrompt control={serviceWorker} />
      {user === undefined ? null : context ? (
        <AppContext.Provider value={context}>
          <Header onSignOut={onSignOut} onToggleLanguage={toggleLanguage} />
          <SyncBar persisted={persisted} />
          <Screen />
          <BottomNav role={context.user.role} />
        </AppContext.Provider>
      ) : (
        <SignIn onSignedIn={onSignedIn} {...(signInNotice ? { notice: signInNotice } : {})} />
      )}
    </I18nContext.Provider>
  );
}
