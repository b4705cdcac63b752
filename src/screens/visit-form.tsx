/**
 * Log a visit in under 30 seconds with one thumb: purpose, who was met, needs raised and needs
 * resolved, care tags confirmed or changed (written with the visit in one transaction), follow-up
 * date, photos, an optional location fix. Limits are checked before saving and the first error
 * is brought into view.
 */

import { useEffect, useState } from 'preact/hooks';
import { v7 as uuidv7 } from 'uuid';
import {
  CARE_TAGS,
  type CareTag,
  NEED_KINDS,
  type NeedKind,
  VISIT_PURPOSES,
  type VisitPurpose,
} from '../../shared/domain.ts';
import { seesCareTags } from '../../shared/masking.ts';
import { checkContent } from '../../shared/tables/problems.ts';
import { MAX_VISIT_PHOTOS } from '../../shared/tables/visits.ts';
import { Choices, FieldError, toggled, useForm } from '../components/form.tsx';
import { PhotoPicker, usePhotoPicker } from '../components/photo-picker.tsx';
import { Refusal } from '../components/state-badge.tsx';
import { householdById, residentsOf } from '../db/households.ts';
import { useLive } from '../db/live.ts';
import { logVisit, openNeedsOf, visitsOfHousehold } from '../db/visits.ts';
import { useI18n } from '../i18n/index.ts';
import { href, navigate } from '../router.ts';
import { useApp } from '../session.ts';

interface NeedDraft {
  kind: NeedKind;
  text: string;
}

type Fix = { lat: number; lng: number; accuracy: number };

function useLocationFix() {
  const [fix, setFix] = useState<Fix | null>(null);
  const [state, setState] = useState<'idle' | 'finding' | 'failed'>('idle');
  const find = () => {
    if (!navigator.geolocation) return setState('failed');
    setState('finding');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setFix({
          lat: position.coords.latitude,
          lng: position.coords.longitude,
          accuracy: Math.round(position.coords.accuracy),
        });
        setState('idle');
      },
      () => setState('failed'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  return { fix, state, find, clear: () => setFix(null) };
}

export function VisitForm({ householdId, againId }: { householdId: string; againId?: string }) {
  const { t, term, fieldName, formatDate, problem } = useI18n();
  const { device, user, requestSync } = useApp();
  const data = useLive(
    async () => {
      const [household, residents, visits] = await Promise.all([
        householdById(device, householdId),
        residentsOf(device, householdId),
        visitsOfHousehold(device, householdId),
      ]);
      return {
        household,
        residents: residents.filter((r) => !r.movedOutOn),
        openNeeds: openNeedsOf(visits),
        again: visits.find((visit) => visit.id === againId && visit.syncState === 'rejected'),
      };
    },
    [device, householdId, againId],
    { household: undefined, residents: [], openNeeds: [], again: undefined },
  );
  const form = useForm('visits');
  const photos = usePhotoPicker(MAX_VISIT_PHOTOS);
  const location = useLocationFix();
  const [purpose, setPurpose] = useState<VisitPurpose | null>(null);
  const [metWith, setMetWith] = useState('');
  const [needs, setNeeds] = useState<NeedDraft[]>([]);
  const [resolved, setResolved] = useState<string[]>([]);
  const [tags, setTags] = useState<CareTag[] | null>(null);
  const [followUpOn, setFollowUpOn] = useState('');
  const [note, setNote] = useState('');
  const [wishes, setWishes] = useState<string[]>([]);

  const { household, again } = data;
  // A refused visit recorded again starts from what was written, for the worker to fix.
  useEffect(() => {
    if (!again) return;
    setPurpose(again.purpose);
    setMetWith(again.metWith ?? '');
    setNeeds(again.needs.map((need) => ({ kind: need.kind, text: need.text })));
    setFollowUpOn(again.followUpOn ?? '');
    setNote(again.note ?? '');
  }, [again?.id]);
  if (!household) return <main class="empty">…</main>;
  const currentTags = tags ?? household.tags;
  const keepsTags = seesCareTags(user.role);

  const save = (event: Event) =>
    form.submit(event, async () => {
      const wishTexts = wishes.filter((wish) => wish.trim());
      // A wish is a record of its own: its limits are said here, under the wishes, before saving.
      for (const text of wishTexts) {
        const checked = checkContent('wishes', { text }, { partial: true });
        if (!checked.ok && checked.problems[0]) return form.show({ wishes: problem('wishes', checked.problems[0]) });
      }
      await photos.settled();
      // Checked against the visits table's rules before anything is written (db/write.ts).
      await logVisit(
        device,
        household,
        user.id,
        {
          purpose: purpose as VisitPurpose,
          needs: needs
            .filter((need) => need.text.trim())
            .map((need) => ({ id: uuidv7(), kind: need.kind, text: need.text })),
          ...(keepsTags ? { tags: currentTags } : {}),
          ...(resolved.length > 0 ? { resolvedNeeds: resolved } : {}),
          ...(metWith.trim() ? { metWith } : {}),
          ...(followUpOn ? { followUpOn } : {}),
          ...(note.trim() ? { note } : {}),
          ...(photos.hashes.length > 0 ? { photoHashes: photos.hashes } : {}),
          ...(location.fix ? { location: location.fix } : {}),
        },
        { replaces: again, wishes: wishTexts },
      );
      requestSync();
      navigate({ name: 'household', id: household.id });
    });

  return (
    <main>
      <a class="back" href={href({ name: 'household', id: householdId })}>
        ‹ {t('cancel')}
      </a>
      <h1>
        {t('logVisit')} · {household.roomNo} {household.headName}
      </h1>
      {again && (
        <p class="refusal-banner" role="note">
          <Refusal table="visits" record={again} />
        </p>
      )}
      <form onSubmit={save} class="visit-form" ref={form.formRef} noValidate>
        <fieldset>
          <legend>{fieldName('visits', 'purpose')}</legend>
          <FieldError field="purpose" errors={form.errors} />
          <Choices
            values={VISIT_PURPOSES}
            chosen={purpose ? [purpose] : []}
            label={(value) => term('purpose', value)}
            onToggle={setPurpose}
          />
        </fieldset>
        <fieldset>
          <legend>{fieldName('visits', 'metWith')}</legend>
          {data.residents.length > 0 && (
            <Choices
              small
              values={data.residents.map((resident) => resident.name)}
              chosen={metWith ? [metWith] : []}
              label={(name) => name}
              onToggle={(name) => setMetWith(metWith === name ? '' : name)}
            />
          )}
          <input
            name="metWith"
            aria-label={fieldName('visits', 'metWith')}
            placeholder={t('metWithOther')}
            value={metWith}
            onInput={(e) => setMetWith(e.currentTarget.value)}
          />
          <FieldError field="metWith" errors={form.errors} />
        </fieldset>
        {data.openNeeds.length > 0 && (
          <fieldset>
            <legend>{t('resolvedThisVisit')}</legend>
            {data.openNeeds.map(({ need, visit }) => (
              <label key={need.id} class="check">
                <input
                  type="checkbox"
                  checked={resolved.includes(need.id)}
                  onChange={() => setResolved(toggled(resolved, need.id))}
                />
                {term('needKind', need.kind)}：{need.text}（{formatDate(visit.visitedAt)}）
              </label>
            ))}
          </fieldset>
        )}
        <fieldset>
          <legend>{fieldName('visits', 'needs')}</legend>
          <FieldError field="needs" errors={form.errors} />
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
        <fieldset data-testid="visit-wishes">
          <legend>{t('wishesOnVisit')}</legend>
          <p class="hint legend-hint">{t('wishesOnVisitHint')}</p>
          <FieldError field="wishes" errors={form.errors} />
          {wishes.map((wish, index) => (
            <div class="wish-draft" key={index}>
              <input
                name="wish"
                aria-label={t('wishText')}
                placeholder={t('wishText')}
                value={wish}
                onInput={(e) => setWishes(wishes.map((w, i) => (i === index ? e.currentTarget.value : w)))}
              />
              <button type="button" class="link-button" onClick={() => setWishes(wishes.filter((_, i) => i !== index))}>
                {t('removeNeed')}
              </button>
            </div>
          ))}
          <button type="button" class="secondary" data-testid="add-wish" onClick={() => setWishes([...wishes, ''])}>
            + {t('addWish')}
          </button>
        </fieldset>
        {keepsTags && (
          <fieldset>
            <legend>{fieldName('visits', 'tags')}</legend>
            <FieldError field="tags" errors={form.errors} />
            <Choices
              small
              values={CARE_TAGS}
              chosen={currentTags}
              label={(tag) => term('careTag', tag)}
              onToggle={(tag) => setTags(toggled(currentTags, tag))}
            />
          </fieldset>
        )}
        <label>
          {fieldName('visits', 'followUpOn')}
          <input
            type="date"
            name="followUpOn"
            value={followUpOn}
            onInput={(e) => setFollowUpOn(e.currentTarget.value)}
          />
        </label>
        <FieldError field="followUpOn" errors={form.errors} />
        <label>
          {fieldName('visits', 'note')}
          <textarea name="note" rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <FieldError field="note" errors={form.errors} />
        <PhotoPicker picker={photos} max={MAX_VISIT_PHOTOS} />
        <FieldError field="photoHashes" errors={form.errors} />
        <fieldset>
          <legend>{fieldName('visits', 'location')}</legend>
          {location.fix ? (
            <p data-testid="location-fix">
              {t('locationFixed', { accuracy: location.fix.accuracy })}{' '}
              <button type="button" class="link-button" onClick={location.clear}>
                {t('remove')}
              </button>
            </p>
          ) : (
            <button type="button" class="secondary" onClick={location.find} disabled={location.state === 'finding'}>
              {location.state === 'finding' ? t('locating') : t('addLocation')}
            </button>
          )}
          {location.state === 'failed' && <p class="hint">{t('locationFailed')}</p>}
        </fieldset>
        <button type="submit" class="primary sticky-save" disabled={form.saving}>
          {form.saving ? t('saving') : t('save')}
        </button>
      </form>
    </main>
  );
}
