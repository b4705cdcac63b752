/** The first screen after sign-in, by role: a grid, a building, or the whole community. */
import { useState } from 'preact/hooks';
import { householdById, householdCount, searchHouseholds } from '../db/households.ts';
import { openIssueCount } from '../db/issues.ts';
import { useLive } from '../db/live.ts';
import { buildingsWithHouseholdCounts, placeById } from '../db/places.ts';
import { householdsVisitedSince, recentVisits } from '../db/visits.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';
import { HouseholdRow } from './building.tsx';
import { IssueList } from './issues.tsx';

function startOfMonth(): Date {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), 1);
}

function Coverage() {
  const { t } = useI18n();
  const { device } = useApp();
  const figures = useLive(
    async () => ({
      total: await householdCount(device),
      done: await householdsVisitedSince(device, startOfMonth()),
    }),
    [device],
    { total: 0, done: 0 },
  );
  return (
    <p class="coverage" data-testid="coverage">
      {t('visitedThisMonth', figures)}
    </p>
  );
}

function BuildingList() {
  const { t } = useI18n();
  const { device } = useApp();
  const buildings = useLive(() => buildingsWithHouseholdCounts(device), [device], []);
  if (buildings.length === 0) return <p class="empty">{t('noData')}</p>;
  return (
    <ul class="list" data-testid="buildings">
      {buildings.map(({ building, households }) => (
        <li key={building.id}>
          <a class="row" href={href({ name: 'building', id: building.id })}>
            <span class="row-title">{building.name}</span>
            <span class="row-meta">{t('householdsCount', { count: households })}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function HouseholdSearch() {
  const { t } = useI18n();
  const { device } = useApp();
  const [query, setQuery] = useState('');
  const results = useLive(
    () => (query.trim() ? searchHouseholds(device, query) : Promise.resolve([])),
    [device, query],
    [],
  );
  return (
    <div class="search">
      <input
        type="search"
        placeholder={t('search')}
        aria-label={t('search')}
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {query.trim() && (
        <ul class="list" data-testid="search-results">
          {results.length === 0 && <li class="empty">{t('noResults')}</li>}
          {results.map((household) => (
            <HouseholdRow key={household.id} household={household} />
          ))}
        </ul>
      )}
    </div>
  );
}

function GridWorkerHome() {
  const { t } = useI18n();
  const { device, user } = useApp();
  const grid = useLive(() => placeById(device, user.place.id), [device, user.place.id], undefined);
  return (
    <main>
      <h1>
        {t('myGrid')}
        {grid ? ` · ${grid.name}` : ''}
      </h1>
      <Coverage />
      <HouseholdSearch />
      <BuildingList />
      <a class="button secondary" href={href({ name: 'report-issue' })}>
        {t('reportIssue')}
      </a>
    </main>
  );
}

function BuildingLeadHome() {
  const { t } = useI18n();
  const { device, user } = useApp();
  const building = useLive(() => placeById(device, user.place.id), [device, user.place.id], undefined);
  return (
    <main>
      <h1>
        {t('myBuilding')}
        {building ? ` · ${building.name}` : ''}
      </h1>
      <a class="button primary" href={href({ name: 'report-issue', buildingId: user.place.id })}>
        {t('reportIssue')}
      </a>
      <a class="button secondary" href={href({ name: 'building', id: user.place.id })}>
        {t('households')} · {t('roster')}
      </a>
      <h2>{t('issues')}</h2>
      <IssueList />
    </main>
  );
}

function SupervisorHome() {
  const { t, term, formatDate } = useI18n();
  const { device } = useApp();
  const visits = useLive(
    async () =>
      Promise.all(
        (await recentVisits(device, 10)).map(async (visit) => ({
          visit,
          household: await householdById(device, visit.householdId),
        })),
      ),
    [device],
    [],
  );
  const open = useLive(() => openIssueCount(device), [device], 0);
  return (
    <main>
      <h1>{t('overview')}</h1>
      <Coverage />
      <p class="figure">
        {t('openIssues')}: <strong data-testid="open-issues">{open}</strong>
      </p>
      <HouseholdSearch />
      <h2>{t('recentVisits')}</h2>
      <ul class="list" data-testid="recent-visits">
        {visits.length === 0 && <li class="empty">{t('noVisits')}</li>}
        {visits.map(({ visit, household }) => {
          return (
            <li key={visit.id} class="row">
              <span class="row-title">
                {household ? `${household.roomNo} ${household.headName}` : visit.householdId.slice(0, 8)}
              </span>
              <span class="row-meta">
                {term('purpose', visit.purpose)} · {formatDate(visit.visitedAt, true)}
              </span>
            </li>
          );
        })}
      </ul>
      <h2>{t('issues')}</h2>
      <IssueList />
    </main>
  );
}

export function Home() {
  const { user } = useApp();
  if (user.role === 'grid_worker') return <GridWorkerHome />;
  if (user.role === 'building_lead') return <BuildingLeadHome />;
  return <SupervisorHome />;
}
