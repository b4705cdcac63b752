/** A building: its households by unit (with last visit), its party group and members. */
import { StateBadge } from '../components/state-badge.tsx';
import { type HouseholdRecord, householdsInBuilding } from '../db/households.ts';
import { useLive } from '../db/live.ts';
import { placeById } from '../db/places.ts';
import { groupOfBuilding, membersOf } from '../db/roster.ts';
import { lastVisitByHousehold } from '../db/visits.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

export function HouseholdRow({ household, lastVisit }: { household: HouseholdRecord; lastVisit?: string }) {
  const { t, term, formatDate } = useI18n();
  return (
    <li>
      <a class="row" href={href({ name: 'household', id: household.id })}>
        <span class="row-title">
          {household.roomNo} · {household.headName}
        </span>
        <span class="row-meta">
          {household.tags.map((tag) => (
            <span key={tag} class="tag">
              {term('careTag', tag)}
            </span>
          ))}
          {lastVisit !== undefined &&
            (lastVisit ? t('lastVisited', { date: formatDate(lastVisit) }) : t('neverVisited'))}
          {household.syncState !== 'synced' && <StateBadge state={household.syncState} />}
        </span>
      </a>
    </li>
  );
}

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
  return (
    <section>
      <h2>
        {t('roster')} · {group.org.name}
      </h2>
      <ul class="list" data-testid="party-members">
        {group.members.length === 0 && <li class="empty">{t('noMembers')}</li>}
        {group.members.map((member) => (
          <li key={member.id} class="row">
            <span class="row-title">{member.name}</span>
            <span class="row-meta">
              {term('groupRole', member.groupRole)} · {term('memberKind', member.kind)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Building({ id }: { id: string }) {
  const { t } = useI18n();
  const { device } = useApp();
  const data = useLive(
    async () => ({
      building: await placeById(device, id),
      households: await householdsInBuilding(device, id),
      lastVisits: await lastVisitByHousehold(device),
    }),
    [device, id],
    { building: undefined, households: [], lastVisits: new Map<string, string>() },
  );
  return (
    <main>
      <a class="back" href={href({ name: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{data.building?.name ?? ''}</h1>
      <a class="button secondary" href={href({ name: 'report-issue', buildingId: id })}>
        {t('reportIssue')}
      </a>
      <h2>
        {t('households')} ({data.households.length})
      </h2>
      <ul class="list" data-testid="households">
        {data.households.map((household) => (
          <HouseholdRow key={household.id} household={household} lastVisit={data.lastVisits.get(household.id) ?? ''} />
        ))}
      </ul>
      <PartyGroup buildingId={id} />
    </main>
  );
}
