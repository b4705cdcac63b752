/** Issue reports: the list every role sees within its place, and the report form. */
import { useState } from 'preact/hooks';
import { ISSUE_CATEGORIES, type IssueCategory } from '../../shared/domain.ts';
import { Refusal, StateBadge } from '../components/state-badge.tsx';
import { issuesNewestFirst, reportIssue } from '../db/issues.ts';
import { useLive } from '../db/live.ts';
import { buildingsOf } from '../db/places.ts';
import { WriteError } from '../db/write.ts';
import { useI18n } from '../i18n/index.ts';
import { href, navigate } from '../router.ts';
import { useApp } from '../session.ts';

export function IssueList() {
  const { t, term, formatDate } = useI18n();
  const { device } = useApp();
  const issues = useLive(() => issuesNewestFirst(device, 50), [device], []);
  return (
    <ul class="list" data-testid="issues">
      {issues.length === 0 && <li class="empty">{t('noIssues')}</li>}
      {issues.map((issue) => (
        <li key={issue.id} class="row">
          <span class="row-title">{issue.title}</span>
          <span class="row-meta">
            {term('issueCategory', issue.category)} · {term('issueStatus', issue.status)} ·{' '}
            {formatDate(issue.reportedAt, true)}
            <StateBadge state={issue.syncState} />
            <Refusal table="issues" record={issue} />
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ReportIssue({ buildingId }: { buildingId?: string }) {
  const { t, term, problem, fieldName } = useI18n();
  const { device, user, requestSync } = useApp();
  const buildings = useLive(() => buildingsOf(device), [device], []);
  const [chosenBuilding, setChosenBuilding] = useState(buildingId ?? '');
  const [category, setCategory] = useState<IssueCategory | null>(null);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const building = buildings.find((b) => b.id === (chosenBuilding || buildings[0]?.id));

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!building) return setError(problem('issues', { field: 'buildingId', kind: 'required' }));
    setSaving(true);
    try {
      await reportIssue(device, building, user.id, {
        category: category as IssueCategory,
        title,
        description,
      });
      requestSync();
      navigate({ name: 'home' });
    } catch (failure) {
      const first = failure instanceof WriteError ? failure.problems[0] : undefined;
      if (!first) throw failure;
      setError(problem('issues', first));
      setSaving(false);
    }
  };

  return (
    <main>
      <a class="back" href={href({ name: 'home' })}>
        ‹ {t('cancel')}
      </a>
      <h1>{t('reportIssue')}</h1>
      <form onSubmit={submit}>
        <label>
          {fieldName('issues', 'buildingId')}
          <select name="building" value={building?.id ?? ''} onChange={(e) => setChosenBuilding(e.currentTarget.value)}>
            {buildings.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{fieldName('issues', 'category')}</legend>
          <div class="choices">
            {ISSUE_CATEGORIES.map((value) => (
              <button
                key={value}
                type="button"
                class={`choice ${category === value ? 'chosen' : ''}`}
                aria-pressed={category === value}
                onClick={() => setCategory(value)}
              >
                {term('issueCategory', value)}
              </button>
            ))}
          </div>
        </fieldset>
        <label>
          {fieldName('issues', 'title')}
          <input name="title" maxLength={100} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <label>
          {fieldName('issues', 'description')}
          <textarea
            name="description"
            rows={4}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={saving}>
          {saving ? t('saving') : t('submit')}
        </button>
      </form>
    </main>
  );
}
