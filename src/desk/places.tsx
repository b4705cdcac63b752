/**
 * The place tree, as an administrator keeps it: community → compounds → buildings → units, and
 * grids with the buildings they hold. Every change is a sync record written on this device and
 * pushed like any other (the server lets only administrators write places, and re-derives the
 * place ids of everything below a moved place).
 */
import { useState } from 'preact/hooks';
import type { PlaceKind } from '../../shared/domain.ts';
import { useLive } from '../db/live.ts';
import { allPlaces, createPlace, movePlace, type PlaceRecord, renamePlace, retirePlace } from '../db/places.ts';
import { WriteError } from '../db/write.ts';
import { useI18n } from '../i18n/index.ts';
import { useApp } from '../session.ts';

const CHILD_KINDS: Record<PlaceKind, PlaceKind[]> = {
  community: ['compound', 'building', 'grid'],
  compound: ['building', 'grid'],
  building: ['unit'],
  unit: [],
  grid: [],
};
const PARENT_KINDS: Record<PlaceKind, PlaceKind[]> = {
  community: [],
  compound: ['community'],
  building: ['compound', 'community'],
  grid: ['compound', 'community'],
  unit: ['building'],
};

function childrenOf(places: PlaceRecord[], id: string): PlaceRecord[] {
  return places.filter((place) => place.parentId === id);
}

function TreeNode({
  place,
  places,
  selected,
  onSelect,
}: {
  place: PlaceRecord;
  places: PlaceRecord[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const { term, t } = useI18n();
  const children = childrenOf(places, place.id);
  const buildings = place.kind === 'grid' ? places.filter((p) => p.kind === 'building' && p.gridId === place.id) : [];
  return (
    <li>
      <button
        type="button"
        class={`tree-item${selected === place.id ? ' current' : ''}`}
        aria-pressed={selected === place.id}
        onClick={() => onSelect(place.id)}
      >
        <span class="kind">{term('placeKind', place.kind)}</span> {place.name}
        {place.syncState === 'pending' && <span class="muted"> · {t('statePending')}</span>}
      </button>
      {buildings.length > 0 && (
        <span class="tree-note">{t('buildingsInGrid', { names: buildings.map((b) => b.name).join('、') })}</span>
      )}
      {children.length > 0 && (
        <ul>
          {children.map((child) => (
            <TreeNode key={child.id} place={child} places={places} selected={selected} onSelect={onSelect} />
          ))}
        </ul>
      )}
    </li>
  );
}

function PlaceEditor({
  place,
  places,
  onDone,
}: {
  place: PlaceRecord;
  places: PlaceRecord[];
  onDone: (id: string | null) => void;
}) {
  const { t, term, problem } = useI18n();
  const { device, requestSync } = useApp();
  const [name, setName] = useState(place.name);
  const kinds = CHILD_KINDS[place.kind];
  const [childKind, setChildKind] = useState<PlaceKind | undefined>(kinds[0]);
  const [childName, setChildName] = useState('');
  const [parentId, setParentId] = useState(place.parentId ?? '');
  const [gridId, setGridId] = useState(place.gridId ?? '');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const parents = places.filter((p) => PARENT_KINDS[place.kind].includes(p.kind) && p.id !== place.id);
  const grids = places.filter((p) => p.kind === 'grid');

  const save = async (write: () => Promise<unknown>, then?: string | null) => {
    try {
      await write();
      requestSync();
      setMessage({ ok: true, text: t('changeSaved') });
      if (then !== undefined) onDone(then);
    } catch (error) {
      const first = error instanceof WriteError ? error.problems[0] : undefined;
      setMessage({ ok: false, text: first ? problem('places', first) : t('errorServer') });
    }
  };

  return (
    <section class="pane editor" aria-labelledby="place-editor-title">
      <h2 id="place-editor-title">
        {term('placeKind', place.kind)} · {place.name}
      </h2>
      {message && (
        <p class={message.ok ? 'desk-ok' : 'desk-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <form
        class="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save(() => renamePlace(device, place.id, name));
        }}
      >
        <label>
          {t('placeName')}
          <input value={name} maxLength={50} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button">
          {t('rename')}
        </button>
      </form>
      {kinds.length > 0 && childKind && (
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save(async () => {
              await createPlace(device, { kind: childKind, name: childName, parentId: place.id });
              setChildName('');
            });
          }}
        >
          <label>
            {t('addChild')}
            <select value={childKind} onChange={(e) => setChildKind(e.currentTarget.value as PlaceKind)}>
              {kinds.map((kind) => (
                <option key={kind} value={kind}>
                  {term('placeKind', kind)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('childName', { kind: term('placeKind', childKind) })}
            <input value={childName} maxLength={50} onInput={(e) => setChildName(e.currentTarget.value)} />
          </label>
          <button type="submit" class="button">
            {t('addChildKind', { kind: term('placeKind', childKind) })}
          </button>
        </form>
      )}
      {place.kind !== 'community' && (
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void save(() =>
              movePlace(device, place.id, {
                ...(parentId !== place.parentId ? { parentId } : {}),
                ...(place.kind === 'building' ? { gridId: gridId || null } : {}),
              }),
            );
          }}
        >
          <label>
            {t('moveTo')}
            <select value={parentId} onChange={(e) => setParentId(e.currentTarget.value)}>
              {parents.map((parent) => (
                <option key={parent.id} value={parent.id}>
                  {term('placeKind', parent.kind)} · {parent.name}
                </option>
              ))}
            </select>
          </label>
          {place.kind === 'building' && (
            <label>
              {t('moveGrid')}
              <select value={gridId} onChange={(e) => setGridId(e.currentTarget.value)}>
                <option value="">{t('noGrid')}</option>
                {grids.map((grid) => (
                  <option key={grid.id} value={grid.id}>
                    {grid.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" class="button">
            {t('move')}
          </button>
        </form>
      )}
      {place.kind !== 'community' && (
        <button
          type="button"
          class="button danger"
          onClick={() => {
            if (window.confirm(t('retireConfirm', { name: place.name })))
              void save(() => retirePlace(device, place.id), null);
          }}
        >
          {t('retire')}
        </button>
      )}
    </section>
  );
}

export function Places() {
  const { t } = useI18n();
  const { device } = useApp();
  const places = useLive(() => allPlaces(device), [device], []);
  const [selected, setSelected] = useState<string | null>(null);
  const roots = places.filter((place) => place.kind === 'community');
  const place = places.find((p) => p.id === selected);
  return (
    <>
      <h1>{t('deskPlaces')}</h1>
      <div class="panes">
        <section class="pane tree" aria-label={t('placeTree')} data-testid="place-tree">
          <ul>
            {roots.map((root) => (
              <TreeNode
                key={root.id}
                place={root}
                places={places}
                selected={selected}
                onSelect={(id) => {
                  setSelected(id);
                  // On a phone the editor sits above the tree: bring it into view.
                  if (!window.matchMedia('(min-width: 1024px)').matches) window.scrollTo({ top: 0 });
                }}
              />
            ))}
          </ul>
        </section>
        {place ? (
          <PlaceEditor key={place.id} place={place} places={places} onDone={setSelected} />
        ) : (
          <section class="pane editor">
            <p class="empty">{t('selectPlace')}</p>
          </section>
        )}
      </div>
    </>
  );
}
