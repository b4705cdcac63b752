/**
 * The party organisation mirrored on the places: the community's general branch, a branch per
 * compound, a group per building. Organisations are sync records written on this device.
 */
import { useState } from 'preact/hooks';
import type { PartyOrgLevel, PlaceKind } from '../../shared/domain.ts';
import { useLive } from '../db/live.ts';
import { allPlaces, type PlaceRecord } from '../db/places.ts';
import { allPartyOrgs, createPartyOrg, type PartyOrgRecord, renamePartyOrg, retirePartyOrg } from '../db/roster.ts';
import { useI18n } from '../i18n/index.ts';
import { useApp } from '../session.ts';

const LEVEL_OF_KIND: Partial<Record<PlaceKind, PartyOrgLevel>> = {
  community: 'general_branch',
  compound: 'branch',
  building: 'group',
};
const SUFFIX: Record<PartyOrgLevel, string> = { general_branch: '党总支', branch: '党支部', group: '党小组' };

function OrgNode({
  org,
  orgs,
  places,
}: {
  org: PartyOrgRecord;
  orgs: PartyOrgRecord[];
  places: Map<string, PlaceRecord>;
}) {
  const { t, term } = useI18n();
  const { device, requestSync } = useApp();
  const [name, setName] = useState(org.name);
  const children = orgs.filter((child) => child.parentId === org.id);
  const place = places.get(org.placeId);
  return (
    <li>
      <form
        class="org-row"
        onSubmit={(event) => {
          event.preventDefault();
          void renamePartyOrg(device, org.id, name).then(requestSync);
        }}
      >
        <span class="kind">{term('orgLevel', org.level)}</span>
        <input
          aria-label={t('placeName')}
          value={name}
          maxLength={100}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <span class="muted">{place ? `${term('placeKind', place.kind)} · ${place.name}` : ''}</span>
        <button type="submit" class="button">
          {t('rename')}
        </button>
        <button
          type="button"
          class="button danger"
          onClick={() => {
            if (window.confirm(t('retireConfirm', { name: org.name })))
              void retirePartyOrg(device, org.id).then(requestSync);
          }}
        >
          {t('retire')}
        </button>
      </form>
      {children.length > 0 && (
        <ul>
          {children.map((child) => (
            <OrgNode key={child.id} org={child} orgs={orgs} places={places} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function PartyOrgs() {
  const { t, term } = useI18n();
  const { device, requestSync } = useApp();
  const orgs = useLive(() => allPartyOrgs(device), [device], []);
  const placeList = useLive(() => allPlaces(device), [device], []);
  const places = new Map(placeList.map((place) => [place.id, place]));
  const roots = orgs.filter((org) => !org.parentId || !orgs.some((other) => other.id === org.parentId));
  const orgOf = (placeId: string | null | undefined) => orgs.find((org) => org.placeId === placeId);
  const missing = placeList.filter((place) => LEVEL_OF_KIND[place.kind] && !orgOf(place.id));
  const create = (place: PlaceRecord) => {
    const level = LEVEL_OF_KIND[place.kind] as PartyOrgLevel;
    const parentPlace =
      place.kind === 'building' ? (place.parentId ?? null) : place.kind === 'compound' ? place.parentId : null;
    const parent = orgOf(parentPlace) ?? (place.kind === 'building' ? orgOf(place.communityId) : undefined);
    const compound = place.parentId ? places.get(place.parentId) : undefined;
    const prefix = place.kind === 'building' && compound?.kind === 'compound' ? compound.name : '';
    void createPartyOrg(device, {
      level,
      name: `${prefix}${place.name}${SUFFIX[level]}`,
      parentId: parent?.id ?? null,
      placeId: place.id,
    }).then(requestSync);
  };
  return (
    <>
      <h1>{t('deskParty')}</h1>
      <div class="panes">
        <section class="pane wide" aria-label={t('orgTree')} data-testid="org-tree">
          <ul class="org-tree">
            {roots.map((org) => (
              <OrgNode key={org.id} org={org} orgs={orgs} places={places} />
            ))}
          </ul>
        </section>
        {missing.length > 0 && (
          <section class="pane" aria-labelledby="org-missing">
            <h2 id="org-missing">{t('orgMissing')}</h2>
            <ul class="plain">
              {missing.map((place) => (
                <li key={place.id}>
                  <button type="button" class="button" onClick={() => create(place)}>
                    {t('orgCreateFor', {
                      place: place.name,
                      level: term('orgLevel', LEVEL_OF_KIND[place.kind] as PartyOrgLevel),
                    })}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </>
  );
}
