/** Log a visit in under 30 seconds with one thumb: purpose, who was met, needs, tags, follow-up. */
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  CARE_TAGS,
  type CareTag,
  NEED_KINDS,
  type NeedKind,
  VISIT_PURPOSES,
  type VisitPurpose,
} from '../../shared/domain.ts';
import { householdById } from '../db/households.ts';
import { useLive } from '../db/live.ts';
import { logVisit } from '../db/visits.ts';
import { WriteError } from '../db/write.ts';
import { useI18n } from '../i18n/index.ts';
import { href, navigate } from '../router.ts';
import { useApp } from '../session.ts';

interface NeedDraft {
  kind: NeedKind;
  text: string;
}

/** The form's errors by field (`purpose`, `needs`, `note`…), in the user's words. */
type FieldErrors = Partial<Record<string, string>>;

function FieldError({ field, errors }: { field: string; errors: FieldErrors }) {
  const message = errors[field];
  if (!message) return null;
  return (
    <p class="form-error" role="alert" id={`error-${field}`} data-field={field}>
      {message}
    </p>
  );
}

export function VisitForm({ householdId }: { householdId: string }) {
  const { t, term, problem, fieldName } = useI18n();
  const { device, user, requestSync } = useApp();
  const household = useLive(() => householdById(device, householdId), [device, householdId], undefined);
  const [purpose, setPurpose] = useState<VisitPurpose | null>(null);
  const [metWith, setMetWith] = useState('');
  const [needs, setNeeds] = useState<NeedDraft[]>([]);
  const [tags, setTags] = useState<CareTag[] | null>(null);
  const [followUpOn, setFollowUpOn] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  // The first error is brought into view: the save button sits at the bottom of a long form.
  useEffect(() => {
    form.current?.querySelector('.form-error')?.scrollIntoView({ block: 'center' });
  }, [errors]);

  if (!household) return <main class="empty">…</main>;
  const currentTags = tags ?? household.tags;

  const toggleTag = (tag: CareTag) =>
    setTags(currentTags.includes(tag) ? currentTags.filter((x) => x !== tag) : [...currentTags, tag]);

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    try {
      // Checked against the visits table's rules before anything is written (db/write.ts).
      await logVisit(device, household, user.id, {
        purpose: purpose as VisitPurpose,
        needs: needs.filter((need) => need.text.trim()).map((need) => ({ kind: need.kind, text: need.text.trim() })),
        tags: currentTags,
        ...(metWith.trim() ? { metWith: metWith.trim() } : {}),
        ...(followUpOn ? { followUpOn } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      requestSync();
      navigate({ name: 'household', id: household.id });
    } catch (failure) {
      if (!(failure instanceof WriteError && failure.code === 'invalid')) throw failure;
      const found: FieldErrors = {};
      for (const each of failure.problems) {
        const field = /^[A-Za-z]+/.exec(each.field)?.[0] ?? each.field;
        found[field] ??= problem('visits', each);
      }
      setErrors(found);
      setSaving(false);
    }
  };

  return (
    <main>
      <a class="back" href={href({ name: 'household', id: householdId })}>
        ‹ {t('cancel')}
      </a>
      <h1>
        {t('logVisit')} · {household.roomNo} {household.headName}
      </h1>
      <form onSubmit={save} class="visit-form" ref={form} noValidate>
        <fieldset>
          <legend>{fieldName('visits', 'purpose')}</legend>
          <FieldError field="purpose" errors={errors} />
          <div class="choices">
            {VISIT_PURPOSES.map((value) => (
              <button
                key={value}
                type="button"
                class={`choice ${purpose === value ? 'chosen' : ''}`}
                aria-pressed={purpose === value}
                onClick={() => setPurpose(value)}
              >
                {term('purpose', value)}
              </button>
            ))}
          </div>
        </fieldset>
        <label>
          {fieldName('visits', 'metWith')}
          <input name="metWith" value={metWith} onInput={(e) => setMetWith(e.currentTarget.value)} />
        </label>
        <FieldError field="metWith" errors={errors} />
        <fieldset>
          <legend>{fieldName('visits', 'needs')}</legend>
          <FieldError field="needs" errors={errors} />
          {needs.map((need, index) => (
            <div class="need" key={index}>
              <select
                aria-label={t('needKind')}
                value={need.kind}
                onChange={(e) =>
                  setNeeds(needs.map((n, i) => (i === index ? { ...n, kind: e.currentTarget.value as NeedKind } : n)))
                }
              >
                {NEED_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {term('needKind', kind)}
                  </option>
                ))}
              </select>
              <input
                aria-label={t('needText')}
                value={need.text}
                onInput={(e) =>
                  setNeeds(needs.map((n, i) => (i === index ? { ...n, text: e.currentTarget.value } : n)))
                }
              />
              <button type="button" class="link-button" onClick={() => setNeeds(needs.filter((_, i) => i !== index))}>
                {t('removeNeed')}
              </button>
            </div>
          ))}
          <button
            type="button"
            class="secondary"
            onClick={() => setNeeds([...needs, { kind: 'livelihood', text: '' }])}
          >
            + {t('addNeed')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{fieldName('visits', 'tags')}</legend>
          <FieldError field="tags" errors={errors} />
          <div class="choices">
            {CARE_TAGS.map((tag) => (
              <button
                key={tag}
                type="button"
                class={`choice small ${currentTags.includes(tag) ? 'chosen' : ''}`}
                aria-pressed={currentTags.includes(tag)}
                onClick={() => toggleTag(tag)}
              >
                {term('careTag', tag)}
              </button>
            ))}
          </div>
        </fieldset>
        <label>
          {fieldName('visits', 'followUpOn')}
          <input
            type="date"
            name="followUpOn"
            value={followUpOn}
            onInput={(e) => setFollowUpOn(e.currentTarget.value)}
          />
        </label>
        <FieldError field="followUpOn" errors={errors} />
        <label>
          {fieldName('visits', 'note')}
          <textarea name="note" rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <FieldError field="note" errors={errors} />
        <button type="submit" class="primary sticky-save" disabled={saving}>
          {saving ? t('saving') : t('save')}
        </button>
      </form>
    </main>
  );
}
