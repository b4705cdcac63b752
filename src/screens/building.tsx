/** A building: this month's coverage, its households by unit, its party group and lead, its open issues. */
import { HouseholdRow } from '../components/household-row.tsx';
import { IssueList } from '../components/issue-list.tsx';
import { householdsInBuilding } from '../db/households.ts';
import { openIssuesOfBuilding } from '../db/issues.ts';
import { useLive } from '../db/live.ts';
import { placeById, unitsOf } from '../db/places.ts';
import { groupOfBuilding, membersOf } from '../db/roster.ts';
import { lastVisitTimes, monthlyCoverage } from '../db/round.ts';
import { visitsOfBuilding } from '../db/visits.ts';
import { deviceNow } from '../db/write.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

function PartyGroup({ buildingId }: { buildingId: string }) {
  const { t, term } = useI18n();
  const { device } = useApp();
  const group = useLive(
    async () => {
      const org = await groupOfBuilding(device, buildingId);
      return org ? { org, members: await membersOf(device, org.id) } : null;
    },
    [device, buildingId],
    null,
  );
  if (!group) return null;
  const leads = group.members.filter(
    (member) => member.groupRole === 'building_lead' || member.groupRole === 'group_leader',
  );
  return (
    <section>
      <h2>
        {t('roster')} · {group.org.name}
      </h2>
      {leads.length > 0 && (
        <p class="facts-line" data-testid="building-leads">
          {leads.map((member) => `${term('groupRole', member.groupRole)}：${member.name}`).join('　')}
        </p>
      )}
      <a class="button secondary" href={href({ name: 'roster', orgId: group.org.id })}>
        {t('membersCount', { count: group.members.length })}
      </a>
    </section>
  );
}

export function Building({ id }: { id: string }) {
  const { t } = useI18n();
  const { device } = useApp();
  const data = useLive(
    async () => {
      const [building, units, households, visits, coverage] = await Promise.all([
        placeById(device, id),
        unitsOf(device, id),
        householdsInBuilding(device, id),
        visitsOfBuilding(device, id),
        monthlyCoverage(device, deviceNow(device)),
      ]);
      return {
        building,
        units,
        households,
        lastVisits: lastVisitTimes(visits),
        coverage: coverage.byBuilding.find((entry) => entry.building.id === id),
      };
    },
    [device, id],
    { building: undefined, units: [], households: [], lastVisits: new Map<string, string>(), coverage: undefined },
  );
  const issues = useLive(() => openIssuesOfBuilding(device, id), [device, id], []);
  const byUnit = [
    ...data.units.map((unit) => ({
      key: unit.id,
      name: unit.name,
      households: data.households.filter((h) => h.unitId === unit.id),
    })),
    {
      key: 'none',
      name: t('noUnit'),
      households: data.households.filter((h) => !data.units.some((u) => u.id === h.unitId)),
    },
  ].filter((group) => group.households.length > 0);
  return (
    <main>
      <a class="back" href={href({ name: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{data.building?.name ?? ''}</h1>
      {data.coverage && (
        <p class="coverage" data-testid="coverage">
          {t('visitedThisMonth', { done: data.coverage.visited, total: data.coverage.households })}
        </p>
      )}
      <a class="button secondary" href={href({ name: 'report-issue' })}>
        {t('reportIssue')}
      </a>
      <div data-testid="households">
        {byUnit.map((unit) => (
          <section key={unit.key}>
            <h2>
              {unit.name} ({unit.households.length})
            </h2>
            <ul class="list">
              {unit.households.map((household) => (
                <li key={household.id}>
                  <HouseholdRow household={household} lastVisit={data.lastVisits.get(household.id) ?? null} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <PartyGroup buildingId={id} />
      <h2>{t('openIssues')}</h2>
      <IssueList issues={issues} />
    </main>
  );
}
