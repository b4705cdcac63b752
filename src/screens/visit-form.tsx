/** Log a visit in under 30 seconds with one thumb: purpose, who was met, needs, tags, follow-up. */
import { useState } from 'preact/hooks';
import {
  CARE_TAGS,
  type CareTag,
  NEED_KINDS,
  type NeedKind,
  VISIT_PURPOSES,
  type VisitPurpose,
} from '../../shared/domain.ts';
import { useLive } from '../components/use-live.ts';
import { householdById } from '../db/households.ts';
import { logVisit } from '../db/visits.ts';
import { putRecord } from '../db/write.ts';
import { useI18n } from '../i18n/index.ts';
import { href, navigate } from '../router.ts';
import { useApp } from '../session.ts';

interface NeedDraft {
  kind: NeedKind;
  text: string;
}

export function VisitForm({ householdId }: { householdId: string }) {
  const { t, term } = useI18n();
  const { device, user, requestSync } = useApp();
  const household = useLive(() => householdById(device, householdId), [device, householdId], undefined);
  const [purpose, setPurpose] = useState<VisitPurpose | null>(null);
  const [metWith, setMetWith] = useState('');
  const [needs, setNeeds] = useState<NeedDraft[]>([]);
  const [tags, setTags] = useState<CareTag[] | null>(null);
  const [followUpOn, setFollowUpOn] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  if (!household) return <main class="empty">…</main>;
  const currentTags = tags ?? household.tags;

  const toggleTag = (tag: CareTag) =>
    setTags(currentTags.includes(tag) ? currentTags.filter((x) => x !== tag) : [...currentTags, tag]);

  const save = async (event: Event) => {
    event.preventDefault();
    if (!purpose) {
      setError(t('required', { field: t('purpose') }));
      return;
    }
    setSaving(true);
    try {
      await logVisit(device, household, user.id, {
        purpose,
        needs: needs.filter((need) => need.text.trim()).map((need) => ({ kind: need.kind, text: need.text.trim() })),
        tags: currentTags,
        ...(metWith.trim() ? { metWith: metWith.trim() } : {}),
        ...(followUpOn ? { followUpOn } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      if (tags && JSON.stringify([...tags].sort()) !== JSON.stringify([...household.tags].sort())) {
        await putRecord(device, 'households', household.id, { tags });
      }
      requestSync();
      navigate({ name: 'household', id: household.id });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
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
      <form onSubmit={save} class="visit-form">
        <fieldset>
          <legend>{t('purpose')}</legend>
          <div class="choices">
            {VISIT_PURPOSES.map((value) => (
              <button
                key={value}
                type="button"
                class={`choice ${purpose === value ? 'chosen' : ''}`}
                aria-pressed={purpose === value}
                onClick={() => setPurpose(value)}
              >
                {term(value)}
              </button>
            ))}
          </div>
        </fieldset>
        <label>
          {t('metWith')}
          <input name="metWith" value={metWith} onInput={(e) => setMetWith(e.currentTarget.value)} />
        </label>
        <fieldset>
          <legend>{t('needs')}</legend>
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
                    {term(kind)}
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
          <legend>{t('tags')}</legend>
          <div class="choices">
            {CARE_TAGS.map((tag) => (
              <button
                key={tag}
                type="button"
                class={`choice small ${currentTags.includes(tag) ? 'chosen' : ''}`}
                aria-pressed={currentTags.includes(tag)}
                onClick={() => toggleTag(tag)}
              >
                {term(tag)}
              </button>
            ))}
          </div>
        </fieldset>
        <label>
          {t('followUpOn')}
          <input
            type="date"
            name="followUpOn"
            value={followUpOn}
            onInput={(e) => setFollowUpOn(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('note')}
          <textarea name="note" rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary sticky-save" disabled={saving}>
          {saving ? t('saving') : t('save')}
        </button>
      </form>
    </main>
  );
}
