/** Add a resident to a household, or edit one and mark them moved out, offline. */

import { useState } from 'preact/hooks';
import { CARE_TAGS, type CareTag } from '../../shared/domain.ts';
import { seesCareTags } from '../../shared/masking.ts';
import { Choices, FieldError, toggled, useForm } from '../components/form.tsx';
import { addResident, editResident, type ResidentRecord, residentById } from '../db/households.ts';
import { useLive } from '../db/live.ts';
import { localDay } from '../db/round.ts';
import { deviceNow } from '../db/write.ts';
import { useI18n } from '../i18n/index.ts';
import { href, navigate } from '../router.ts';
import { useApp } from '../session.ts';

const RELATIONS = ['户主', '配偶', '子女', '父母', '孙子女', '兄弟姐妹', '其他'];

function ResidentFields({ householdId, resident }: { householdId: string; resident: ResidentRecord | undefined }) {
  const { t, term, fieldName } = useI18n();
  const { device, user, requestSync } = useApp();
  const keepsTags = seesCareTags(user.role);
  const form = useForm('residents');
  const [name, setName] = useState(resident?.name ?? '');
  const [relation, setRelation] = useState(resident?.relation ?? '子女');
  const [phone, setPhone] = useState(resident?.phone ?? '');
  const [birthYear, setBirthYear] = useState(resident?.birthYear ? String(resident.birthYear) : '');
  const [tags, setTags] = useState<CareTag[]>(resident?.tags ?? []);
  const [movedOut, setMovedOut] = useState(resident?.movedOutOn ?? '');

  const save = (event: Event) =>
    form.submit(event, async () => {
      const fields = {
        name,
        relation,
        phone: phone.trim() || null,
        birthYear: birthYear ? Number(birthYear) : null,
        ...(keepsTags ? { tags } : {}),
        movedOutOn: movedOut || null,
      };
      if (resident) await editResident(device, resident.id, fields);
      else await addResident(device, { ...fields, householdId });
      requestSync();
      navigate({ name: 'household', id: householdId });
    });

  return (
    <form onSubmit={save} ref={form.formRef} noValidate>
      <label>
        {fieldName('residents', 'name')}
        <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <FieldError field="name" errors={form.errors} />
      <label>
        {fieldName('residents', 'relation')}
        <select name="relation" value={relation} onChange={(e) => setRelation(e.currentTarget.value)}>
          {[...new Set([...RELATIONS, relation])].map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </label>
      <label>
        {fieldName('residents', 'birthYear')}
        <input
          name="birthYear"
          type="number"
          inputMode="numeric"
          value={birthYear}
          onInput={(e) => setBirthYear(e.currentTarget.value)}
        />
      </label>
      <FieldError field="birthYear" errors={form.errors} />
      <label>
        {fieldName('residents', 'phone')}
        <input name="phone" type="tel" inputMode="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} />
      </label>
      <FieldError field="phone" errors={form.errors} />
      {keepsTags && (
        <fieldset>
          <legend>{fieldName('residents', 'tags')}</legend>
          <Choices
            small
            values={CARE_TAGS}
            chosen={tags}
            label={(tag) => term('careTag', tag)}
            onToggle={(tag) => setTags(toggled(tags, tag))}
          />
        </fieldset>
      )}
      {resident && (
        <fieldset>
          <legend>{fieldName('residents', 'movedOutOn')}</legend>
          {movedOut ? (
            <p>
              {t('movedOutOn', { date: movedOut })}{' '}
              <button type="button" class="link-button" onClick={() => setMovedOut('')}>
                {t('undoMoveOut')}
              </button>
            </p>
          ) : (
            <button type="button" class="secondary" onClick={() => setMovedOut(localDay(deviceNow(device)))}>
              {t('markMovedOut')}
            </button>
          )}
        </fieldset>
      )}
      <button type="submit" class="primary sticky-save" disabled={form.saving}>
        {form.saving ? t('saving') : t('save')}
      </button>
    </form>
  );
}

export function ResidentForm({ householdId, id }: { householdId: string; id?: string }) {
  const { t } = useI18n();
  const { device } = useApp();
  const resident = useLive(async () => (id ? ((await residentById(device, id)) ?? null) : null), [device, id], null);
  if (id && !resident) return <main class="empty">…</main>;
  return (
    <main>
      <a class="back" href={href({ name: 'household', id: householdId })}>
        ‹ {t('cancel')}
      </a>
      <h1>{resident ? t('editResident', { name: resident.name }) : t('addResident')}</h1>
      <ResidentFields householdId={householdId} resident={resident ?? undefined} />
    </main>
  );
}
