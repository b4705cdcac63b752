/**
 * Co-building units (共建单位, 1+1+N): who they are, their party organisation, a contact, what they
 * offer. Supervisors keep the list; everyone sees it (a wish is claimed for a unit).
 */
import { useState } from 'preact/hooks';
import { isSupervising, PARTNER_KINDS, type PartnerKind } from '../../shared/domain.ts';
import { Choices, FieldError, useForm } from '../components/form.tsx';
import { Refusal, StateBadge } from '../components/state-badge.tsx';
import { useLive } from '../db/live.ts';
import { addPartner, allPartners, editPartner, partnerById } from '../db/partners.ts';
import { useI18n } from '../i18n/index.ts';
import { href, navigate } from '../router.ts';
import { useApp } from '../session.ts';
import { PlacePicker } from './service-lists.tsx';

export function PartnerList() {
  const { t, term } = useI18n();
  const { device, user } = useApp();
  const partners = useLive(() => allPartners(device), [device], []);
  const keeper = isSupervising(user.role);
  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{t('partnersTitle')}</h1>
      {keeper && (
        <a class="button primary" href={href({ name: 'service', page: 'partner-new' })} data-testid="add-partner">
          {t('addPartner')}
        </a>
      )}
      <ul class="list" data-testid="partners">
        {partners.length === 0 && <li class="empty">{t('noPartners')}</li>}
        {partners.map((partner) => {
          const body = (
            <>
              <span class="row-title">{partner.name}</span>
              <span class="row-meta">
                <span class="tag">{term('partnerKind', partner.kind)}</span>
                {partner.partyOrgName && <span>{partner.partyOrgName}</span>}
                {partner.contactName && <span>{partner.contactName}</span>}
                {partner.retired && <span>{t('partnerRetired')}</span>}
                {partner.syncState !== 'synced' && <StateBadge state={partner.syncState} />}
                <Refusal table="partners" record={partner} />
              </span>
              {partner.offers && <span class="event-note">{partner.offers}</span>}
            </>
          );
          return (
            <li key={partner.id}>
              {keeper ? (
                <a class="row" href={href({ name: 'service', page: 'partner', id: partner.id })}>
                  {body}
                </a>
              ) : (
                <div class="row">{body}</div>
              )}
            </li>
          );
        })}
      </ul>
    </main>
  );
}

export function PartnerForm({ id }: { id?: string }) {
  const { device } = useApp();
  const partner = useLive(async () => (id ? ((await partnerById(device, id)) ?? null) : null), [device, id], null);
  if (id && !partner) return <main class="empty">…</main>;
  return <PartnerFields key={partner?.id ?? 'new'} partner={partner} />;
}

function PartnerFields({ partner }: { partner: Awaited<ReturnType<typeof partnerById>> | null }) {
  const { t, term, fieldName } = useI18n();
  const { device, user, requestSync } = useApp();
  const form = useForm('partners');
  const [placeId, setPlaceId] = useState(partner?.placeId ?? user.place.id);
  const [name, setName] = useState(partner?.name ?? '');
  const [kind, setKind] = useState<PartnerKind | null>(partner?.kind ?? null);
  const [partyOrgName, setPartyOrgName] = useState(partner?.partyOrgName ?? '');
  const [contactName, setContactName] = useState(partner?.contactName ?? '');
  const [contactPhone, setContactPhone] = useState(partner?.contactPhone ?? '');
  const [offers, setOffers] = useState(partner?.offers ?? '');
  const save = (event: Event) =>
    form.submit(event, async () => {
      const fields = {
        placeId,
        name,
        kind: kind as PartnerKind,
        partyOrgName,
        contactName: contactName.trim() || null,
        contactPhone: contactPhone.trim() || null,
        offers,
      };
      if (partner) await editPartner(device, partner.id, fields);
      else await addPartner(device, fields);
      requestSync();
      navigate({ name: 'service', page: 'partners' });
    });
  const retire = async () => {
    if (!partner) return;
    await editPartner(device, partner.id, { retired: !partner.retired });
    requestSync();
  };
  return (
    <main>
      <a class="back" href={href({ name: 'service', page: 'partners' })}>
        ‹ {t('cancel')}
      </a>
      <h1>{partner ? partner.name : t('addPartner')}</h1>
      <form onSubmit={save} ref={form.formRef} noValidate data-testid="partner-form">
        <label>
          {fieldName('partners', 'name')}
          <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <FieldError field="name" errors={form.errors} />
        <fieldset>
          <legend>{fieldName('partners', 'kind')}</legend>
          <FieldError field="kind" errors={form.errors} />
          <Choices
            small
            values={PARTNER_KINDS}
            chosen={kind ? [kind] : []}
            label={(v) => term('partnerKind', v)}
            onToggle={setKind}
          />
        </fieldset>
        <PlacePicker value={placeId} onChange={setPlaceId} />
        <label>
          {fieldName('partners', 'partyOrgName')}
          <input name="partyOrgName" value={partyOrgName} onInput={(e) => setPartyOrgName(e.currentTarget.value)} />
        </label>
        <FieldError field="partyOrgName" errors={form.errors} />
        <div class="two">
          <label>
            {fieldName('partners', 'contactName')}
            <input name="contactName" value={contactName} onInput={(e) => setContactName(e.currentTarget.value)} />
          </label>
          <label>
            {fieldName('partners', 'contactPhone')}
            <input
              name="contactPhone"
              type="tel"
              inputMode="tel"
              value={contactPhone}
              onInput={(e) => setContactPhone(e.currentTarget.value)}
            />
          </label>
        </div>
        <FieldError field="contactName" errors={form.errors} />
        <FieldError field="contactPhone" errors={form.errors} />
        <label>
          {fieldName('partners', 'offers')}
          <textarea name="offers" rows={2} value={offers} onInput={(e) => setOffers(e.currentTarget.value)} />
        </label>
        <FieldError field="offers" errors={form.errors} />
        {partner && (
          <button type="button" class="secondary" onClick={() => void retire()}>
            {partner.retired ? t('partnerRestore') : t('partnerRetire')}
          </button>
        )}
        <button type="submit" class="primary sticky-save" disabled={form.saving}>
          {form.saving ? t('saving') : t('save')}
        </button>
      </form>
    </main>
  );
}
