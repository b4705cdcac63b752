/**
 * Micro-wishes: the list, by state, and one wish with what may be done with it now. A claim names
 * a party member or a co-building unit; a fulfilment needs a note and a photo; the grid worker
 * confirms it on the resident's word. Each step works offline; a claim that lost the race to
 * another phone's is explained on the wish in words.
 */
import { useState } from 'preact/hooks';
import { CLAIMANT_KINDS, type ClaimantKind } from '../../shared/domain.ts';
import { MAX_WISH_PHOTOS } from '../../shared/tables/wish-events.ts';
import { type WishAction, wishActionsFor } from '../../shared/wish-lifecycle.ts';
import { ActionButton, ActionPanel, useSaving } from '../components/actions.tsx';
import { Choices } from '../components/form.tsx';
import { Photos } from '../components/photo.tsx';
import { PhotoPicker, usePhotoPicker } from '../components/photo-picker.tsx';
import { Refusal, StateBadge } from '../components/state-badge.tsx';
import type { Person } from '../db/database.ts';
import { householdById } from '../db/households.ts';
import { useLive } from '../db/live.ts';
import { peopleById } from '../db/people.ts';
import {
  allWishes,
  claimantName,
  claimWish,
  eventsOfWish,
  fulfilWish,
  possibleClaimants,
  recordWishAction,
  type WishEventRecord,
  type WishView,
  wishView,
} from '../db/wishes.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

/** Steps that need a word: what was done, why it is let go or sent back. */
const STEPS_BACK: readonly WishAction[] = ['release', 'reopen'];
const NOTE_REQUIRED: readonly WishAction[] = ['fulfil', 'release', 'reopen'];

export function WishStatus({ view }: { view: WishView }) {
  const { term } = useI18n();
  return (
    <span class={`status wish-${view.status}`} data-testid="wish-status">
      {term('wishStatus', view.status)}
    </span>
  );
}

export function WishList() {
  const { t, formatDate } = useI18n();
  const { device } = useApp();
  const data = useLive(
    async () => {
      const views = await allWishes(device);
      const names = new Map<string, string>();
      for (const view of views) {
        const household = await householdById(device, view.wish.householdId);
        if (household) names.set(view.wish.id, `${household.roomNo} ${household.headName}`);
      }
      return { views, names };
    },
    [device],
    { views: [] as WishView[], names: new Map<string, string>() },
  );
  const groups = [...new Set(data.views.map((view) => view.status))];
  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{t('wishesTitle')}</h1>
      <p class="hint">{t('wishesHowTo')}</p>
      {data.views.length === 0 && <p class="empty">{t('noWishes')}</p>}
      {groups.map((status) => {
        const inState = data.views.filter((view) => view.status === status);
        return (
          <section key={status}>
            <h2>
              <WishStatus view={inState[0] as WishView} /> ({inState.length})
            </h2>
            <ul class="list" data-testid={`wishes-${status}`}>
              {inState.map((view) => (
                <li key={view.wish.id}>
                  <a
                    class="row"
                    href={href({ name: 'service', page: 'wish', id: view.wish.id })}
                    data-wish-id={view.wish.id}
                  >
                    <span class="row-title">{view.wish.text}</span>
                    <span class="row-meta">
                      <span>{data.names.get(view.wish.id) ?? ''}</span>
                      <span>{formatDate(view.wish.recordedAt)}</span>
                      {(view.pending || view.wish.syncState !== 'synced') && (
                        <StateBadge state={view.pending ? 'pending' : view.wish.syncState} />
                      )}
                      <Refusal table="wishes" record={view.wish} />
                    </span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </main>
  );
}

function EventLine({ event, people }: { event: WishEventRecord; people: Map<string, Person> }) {
  const { t, term, formatDate } = useI18n();
  const { device } = useApp();
  const claimant = useLive(
    () => claimantName(device, event.claimantKind ?? null, event.claimantId ?? null),
    [device, event.id],
    undefined,
  );
  return (
    <li class="row" data-wish-action={event.action}>
      <span class="row-title">
        {people.get(event.by)?.displayName ?? t('someone')} · {term('wishAction', event.action)}
        {claimant && ` · ${claimant}`}
      </span>
      <span class="row-meta">
        {formatDate(event.at, true)}
        {event.syncState !== 'synced' && <StateBadge state={event.syncState} />}
      </span>
      {event.note && <span class="event-note">{event.note}</span>}
      <Photos hashes={event.photoHashes} />
      <Refusal table="wishEvents" record={event} />
    </li>
  );
}

function ClaimantPicker({
  kind,
  setKind,
  claimantId,
  setClaimantId,
}: {
  kind: ClaimantKind;
  setKind: (kind: ClaimantKind) => void;
  claimantId: string;
  setClaimantId: (id: string) => void;
}) {
  const { t, term, fieldName } = useI18n();
  const { device } = useApp();
  const claimants = useLive(() => possibleClaimants(device), [device], { members: [], partners: [] });
  const options = kind === 'member' ? claimants.members : claimants.partners;
  return (
    <>
      <fieldset>
        <legend>{fieldName('wishEvents', 'claimantKind')}</legend>
        <Choices
          values={CLAIMANT_KINDS}
          chosen={[kind]}
          label={(value) => term('claimantKind', value)}
          onToggle={(value) => {
            setKind(value);
            setClaimantId('');
          }}
        />
      </fieldset>
      <label>
        {fieldName('wishEvents', 'claimantId')}
        <select name="claimant" value={claimantId} onChange={(e) => setClaimantId(e.currentTarget.value)}>
          <option value="">{t('chooseClaimant')}</option>
          {options.map((option) => (
            <option key={option.id} value={option.id}>
              {option.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

function Actions({ view }: { view: WishView }) {
  const { t, term } = useI18n();
  const { device, user, requestSync } = useApp();
  const [open, setOpen] = useState<WishAction | null>(null);
  const [note, setNote] = useState('');
  const [kind, setKind] = useState<ClaimantKind>('member');
  const [claimantId, setClaimantId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { saving, save } = useSaving();
  const photos = usePhotoPicker(MAX_WISH_PHOTOS);
  // The step that moves the wish on is the main button; letting go and reopening come after it.
  const actions = wishActionsFor(view.status, { role: user.role, isClaimRecorder: view.claimedBy === user.id }).sort(
    (a, b) => Number(STEPS_BACK.includes(a)) - Number(STEPS_BACK.includes(b)),
  );
  if (actions.length === 0) return null;

  const confirm = async () => {
    if (!open) return;
    if (open === 'claim' && !claimantId) return setError(t('chooseClaimant'));
    if (NOTE_REQUIRED.includes(open) && !note.trim()) return setError(t('noteRequired'));
    if (open === 'fulfil') {
      await photos.settled();
      if (photos.hashes.length === 0) return setError(t('wishPhotoRequired'));
      await fulfilWish(device, view.wish, user.id, note, photos.hashes);
    } else if (open === 'claim') {
      await claimWish(device, view.wish, user.id, { kind, id: claimantId }, note);
    } else {
      await recordWishAction(device, view.wish, user.id, open, { note });
    }
    setOpen(null);
    setNote('');
    setError(null);
    requestSync();
  };

  return (
    <section class="issue-actions" data-testid="wish-actions">
      <div class="action-buttons">
        {actions.map((action, index) => (
          <ActionButton
            key={action}
            action={action}
            label={term('wishAction', action)}
            primary={index === 0}
            open={open}
            onToggle={(next) => {
              setOpen(next);
              setError(null);
            }}
            disabled={saving}
          />
        ))}
      </div>
      {open && (
        <ActionPanel error={error} onConfirm={() => save(confirm)} saving={saving}>
          {open === 'claim' && (
            <ClaimantPicker kind={kind} setKind={setKind} claimantId={claimantId} setClaimantId={setClaimantId} />
          )}
          <label>
            {open === 'fulfil' ? t('wishFulfilNote') : NOTE_REQUIRED.includes(open) ? t('noteWhy') : t('noteOptional')}
            <textarea name="note" rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          {open === 'fulfil' && <PhotoPicker picker={photos} max={MAX_WISH_PHOTOS} />}
        </ActionPanel>
      )}
    </section>
  );
}

export function Wish({ id }: { id: string }) {
  const { t, term, formatDate, fieldName } = useI18n();
  const { device } = useApp();
  const data = useLive(
    async () => {
      const view = await wishView(device, id);
      if (!view) return null;
      const [events, people, household, claimant] = await Promise.all([
        eventsOfWish(device, id),
        peopleById(device),
        householdById(device, view.wish.householdId),
        claimantName(device, view.claimantKind, view.claimantId),
      ]);
      return { view, events, people, household, claimant };
    },
    [device, id],
    null,
  );
  if (!data) return <main class="empty">…</main>;
  const { view, events, people, household, claimant } = data;
  const refused = events.filter((event) => event.syncState === 'rejected');
  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'wishes' })}>
        ‹ {t('back')}
      </a>
      <h1>{view.wish.text}</h1>
      {refused.length > 0 && (
        <p class="refusal-banner" role="alert" data-testid="refused-actions">
          {t('actionsRefused', { count: refused.length })}
        </p>
      )}
      <dl class="facts">
        <dt>{fieldName('wishes', 'status')}</dt>
        <dd>
          <WishStatus view={view} />
          {view.pending && <StateBadge state="pending" />}
        </dd>
        <dt>{fieldName('wishes', 'householdId')}</dt>
        <dd>
          {household ? (
            <a href={href({ name: 'household', id: household.id })}>
              {household.roomNo} {household.headName}
            </a>
          ) : (
            '—'
          )}
        </dd>
        <dt>{fieldName('wishes', 'recordedBy')}</dt>
        <dd>
          {people.get(view.wish.recordedBy)?.displayName ?? t('someone')} · {formatDate(view.wish.recordedAt)}
        </dd>
        <dt>{fieldName('wishes', 'claimantId')}</dt>
        <dd data-testid="wish-claimant">
          {claimant && view.claimantKind
            ? `${claimant}（${term('claimantKind', view.claimantKind)}）`
            : t('notClaimed')}
        </dd>
      </dl>
      <Refusal table="wishes" record={view.wish} />
      <Actions view={view} />
      <h2>{t('issueHistory')}</h2>
      <ul class="list" data-testid="wish-history">
        {events.length === 0 && <li class="empty">{t('noEvents')}</li>}
        {events.map((event) => (
          <EventLine key={event.id} event={event} people={people} />
        ))}
      </ul>
    </main>
  );
}
