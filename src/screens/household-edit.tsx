/** Edit a household's care tags, notes, phone and size, offline; only what changed is sent. */

import { useState } from 'preact/hooks';
import { CARE_TAGS, type CareTag } from '../../shared/domain.ts';
import { seesCareTags } from '../../shared/masking.ts';
import { Choices, FieldError, toggled, useForm } from '../components/form.tsx';
import { householdById, updateHousehold } from '../db/households.ts';
import { useLive } from '../db/live.ts';
import { useI18n } from '../i18n/index.ts';
import { href, navigate } from '../router.ts';
import { useApp } from '../session.ts';

function HouseholdForm({ household }: { household: NonNullable<Awaited<ReturnType<typeof householdById>>> }) {
  const { t, term, fieldName } = useI18n();
  const { device, user, requestSync } = useApp();
  const keepsTags = seesCareTags(user.role);
  const form = useForm('households');
  const [tags, setTags] = useState<CareTag[]>(household.tags);
  const [notes, setNotes] = useState(household.notes ?? '');
  const [phone, setPhone] = useState(household.phone ?? '');
  const [memberCount, setMemberCount] = useState(String(household.memberCount));

  const save = (event: Event) =>
    form.submit(event, async () => {
      await updateHousehold(device, household.id, {
        ...(keepsTags ? { tags } : {}),
        notes,
        phone: phone.trim() || null,
        memberCount: Number(memberCount),
      });
      requestSync();
      navigate({ name: 'household', id: household.id });
    });

  return (
    <form onSubmit={save} ref={form.formRef} noValidate>
      {keepsTags && (
        <fieldset>
          <legend>{fieldName('households', 'tags')}</legend>
          <FieldError field="tags" errors={form.errors} />
          <Choices
            small
            values={CARE_TAGS}
            chosen={tags}
            label={(tag) => term('careTag', tag)}
            onToggle={(tag) => setTags(toggled(tags, tag))}
          />
        </fieldset>
      )}
      <label>
        {fieldName('households', 'phone')}
        <input name="phone" type="tel" inputMode="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
      </label>
      <FieldError field="phone" errors={form.errors} />
      <label>
        {fieldName('households', 'memberCount')}
        <input
          name="memberCount"
          type="number"
          inputMode="numeric"
          min={0}
          max={50}
          value={memberCount}
          onInput={(e) => setMemberCount(e.currentTarget.value)}
        />
      </label>
      <FieldError field="memberCount" errors={form.errors} />
      <label>
        {fieldName('households', 'notes')}
        <textarea name="notes" rows={4} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
      </label>
      <FieldError field="notes" errors={form.errors} />
      <button type="submit" class="primary sticky-save" disabled={form.saving}>
        {form.saving ? t('saving') : t('save')}
      </button>
    </form>
  );
}

export function HouseholdEdit({ id }: { id: string }) {
  const { t } = useI18n();
  const { device } = useApp();
  const household = useLive(() => householdById(device, id), [device, id], undefined);
  if (!household) return <main class="empty">…</main>;
  return (
    <main>
      <a class="back" href={href({ name: 'household', id })}>
        ‹ {t('cancel')}
      </a>
      <h1>
        {t('editHousehold')} · {household.roomNo} {household.headName}
      </h1>
      <HouseholdForm household={household} />
    </main>
  );
}
