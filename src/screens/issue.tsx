/**
 * An issue, for everyone who touches it: what, where, who reported it and who has it, its state
 * and due date, and its history newest first. The actions shown are exactly those the viewer may
 * take in the current state; each works offline, and a refused one is explained on the issue.
 */
import { useState } from 'preact/hooks';
import { isSupervising } from '../../shared/domain.ts';
import { actionsFor, type IssueAction } from '../../shared/issue-lifecycle.ts';
import { ActionButton, ActionPanel, useSaving } from '../components/actions.tsx';
import { Photos } from '../components/photo.tsx';
import { Refusal, StateBadge } from '../components/state-badge.tsx';
import type { Person } from '../db/database.ts';
import { householdById } from '../db/households.ts';
import {
  assignIssue,
  commentOnIssue,
  eventsOfIssue,
  type IssueEventRecord,
  type IssueView,
  issueView,
  recordIssueAction,
  setIssueDue,
} from '../db/issues.ts';
import { useLive } from '../db/live.ts';
import { peopleById, peopleWhoCanSee } from '../db/people.ts';
import { placeById } from '../db/places.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

/** Actions that need a word of explanation: why it goes up, what was done, why it is not done. */
const NOTE_REQUIRED: readonly IssueAction[] = ['escalate', 'resolve', 'reopen'];

function EventLine({ event, people }: { event: IssueEventRecord; people: Map<string, Person> }) {
  const { t, term, formatDate } = useI18n();
  const who = people.get(event.by)?.displayName ?? t('someone');
  let what = '';
  if (event.kind === 'action' && event.action) what = term('issueAction', event.action);
  else if (event.kind === 'assign')
    what = t('assignedTo', { name: people.get(event.assigneeId ?? '')?.displayName ?? '—' });
  else if (event.kind === 'due')
    what = event.dueOn ? t('dueSetTo', { date: formatDate(event.dueOn) }) : t('dueCleared');
  else what = t('commented');
  return (
    <li class="row" data-event-kind={event.kind}>
      <span class="row-title">
        {who} · {what}
      </span>
      <span class="row-meta">
        {formatDate(event.at, true)}
        {event.syncState !== 'synced' && <StateBadge state={event.syncState} />}
      </span>
      {event.note && <span class="event-note">{event.note}</span>}
      <Refusal table="issueEvents" record={event} />
    </li>
  );
}

function Actions({ view }: { view: IssueView }) {
  const { t, term, fieldName } = useI18n();
  const { device, user, requestSync } = useApp();
  const people = useLive(() => peopleWhoCanSee(device, view.issue), [device, view.issue], []);
  const [open, setOpen] = useState<IssueAction | 'assign' | 'due' | 'comment' | null>(null);
  const [note, setNote] = useState('');
  const [assignee, setAssignee] = useState('');
  const [dueOn, setDueOn] = useState(view.dueOn ?? '');
  const [error, setError] = useState<string | null>(null);
  const { saving, save } = useSaving();
  const supervising = isSupervising(user.role);
  const actions = actionsFor(view.status, {
    role: user.role,
    isReporter: view.issue.reporterId === user.id,
    isAssignee: view.assigneeId === user.id,
  });

  const done = () => {
    setOpen(null);
    setNote('');
    setError(null);
    requestSync();
  };
  const confirm = async () => {
    if (open === null) return;
    if (open === 'assign') {
      if (!assignee) return setError(t('chooseAssignee'));
      await assignIssue(device, view.issue, user.id, assignee, note);
    } else if (open === 'due') {
      await setIssueDue(device, view.issue, user.id, dueOn || null);
    } else if (open === 'comment') {
      if (!note.trim()) return setError(t('noteRequired'));
      await commentOnIssue(device, view.issue, user.id, note);
    } else {
      if (NOTE_REQUIRED.includes(open) && !note.trim()) return setError(t('noteRequired'));
      await recordIssueAction(device, view.issue, user.id, open, note);
    }
    done();
  };

  const toggle = (action: typeof open) => {
    setOpen(action);
    setError(null);
  };
  const button = (key: NonNullable<typeof open>, label: string, primary = false) => (
    <ActionButton
      key={key}
      action={key}
      label={label}
      primary={primary}
      open={open}
      onToggle={toggle}
      disabled={saving}
    />
  );

  return (
    <section class="issue-actions" data-testid="issue-actions">
      <div class="action-buttons">
        {actions.map((action, index) => button(action, term('issueAction', action), index === 0))}
        {supervising && button('assign', t('assign'))}
        {supervising && button('due', t('setDue'))}
        {button('comment', t('comment'))}
      </div>
      {open && (
        <ActionPanel error={error} onConfirm={() => save(confirm)} saving={saving}>
          {open === 'assign' && (
            <label>
              {fieldName('issues', 'assigneeId')}
              <select name="assignee" value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)}>
                <option value="">{t('chooseAssignee')}</option>
                {people.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.displayName} · {term('role', person.role)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {open === 'due' && (
            <label>
              {fieldName('issues', 'dueOn')}
              <input type="date" name="dueOn" value={dueOn} onInput={(e) => setDueOn(e.currentTarget.value)} />
            </label>
          )}
          {open !== 'due' && (
            <label>
              {open !== 'comment' && open !== 'assign' && NOTE_REQUIRED.includes(open)
                ? t('noteWhy')
                : t('noteOptional')}
              <textarea name="note" rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
            </label>
          )}
        </ActionPanel>
      )}
    </section>
  );
}

export function Issue({ id }: { id: string }) {
  const { t, term, formatDate, fieldName } = useI18n();
  const { device } = useApp();
  const data = useLive(
    async () => {
      const view = await issueView(device, id);
      if (!view) return null;
      const [events, people, building, household] = await Promise.all([
        eventsOfIssue(device, id),
        peopleById(device),
        placeById(device, view.issue.buildingId),
        view.issue.householdId ? householdById(device, view.issue.householdId) : undefined,
      ]);
      return { view, events, people, building, household };
    },
    [device, id],
    null,
  );
  if (!data) return <main class="empty">…</main>;
  const { view, events, people, building, household } = data;
  const { issue } = view;
  const refused = events.filter((event) => event.syncState === 'rejected');
  return (
    <main>
      <a class="back" href={href({ name: 'my-issues' })}>
        ‹ {t('back')}
      </a>
      <h1>{issue.title}</h1>
      {refused.length > 0 && (
        <p class="refusal-banner" role="alert" data-testid="refused-actions">
          {t('actionsRefused', { count: refused.length })}
        </p>
      )}
      <dl class="facts">
        <dt>{fieldName('issues', 'status')}</dt>
        <dd>
          <span class={`status status-${view.status}`} data-testid="issue-status">
            {term('issueStatus', view.status)}
          </span>
          {view.pending && <StateBadge state="pending" />}
        </dd>
        <dt>{fieldName('issues', 'category')}</dt>
        <dd>{term('issueCategory', issue.category)}</dd>
        <dt>{fieldName('issues', 'buildingId')}</dt>
        <dd>{building?.name ?? '—'}</dd>
        {household && (
          <>
            <dt>{fieldName('issues', 'householdId')}</dt>
            <dd>
              <a href={href({ name: 'household', id: household.id })}>
                {household.roomNo} {household.headName}
              </a>
            </dd>
          </>
        )}
        <dt>{fieldName('issues', 'reporterId')}</dt>
        <dd>
          {people.get(issue.reporterId)?.displayName ?? t('someone')} · {formatDate(issue.reportedAt, true)}
        </dd>
        <dt>{fieldName('issues', 'assigneeId')}</dt>
        <dd data-testid="issue-assignee">
          {view.assigneeId ? (people.get(view.assigneeId)?.displayName ?? t('someone')) : t('notAssigned')}
        </dd>
        <dt>{fieldName('issues', 'dueOn')}</dt>
        <dd class={view.overdue ? 'overdue' : ''}>{view.dueOn ? formatDate(view.dueOn) : '—'}</dd>
      </dl>
      {issue.description && <p class="issue-description">{issue.description}</p>}
      <Photos hashes={issue.photoHashes} />
      <Refusal table="issues" record={issue} />
      <Actions view={view} />
      <h2>{t('issueHistory')}</h2>
      <ul class="list" data-testid="issue-history">
        {events.length === 0 && <li class="empty">{t('noEvents')}</li>}
        {events.map((event) => (
          <EventLine key={event.id} event={event} people={people} />
        ))}
      </ul>
    </main>
  );
}
