/** Reporting an issue: the worker or lead picks the building (nothing is preset), or reports a visit's need. */
import { useState } from 'preact/hooks';
import { ISSUE_CATEGORIES, type IssueCategory, type NeedKind } from '../../shared/domain.ts';
import { MAX_VISIT_PHOTOS } from '../../shared/tables/visits.ts';
import { Choices, FieldError, useForm } from '../components/form.tsx';
import { PhotoPicker, usePhotoPicker } from '../components/photo-picker.tsx';
import { householdById } from '../db/households.ts';
import { reportIssue } from '../db/issues.ts';
import { useLive } from '../db/live.ts';
import { buildingsOf } from '../db/places.ts';
import { visitById } from '../db/visits.ts';
import { useI18n } from '../i18n/index.ts';
import { href, navigate } from '../router.ts';
import { useApp } from '../session.ts';

/** The category an issue reported from a need most likely has. */
const CATEGORY_OF_NEED: Partial<Record<NeedKind, IssueCategory>> = {
  safety: 'safety',
  dispute: 'dispute',
  housing: 'facility',
};

export function ReportIssue({
  householdId,
  visitId,
  needId,
}: {
  householdId?: string;
  visitId?: string;
  needId?: string;
}) {
  const { t, term, fieldName } = useI18n();
  const { device, user, requestSync } = useApp();
  const context = useLive(
    async () => {
      const [buildings, household, visit] = await Promise.all([
        buildingsOf(device),
        householdId ? householdById(device, householdId) : undefined,
        visitId ? visitById(device, visitId) : undefined,
      ]);
      return { buildings, household, need: visit?.needs.find((need) => need.id === needId) };
    },
    [device, householdId, visitId, needId],
    { buildings: [], household: undefined, need: undefined },
  );
  const form = useForm('issues');
  const photos = usePhotoPicker(MAX_VISIT_PHOTOS);
  const [chosenBuilding, setChosenBuilding] = useState<string | null>(null);
  const [category, setCategory] = useState<IssueCategory | null>(null);
  const [title, setTitle] = useState<string | null>(null);
  const [description, setDescription] = useState('');

  const buildingId = chosenBuilding ?? context.household?.buildingId ?? '';
  const shownCategory = category ?? (context.need ? (CATEGORY_OF_NEED[context.need.kind] ?? 'other') : null);
  const shownTitle = title ?? context.need?.text.slice(0, 100) ?? '';

  const submit = (event: Event) =>
    form.submit(event, async () => {
      const building = context.buildings.find((b) => b.id === buildingId);
      if (!building) {
        form.show({ buildingId: t('chooseBuildingFirst') });
        return;
      }
      await photos.settled();
      const issue = await reportIssue(device, building, user.id, {
        category: shownCategory as IssueCategory,
        title: shownTitle,
        description,
        ...(context.household ? { householdId: context.household.id } : {}),
        ...(visitId && needId ? { visitId, needId } : {}),
        ...(photos.hashes.length > 0 ? { photoHashes: photos.hashes } : {}),
      });
      requestSync();
      navigate({ name: 'issue', id: issue.id });
    });

  return (
    <main>
      <a
        class="back"
        href={context.household ? href({ name: 'household', id: context.household.id }) : href({ name: 'home' })}
      >
        ‹ {t('cancel')}
      </a>
      <h1>{t('reportIssue')}</h1>
      {context.need && (
        <p class="notice-box" data-testid="from-need">
          {t('fromNeed', { need: `${term('needKind', context.need.kind)}：${context.need.text}` })}
        </p>
      )}
      <form onSubmit={submit} ref={form.formRef} noValidate>
        <label>
          {fieldName('issues', 'buildingId')}
          <select name="building" value={buildingId} onChange={(e) => setChosenBuilding(e.currentTarget.value)}>
            <option value="">{t('chooseBuilding')}</option>
            {context.buildings.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <FieldError field="buildingId" errors={form.errors} />
        <fieldset>
          <legend>{fieldName('issues', 'category')}</legend>
          <FieldError field="category" errors={form.errors} />
          <Choices
            values={ISSUE_CATEGORIES}
            chosen={shownCategory ? [shownCategory] : []}
            label={(value) => term('issueCategory', value)}
            onToggle={setCategory}
          />
        </fieldset>
        <label>
          {fieldName('issues', 'title')}
          <input name="title" value={shownTitle} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <FieldError field="title" errors={form.errors} />
        <label>
          {fieldName('issues', 'description')}
          <textarea
            name="description"
            rows={4}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </label>
        <FieldError field="description" errors={form.errors} />
        <PhotoPicker picker={photos} max={MAX_VISIT_PHOTOS} />
        <button type="submit" class="primary sticky-save" disabled={form.saving}>
          {form.saving ? t('saving') : t('submit')}
        </button>
      </form>
    </main>
  );
}
