/**
 * Two of the three lists: the needs list (needs heard on visits taken onto it, and residents' own
 * requests) and the resources list (what units, in-service members, volunteers and venues offer).
 */
import { useState } from 'preact/hooks';
import { NEED_KINDS, type NeedKind, RESOURCE_KINDS, type ResourceKind } from '../../shared/domain.ts';
import { Choices, FieldError, useForm } from '../components/form.tsx';
import { Refusal, StateBadge } from '../components/state-badge.tsx';
import { useLive } from '../db/live.ts';
import { allPartners } from '../db/partners.ts';
import { placeNames, placesWithin } from '../db/places.ts';
import { addResource, resourcesList, retireResource } from '../db/resources.ts';
import { closeNeed, listVisitNeed, needsList, recordRequest, visitNeedsToList } from '../db/service-needs.ts';
import { useI18n } from '../i18n/index.ts';
import { href, navigate } from '../router.ts';
import { useApp } from '../session.ts';

/** Where a record is filed, chosen among the user's own place and those under it. */
export function PlacePicker({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const { t, term } = useI18n();
  const { device, user } = useApp();
  const places = useLive(() => placesWithin(device, user.place), [device, user.place], []);
  return (
    <label>
      {t('filedAt')}
      <select name="place" value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{t('chooseFiledAt')}</option>
        {places.map((place) => (
          <option key={place.id} value={place.id}>
            {term('placeKind', place.kind)} · {place.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function NeedsList() {
  const { t, term, formatDate } = useI18n();
  const { device, user, requestSync } = useApp();
  const data = useLive(
    async () => {
      const [needs, candidates, names] = await Promise.all([
        needsList(device),
        visitNeedsToList(device),
        placeNames(device),
      ]);
      return { needs, candidates, names };
    },
    [device],
    { needs: [], candidates: [], names: new Map<string, string>() },
  );
  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{t('needsTitle')}</h1>
      <a class="button primary" href={href({ name: 'service', page: 'need-new' })} data-testid="add-need">
        {t('addRequest')}
      </a>
      <ul class="list" data-testid="needs">
        {data.needs.length === 0 && <li class="empty">{t('noNeeds')}</li>}
        {data.needs.map((need) => (
          <li key={need.id} class={`row ${need.closed ? 'done' : ''}`}>
            <span class="row-title">
              {term('needKind', need.kind)}：{need.text}
            </span>
            <span class="row-meta">
              <span>{term('needSource', need.source)}</span>
              <span>{data.names.get(need.placeId) ?? ''}</span>
              <span>{formatDate(need.raisedAt)}</span>
              {need.closed && <span class="tag">{t('needClosed')}</span>}
              {need.syncState !== 'synced' && <StateBadge state={need.syncState} />}
              <Refusal table="serviceNeeds" record={need} />
            </span>
            <button
              type="button"
              class="link-button"
              onClick={() => void closeNeed(device, need.id, !need.closed).then(requestSync)}
            >
              {need.closed ? t('reopenNeed') : t('closeNeed')}
            </button>
          </li>
        ))}
      </ul>
      {data.candidates.length > 0 && (
        <section>
          <h2>{t('visitNeedsToList', { count: data.candidates.length })}</h2>
          <ul class="list" data-testid="visit-needs-to-list">
            {data.candidates.map((candidate) => (
              <li key={candidate.need.id} class="row">
                <span class="row-title">
                  {term('needKind', candidate.need.kind)}：{candidate.need.text}
                </span>
                <span class="row-meta">
                  <span>
                    {candidate.household.roomNo} {candidate.household.headName}
                  </span>
                  <span>{formatDate(candidate.visit.visitedAt)}</span>
                </span>
                <button
                  type="button"
                  class="link-button"
                  onClick={() => void listVisitNeed(device, candidate.household, candidate, user.id).then(requestSync)}
                >
                  {t('putOnList')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

export function NeedForm() {
  const { t, term, fieldName } = useI18n();
  const { device, user, requestSync } = useApp();
  const form = useForm('serviceNeeds');
  const [placeId, setPlaceId] = useState(user.place.id);
  const [kind, setKind] = useState<NeedKind | null>(null);
  const [text, setText] = useState('');
  const save = (event: Event) =>
    form.submit(event, async () => {
      await recordRequest(device, { placeId, kind: kind as NeedKind, text }, user.id);
      requestSync();
      navigate({ name: 'service', page: 'needs' });
    });
  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'needs' })}>
        ‹ {t('cancel')}
      </a>
      <h1>{t('addRequest')}</h1>
      <form onSubmit={save} ref={form.formRef} noValidate data-testid="need-form">
        <PlacePicker value={placeId} onChange={setPlaceId} />
        <FieldError field="placeId" errors={form.errors} />
        <fieldset>
          <legend>{fieldName('serviceNeeds', 'kind')}</legend>
          <FieldError field="kind" errors={form.errors} />
          <Choices
            values={NEED_KINDS}
            chosen={kind ? [kind] : []}
            label={(v) => term('needKind', v)}
            onToggle={setKind}
          />
        </fieldset>
        <label>
          {fieldName('serviceNeeds', 'text')}
          <textarea name="text" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </label>
        <FieldError field="text" errors={form.errors} />
        <button type="submit" class="primary sticky-save" disabled={form.saving}>
          {form.saving ? t('saving') : t('save')}
        </button>
      </form>
    </main>
  );
}

export function ResourcesList() {
  const { t, term } = useI18n();
  const { device, requestSync } = useApp();
  const resources = useLive(() => resourcesList(device), [device], []);
  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{t('resourcesTitle')}</h1>
      <a class="button primary" href={href({ name: 'service', page: 'resource-new' })} data-testid="add-resource">
        {t('addResource')}
      </a>
      <ul class="list" data-testid="resources">
        {resources.length === 0 && <li class="empty">{t('noResources')}</li>}
        {resources.map((resource) => (
          <li key={resource.id} class={`row ${resource.retired ? 'done' : ''}`}>
            <span class="row-title">
              {resource.name} · {resource.offers}
            </span>
            <span class="row-meta">
              <span class="tag">{term('resourceKind', resource.kind)}</span>
              {resource.contact && <span>{resource.contact}</span>}
              {resource.retired && <span>{t('resourceRetired')}</span>}
              {resource.syncState !== 'synced' && <StateBadge state={resource.syncState} />}
              <Refusal table="resources" record={resource} />
            </span>
            <button
              type="button"
              class="link-button"
              onClick={() => void retireResource(device, resource.id, !resource.retired).then(requestSync)}
            >
              {resource.retired ? t('restoreResource') : t('retireResource')}
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}

export function ResourceForm() {
  const { t, term, fieldName } = useI18n();
  const { device, user, requestSync } = useApp();
  const form = useForm('resources');
  const partners = useLive(() => allPartners(device), [device], []);
  const [placeId, setPlaceId] = useState(user.place.id);
  const [kind, setKind] = useState<ResourceKind | null>(null);
  const [partnerId, setPartnerId] = useState('');
  const [name, setName] = useState('');
  const [offers, setOffers] = useState('');
  const [contact, setContact] = useState('');
  const partner = partners.find((one) => one.id === partnerId);
  const save = (event: Event) =>
    form.submit(event, async () => {
      await addResource(
        device,
        {
          placeId,
          kind: kind as ResourceKind,
          name: partner?.name ?? name,
          offers,
          ...(partner ? { partnerId: partner.id } : {}),
          ...(contact.trim() ? { contact } : {}),
        },
        user.id,
      );
      requestSync();
      navigate({ name: 'service', page: 'resources' });
    });
  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'resources' })}>
        ‹ {t('cancel')}
      </a>
      <h1>{t('addResource')}</h1>
      <form onSubmit={save} ref={form.formRef} noValidate data-testid="resource-form">
        <PlacePicker value={placeId} onChange={setPlaceId} />
        <fieldset>
          <legend>{fieldName('resources', 'kind')}</legend>
          <FieldError field="kind" errors={form.errors} />
          <Choices
            values={RESOURCE_KINDS}
            chosen={kind ? [kind] : []}
            label={(v) => term('resourceKind', v)}
            onToggle={setKind}
          />
        </fieldset>
        {kind === 'partner' ? (
          <label>
            {fieldName('resources', 'partnerId')}
            <select name="partner" value={partnerId} onChange={(e) => setPartnerId(e.currentTarget.value)}>
              <option value="">{t('choosePartner')}</option>
              {partners.map((one) => (
                <option key={one.id} value={one.id}>
                  {one.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            {fieldName('resources', 'name')}
            <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
        )}
        <FieldError field="name" errors={form.errors} />
        <label>
          {fieldName('resources', 'offers')}
          <textarea name="offers" rows={2} value={offers} onInput={(e) => setOffers(e.currentTarget.value)} />
        </label>
        <FieldError field="offers" errors={form.errors} />
        <label>
          {fieldName('resources', 'contact')}
          <input name="contact" value={contact} onInput={(e) => setContact(e.currentTarget.value)} />
        </label>
        <FieldError field="contact" errors={form.errors} />
        <button type="submit" class="primary sticky-save" disabled={form.saving}>
          {form.saving ? t('saving') : t('save')}
        </button>
      </form>
    </main>
  );
}
