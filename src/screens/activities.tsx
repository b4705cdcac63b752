/**
 * Co-building activities: talks, free clinics, performances, clean-ups, with the units taking
 * part, the residents served, and the party members who took part with their hours (their
 * volunteer logs, written with the activity in one action).
 */
import { useState } from 'preact/hooks';
import { ACTIVITY_KINDS, type ActivityKind } from '../../shared/domain.ts';
import { Choices, FieldError, toggled, useForm } from '../components/form.tsx';
import { Refusal, StateBadge } from '../components/state-badge.tsx';
import { activitiesList, activityById, hoursAtActivity, recordActivity } from '../db/activities.ts';
import { useLive } from '../db/live.ts';
import { allPartners } from '../db/partners.ts';
import { placeNames } from '../db/places.ts';
import { localDay } from '../db/round.ts';
import { possibleClaimants } from '../db/wishes.ts';
import { deviceNow } from '../db/write.ts';
import { useI18n } from '../i18n/index.ts';
import { href, navigate } from '../router.ts';
import { useApp } from '../session.ts';
import { PlacePicker } from './service-lists.tsx';

export function ActivityList() {
  const { t, term, formatDate } = useI18n();
  const { device } = useApp();
  const activities = useLive(() => activitiesList(device), [device], []);
  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{t('activitiesTitle')}</h1>
      <a class="button primary" href={href({ name: 'service', page: 'activity-new' })} data-testid="add-activity">
        {t('addActivity')}
      </a>
      <ul class="list" data-testid="activities">
        {activities.length === 0 && <li class="empty">{t('noActivities')}</li>}
        {activities.map((activity) => (
          <li key={activity.id}>
            <a class="row" href={href({ name: 'service', page: 'activity', id: activity.id })}>
              <span class="row-title">{activity.title}</span>
              <span class="row-meta">
                <span class="tag">{term('activityKind', activity.kind)}</span>
                <span>{formatDate(activity.date)}</span>
                <span>{activity.venue}</span>
                <span>{t('servedCount', { count: activity.residentsServed })}</span>
                {activity.syncState !== 'synced' && <StateBadge state={activity.syncState} />}
                <Refusal table="activities" record={activity} />
              </span>
            </a>
          </li>
        ))}
      </ul>
    </main>
  );
}

export function Activity({ id }: { id: string }) {
  const { t, term, fieldName, formatDate } = useI18n();
  const { device } = useApp();
  const data = useLive(
    async () => {
      const activity = await activityById(device, id);
      if (!activity) return null;
      const [logs, partners, names, claimants] = await Promise.all([
        hoursAtActivity(device, id),
        allPartners(device),
        placeNames(device),
        possibleClaimants(device),
      ]);
      const members = new Map(claimants.members.map((member) => [member.id, member.name]));
      return { activity, logs, partners, names, members };
    },
    [device, id],
    null,
  );
  if (!data) return <main class="empty">…</main>;
  const { activity, logs, names, members } = data;
  const units = data.partners.filter((partner) => activity.partnerIds.includes(partner.id));
  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'activities' })}>
        ‹ {t('back')}
      </a>
      <h1>{activity.title}</h1>
      <dl class="facts">
        <dt>{fieldName('activities', 'kind')}</dt>
        <dd>{term('activityKind', activity.kind)}</dd>
        <dt>{fieldName('activities', 'date')}</dt>
        <dd>{formatDate(activity.date)}</dd>
        <dt>{fieldName('activities', 'venue')}</dt>
        <dd>{activity.venue}</dd>
        <dt>{fieldName('activities', 'placeId')}</dt>
        <dd>{names.get(activity.placeId) ?? '—'}</dd>
        <dt>{fieldName('activities', 'partnerIds')}</dt>
        <dd>{units.length > 0 ? units.map((unit) => unit.name).join('、') : '—'}</dd>
        <dt>{fieldName('activities', 'residentsServed')}</dt>
        <dd>{activity.residentsServed}</dd>
      </dl>
      {activity.note && <p class="issue-description">{activity.note}</p>}
      <Refusal table="activities" record={activity} />
      <h2>{t('membersTookPart', { count: logs.length })}</h2>
      <ul class="list" data-testid="activity-members">
        {logs.length === 0 && <li class="empty">{t('noMembersHere')}</li>}
        {logs.map((log) => (
          <li key={log.id} class="row">
            <span class="row-title">{members.get(log.memberId) ?? t('someone')}</span>
            <span class="row-meta">
              {t('hoursShort', { hours: log.hours })}
              {log.syncState !== 'synced' && <StateBadge state={log.syncState} />}
              <Refusal table="volunteerLogs" record={log} />
            </span>
          </li>
        ))}
      </ul>
    </main>
  );
}

export function ActivityForm() {
  const { t, term, fieldName, problem } = useI18n();
  const { device, user, requestSync } = useApp();
  const form = useForm('activities');
  const choices = useLive(
    async () => {
      const [partners, claimants] = await Promise.all([allPartners(device), possibleClaimants(device)]);
      return { partners: partners.filter((partner) => !partner.retired), members: claimants.members };
    },
    [device],
    { partners: [], members: [] },
  );
  const [placeId, setPlaceId] = useState(user.place.id);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<ActivityKind | null>(null);
  const [date, setDate] = useState(localDay(deviceNow(device)));
  const [venue, setVenue] = useState('');
  const [partnerIds, setPartnerIds] = useState<string[]>([]);
  const [served, setServed] = useState('');
  const [note, setNote] = useState('');
  const [takingPart, setTakingPart] = useState<{ memberId: string; hours: string }[]>([]);
  const [memberError, setMemberError] = useState<string | null>(null);
  const partnerName = new Map(choices.partners.map((partner) => [partner.id, partner.name]));

  const save = (event: Event) =>
    form.submit(event, async () => {
      if (served.trim() === '') {
        form.show({ residentsServed: problem('activities', { field: 'residentsServed', kind: 'required' }) });
        return;
      }
      const members = takingPart.filter((row) => row.memberId);
      if (members.some((row) => !(Number(row.hours) >= 0.5 && Number(row.hours) <= 24))) {
        setMemberError(t('hoursRule'));
        return;
      }
      setMemberError(null);
      const activity = await recordActivity(
        device,
        {
          placeId,
          title,
          kind: kind as ActivityKind,
          date,
          venue,
          partnerIds,
          residentsServed: Number(served),
          ...(note.trim() ? { note } : {}),
        },
        user.id,
        members.map((row) => ({ memberId: row.memberId, hours: Number(row.hours) })),
      );
      requestSync();
      navigate({ name: 'service', page: 'activity', id: activity.id });
    });

  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'activities' })}>
        ‹ {t('cancel')}
      </a>
      <h1>{t('addActivity')}</h1>
      <form onSubmit={save} ref={form.formRef} noValidate data-testid="activity-form">
        <label>
          {fieldName('activities', 'title')}
          <input name="title" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
        </label>
        <FieldError field="title" errors={form.errors} />
        <fieldset>
          <legend>{fieldName('activities', 'kind')}</legend>
          <FieldError field="kind" errors={form.errors} />
          <Choices
            small
            values={ACTIVITY_KINDS}
            chosen={kind ? [kind] : []}
            label={(v) => term('activityKind', v)}
            onToggle={setKind}
          />
        </fieldset>
        <div class="two">
          <label>
            {fieldName('activities', 'date')}
            <input type="date" name="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} />
          </label>
          <label>
            {fieldName('activities', 'residentsServed')}
            <input
              type="number"
              name="residentsServed"
              inputMode="numeric"
              min={0}
              value={served}
              onInput={(e) => setServed(e.currentTarget.value)}
            />
          </label>
        </div>
        <FieldError field="date" errors={form.errors} />
        <FieldError field="residentsServed" errors={form.errors} />
        <label>
          {fieldName('activities', 'venue')}
          <input name="venue" value={venue} onInput={(e) => setVenue(e.currentTarget.value)} />
        </label>
        <FieldError field="venue" errors={form.errors} />
        <PlacePicker value={placeId} onChange={setPlaceId} />
        <FieldError field="placeId" errors={form.errors} />
        {choices.partners.length > 0 && (
          <fieldset>
            <legend>{fieldName('activities', 'partnerIds')}</legend>
            <Choices
              small
              values={choices.partners.map((partner) => partner.id)}
              chosen={partnerIds}
              label={(id) => partnerName.get(id) ?? id}
              onToggle={(id) => setPartnerIds(toggled(partnerIds, id))}
            />
          </fieldset>
        )}
        <fieldset data-testid="activity-members-form">
          <legend>{t('membersTakingPart')}</legend>
          {takingPart.map((row, index) => (
            <div class="member-hours" key={index}>
              <select
                aria-label={t('memberTakingPart')}
                value={row.memberId}
                onChange={(e) =>
                  setTakingPart(takingPart.map((r, i) => (i === index ? { ...r, memberId: e.currentTarget.value } : r)))
                }
              >
                <option value="">{t('chooseMember')}</option>
                {choices.members.map((member) => (
                  <option key={member.id} value={member.id}>
                    {member.name} · {term('memberKind', member.kind)}
                  </option>
                ))}
              </select>
              <input
                type="number"
                inputMode="decimal"
                step="0.5"
                min="0.5"
                max="24"
                aria-label={t('hoursLabel')}
                placeholder={t('hoursLabel')}
                value={row.hours}
                onInput={(e) =>
                  setTakingPart(takingPart.map((r, i) => (i === index ? { ...r, hours: e.currentTarget.value } : r)))
                }
              />
              <button
                type="button"
                class="link-button"
                onClick={() => setTakingPart(takingPart.filter((_, i) => i !== index))}
              >
                {t('removeNeed')}
              </button>
            </div>
          ))}
          {memberError && (
            <p class="form-error" role="alert">
              {memberError}
            </p>
          )}
          <button
            type="button"
            class="secondary"
            onClick={() => setTakingPart([...takingPart, { memberId: '', hours: '2' }])}
          >
            + {t('addMemberHours')}
          </button>
        </fieldset>
        <label>
          {fieldName('activities', 'note')}
          <textarea name="note" rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <FieldError field="note" errors={form.errors} />
        <button type="submit" class="primary sticky-save" disabled={form.saving}>
          {form.saving ? t('saving') : t('save')}
        </button>
      </form>
    </main>
  );
}
