/** Issues as rows: title, category, state (as this device will send it), due date, sync state. */
import type { IssueView } from '../db/issues.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { Refusal, StateBadge } from './state-badge.tsx';

export function IssueRow({ view }: { view: IssueView }) {
  const { t, term, formatDate } = useI18n();
  const { issue } = view;
  return (
    <a class="row" href={href({ name: 'issue', id: issue.id })} data-issue-id={issue.id}>
      <span class="row-title">{issue.title}</span>
      <span class="row-meta">
        <span class={`status status-${view.status}`} data-testid="issue-status">
          {term('issueStatus', view.status)}
        </span>
        <span>{term('issueCategory', issue.category)}</span>
        {view.dueOn && (
          <span class={view.overdue ? 'overdue' : ''}>
            {view.overdue
              ? t('overdueSince', { date: formatDate(view.dueOn) })
              : t('dueBy', { date: formatDate(view.dueOn) })}
          </span>
        )}
        <span>{formatDate(issue.reportedAt, true)}</span>
        {(view.pending || issue.syncState !== 'synced') && (
          <StateBadge state={view.pending ? 'pending' : issue.syncState} />
        )}
        <Refusal table="issues" record={issue} />
      </span>
    </a>
  );
}

export function IssueList({ issues }: { issues: readonly IssueView[] }) {
  const { t } = useI18n();
  return (
    <ul class="list" data-testid="issues">
      {issues.length === 0 && <li class="empty">{t('noIssues')}</li>}
      {issues.map((view) => (
        <li key={view.issue.id}>
          <IssueRow view={view} />
        </li>
      ))}
    </ul>
  );
}
