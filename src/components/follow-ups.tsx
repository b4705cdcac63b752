/** Follow-up visits due today or overdue, by date: the 回访日期 a worker set on an earlier visit. */
import type { FollowUp } from '../db/round.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';

export function FollowUpList({ followUps }: { followUps: readonly FollowUp[] }) {
  const { t, formatDate } = useI18n();
  return (
    <ul class="list" data-testid="follow-ups">
      {followUps.map(({ visit, household, overdue }) => (
        <li key={visit.id}>
          <a class="row" href={href({ name: 'household', id: household.id })}>
            <span class="row-title">
              {household.roomNo} · {household.headName}
            </span>
            <span class="row-meta">
              <span class={overdue ? 'overdue' : 'due-today'}>
                {overdue ? t('followUpOverdue', { date: formatDate(visit.followUpOn as string) }) : t('followUpToday')}
              </span>
              {visit.needs.length > 0 && <span>{visit.needs.map((need) => need.text).join('；')}</span>}
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
