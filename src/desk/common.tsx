/** What the desk pages share: a server refusal in words, loading a request's answer, place names. */
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { PlaceRecord } from '../db/places.ts';
import { type Translator, useI18n } from '../i18n/index.ts';
import { OfflineError, ServerError } from '../sync/transport.ts';

/** A failed desk request as a sentence for the person at the desk, never the server's own words. */
export function errorWords(error: unknown, t: Translator['t'], fieldName = (field: string) => field): string {
  if (error instanceof OfflineError) return t('errorOffline');
  if (!(error instanceof ServerError)) return t('errorServer');
  switch (error.code) {
    case 'unauthenticated':
      return t('errorSession');
    case 'forbidden':
      return t('errorForbidden');
    case 'not_found':
      return t('errorNotFound');
    case 'conflict':
      return error.field === 'username' ? t('errorTaken') : t('errorSelf');
    case 'too_large':
      return t('errorTooLarge');
    case 'unsupported_media_type':
      return t('errorFileType');
    case 'invalid':
      return error.field === 'file' ? t('errorUnreadable') : t('errorInvalid', { field: fieldName(error.field ?? '') });
    default:
      return t('errorServer');
  }
}

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: unknown };

/**
 * The answer to a request, asked again whenever one of `deps` changes; stale answers are dropped.
 * It is loading from the very render in which `deps` change: an answer to the request before is
 * never shown under what changed (a table's new order over its old rows).
 */
export function useRequest<T>(request: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [round, setRound] = useState(0);
  const asked = useMemo(() => ({}), [...deps, round]);
  const [answer, setAnswer] = useState<{ asked: object; loaded: Loaded<T> } | null>(null);
  useEffect(() => {
    let current = true;
    request().then(
      (value) => current && setAnswer({ asked, loaded: { state: 'ready', value } }),
      (error: unknown) => current && setAnswer({ asked, loaded: { state: 'failed', error } }),
    );
    return () => {
      current = false;
    };
  }, [asked]);
  return [answer?.asked === asked ? answer.loaded : { state: 'loading' }, () => setRound((n) => n + 1)];
}

/** Today in China Standard Time, YYYY-MM-DD. */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** "和平里小区 3号楼": a place under the compound it belongs to. */
export function placeLabel(places: Map<string, PlaceRecord>, id: string | null | undefined): string {
  const place = id ? places.get(id) : undefined;
  if (!place) return '';
  const parent = place.parentId ? places.get(place.parentId) : undefined;
  return parent && parent.kind !== 'community' ? `${parent.name} ${place.name}` : place.name;
}

export function Failure({ error, t }: { error: unknown; t: Translator['t'] }) {
  return (
    <p class="desk-error" role="alert">
      {errorWords(error, t)}
    </p>
  );
}

/** A wide table that scrolls sideways on its own, reachable and scrollable by keyboard. */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take keyboard focus to scroll (WCAG 2.1.1; axe scrollable-region-focusable)
    <section class="table-scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

/** A period picker (two days) that asks again on every apply: figures move as phones sync. */
export function useRange(defaults: { from: string; to: string }) {
  const [range, setRange] = useState(defaults);
  const [draft, setDraft] = useState(defaults);
  const [round, setRound] = useState(0);
  const apply = () => {
    setRange(draft);
    setRound((n) => n + 1);
  };
  return { range, draft, setDraft, round, apply };
}

export function RangeForm({ state }: { state: ReturnType<typeof useRange> }) {
  const { t } = useI18n();
  const { draft, setDraft, apply } = state;
  return (
    <form
      class="filters"
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      <label>
        {t('fromDay')}
        <input
          type="date"
          value={draft.from}
          max={draft.to}
          onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
        />
      </label>
      <label>
        {t('toDay')}
        <input
          type="date"
          value={draft.to}
          min={draft.from}
          onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
        />
      </label>
      <button type="submit" class="button">
        {t('apply')}
      </button>
    </form>
  );
}
