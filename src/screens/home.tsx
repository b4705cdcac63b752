/** The first screen after sign-in, by role: a grid worker's round, a building lead's building, a supervisor's overview. */
import { BuildingCoverageList, CoverageCard } from '../components/coverage.tsx';
import { FollowUpList } from '../components/follow-ups.tsx';
import { HouseholdFinder } from '../components/household-finder.tsx';
import { IssueList } from '../components/issue-list.tsx';
import { getPreference } from '../db/device.ts';
import { householdById } from '../db/households.ts';
import { issuesForUser } from '../db/issues.ts';
import { useLive } from '../db/live.ts';
import { peopleById } from '../db/people.ts';
import { placeById } from '../db/places.ts';
import { type Coverage, DEFAULT_DUE_DAYS, dueHouseholds, followUpsDue, monthlyCoverage } from '../db/round.ts';
import { recentVisits } from '../db/visits.ts';
import { type Device, deviceNow } from '../db/write.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

function PlaceHeading({ title }: { title: 'myGrid' | 'myBuilding' | 'overview' }) {
  const { t } = useI18n();
  const { device, user } = useApp();
  const place = useLive(() => placeById(device, user.place.id), [device, user.place.id], undefined);
  return (
    <h1>
      {t(title)}
      {place ? ` · ${place.name}` : ''}
    </h1>
  );
}

function DueButton() {
  const { t } = useI18n();
  const { device } = useApp();
  const due = useLive<{ days: number; count: number } | null>(
    async () => {
      const days = (await getPreference('dueDays')) ?? DEFAULT_DUE_DAYS;
      return { days, count: (await dueHouseholds(device, { days, now: deviceNow(device) })).length };
    },
    [device],
    null,
  );
  // Until counted, the button says where it goes, not a count of 0.
  return (
    <a class="button primary" href={href({ name: 'due' })} data-testid="due-link">
      {due ? t('dueCount', due) : t('dueTitle')}
    </a>
  );
}

/** This month's coverage of the user's place; null while it is being counted. */
function useMonthlyCoverage(device: Device): Coverage | null {
  return useLive<Coverage | null>(() => monthlyCoverage(device, deviceNow(device)), [device], null);
}

function GridWorkerHome() {
  const { t } = useI18n();
  const { device } = useApp();
  const coverage = useMonthlyCoverage(device);
  const followUps = useLive(() => followUpsDue(device, deviceNow(device)), [device], []);
  return (
    <main>
      <PlaceHeading title="myGrid" />
      <CoverageCard coverage={coverage} />
      {followUps.length > 0 && (
        <>
          <h2>{t('followUpsDue', { count: followUps.length })}</h2>
          <FollowUpList followUps={followUps} />
        </>
      )}
      <DueButton />
      <HouseholdFinder />
      <h2>{t('buildings')}</h2>
      <BuildingCoverageList coverage={coverage} />
      <a class="button secondary" href={href({ name: 'report-issue' })}>
        {t('reportIssue')}
      </a>
    </main>
  );
}

function BuildingLeadHome() {
  const { t } = useI18n();
  const { device, user } = useApp();
  const issues = useLive(() => issuesForUser(device, user), [device, user], []);
  return (
    <main>
      <PlaceHeading title="myBuilding" />
      <a class="button primary" href={href({ name: 'report-issue' })}>
        {t('reportIssue')}
      </a>
      <a class="button secondary" href={href({ name: 'building', id: user.place.id })}>
        {t('households')} · {t('openIssues')}
      </a>
      <a class="button secondary" href={href({ name: 'roster' })}>
        {t('roster')}
      </a>
      <h2>{t('myIssues')}</h2>
      <IssueList issues={issues.slice(0, 10)} />
      {issues.length > 10 && <a href={href({ name: 'my-issues' })}>{t('seeAll', { count: issues.length })}</a>}
    </main>
  );
}

function SupervisorHome() {
  const { t, term, formatDate } = useI18n();
  const { device, user } = useApp();
  const coverage = useMonthlyCoverage(device);
  const issues = useLive(() => issuesForUser(device, user), [device, user], []);
  const visits = useLive(
    async () => {
      const people = await peopleById(device);
      return Promise.all(
        (await recentVisits(device, 10)).map(async (visit) => ({
          visit,
          household: await householdById(device, visit.householdId),
          visitor: people.get(visit.visitorId)?.displayName,
        })),
      );
    },
    [device],
    [],
  );
  const open = issues.filter((issue) => issue.status !== 'closed');
  return (
    <main>
      <PlaceHeading title="overview" />
      <CoverageCard coverage={coverage} />
      <p class="figure">
        {t('openIssues')}: <strong data-testid="open-issues">{open.length}</strong>
      </p>
      <HouseholdFinder />
      <h2>{t('recentVisits')}</h2>
      <ul class="list" data-testid="recent-visits">
        {visits.length === 0 && <li class="empty">{t('noVisits')}</li>}
        {visits.map(({ visit, household, visitor }) => (
          <li key={visit.id}>
            <a class="row" href={household ? href({ name: 'household', id: household.id }) : undefined}>
              <span class="row-title">
                {household ? `${household.roomNo} ${household.headName}` : visit.householdId.slice(0, 8)}
              </span>
              <span class="row-meta">
                {term('purpose', visit.purpose)} · {formatDate(visit.visitedAt, true)}
                {visitor ? ` · ${visitor}` : ''}
              </span>
            </a>
          </li>
        ))}
      </ul>
      <h2>{t('issues')}</h2>
      <IssueList issues={open.slice(0, 20)} />
    </main>
  );
}

export function Home() {
  const { user } = useApp();
  if (user.role === 'grid_worker') return <GridWorkerHome />;
  if (user.role === 'building_lead') return <BuildingLeadHome />;
  return <SupervisorHome />;
}
