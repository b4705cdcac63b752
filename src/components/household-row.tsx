/** One household in a list: room and head, care tags, when it was last visited, its sync state. */
import { CARE_TAGS } from '../../shared/domain.ts';
import type { HouseholdRecord } from '../db/households.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { StateBadge } from './state-badge.tsx';

/** Care tags in the catalogue's order, whatever order they were stored in. */
export function orderedTags<T extends string>(tags: readonly T[]): T[] {
  return CARE_TAGS.filter((tag) => tags.includes(tag as never)) as unknown as T[];
}

export function HouseholdRow({
  household,
  lastVisit,
  place,
}: {
  household: HouseholdRecord;
  /** undefined: not shown; '' or null: never visited. */
  lastVisit?: string | null;
  /** A place to name before the room (the compound, where rooms repeat across compounds). */
  place?: string;
}) {
  const { t, term, formatDate } = useI18n();
  return (
    <a class="row" href={href({ name: 'household', id: household.id })}>
      <span class="row-title">
        {place ? `${place} ` : ''}
        {household.roomNo} · {household.headName}
      </span>
      <span class="row-meta">
        {orderedTags(household.tags).map((tag) => (
          <span key={tag} class="tag">
            {term('careTag', tag)}
          </span>
        ))}
        {lastVisit !== undefined && (lastVisit ? t('lastVisited', { date: formatDate(lastVisit) }) : t('neverVisited'))}
        {household.syncState !== 'synced' && <StateBadge state={household.syncState} />}
      </span>
    </a>
  );
}
