/** The issues the user works with, by state, overdue first: reported by them, assigned to them, in their grid. */
import { IssueList } from '../components/issue-list.tsx';
import { issuesForUser } from '../db/issues.ts';
import { useLive } from '../db/live.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

export function MyIssues() {
  const { t, term } = useI18n();
  const { device, user } = useApp();
  const issues = useLive(() => issuesForUser(device, user), [device, user], []);
  const assigned = issues.filter((view) => view.assigneeId === user.id && view.status !== 'closed');
  const groups = [...new Set(issues.map((view) => view.status))];
  return (
    <main>
      <a class="back" href={href({ name: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{t('myIssues')}</h1>
      <a class="button primary" href={href({ name: 'report-issue' })}>
        {t('reportIssue')}
      </a>
      {assigned.length > 0 && (
        <section>
          <h2>{t('assignedToMe', { count: assigned.length })}</h2>
          <IssueList issues={assigned} />
        </section>
      )}
      {issues.length === 0 && <p class="empty">{t('noIssues')}</p>}
      {groups.map((status) => {
        const inState = issues.filter((view) => view.status === status);
        return (
          <section key={status}>
            <h2>
              {term('issueStatus', status)} ({inState.length})
            </h2>
            <IssueList issues={inState} />
          </section>
        );
      })}
    </main>
  );
}
