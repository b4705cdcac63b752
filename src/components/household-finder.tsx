/**
 * Find a household by name, pinyin, initials or address, offline. Results name the compound when
 * the same room number exists in several compounds.
 */
import { useMemo, useState } from 'preact/hooks';
import { householdsById } from '../db/households.ts';
import { useLive } from '../db/live.ts';
import { useI18n } from '../i18n/index.ts';
import { useHouseholdSearch } from '../search/use-household-search.ts';
import { useApp } from '../session.ts';
import { HouseholdRow } from './household-row.tsx';
import { VirtualList } from './virtual-list.tsx';

const ROW_HEIGHT = 76;

export function HouseholdFinder() {
  const { t } = useI18n();
  const { device } = useApp();
  const finder = useHouseholdSearch(device);
  const [query, setQuery] = useState('');
  const results = useMemo(() => (query.trim() ? finder.search(query, 5000) : []), [finder, query]);
  const records = useLive(
    () =>
      householdsById(
        device,
        results.map((doc) => doc.id),
      ),
    [device, results],
    new Map(),
  );
  const shown = results.flatMap((doc) => {
    const household = records.get(doc.id);
    return household ? [{ doc, household }] : [];
  });
  return (
    <search class="search">
      <input
        type="search"
        placeholder={t('search')}
        aria-label={t('search')}
        value={query}
        data-testid="household-search"
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      {query.trim() && !finder.pinyinReady && <p class="hint">{t('pinyinLoading')}</p>}
      {query.trim() && results.length === 0 && <p class="empty">{t('noResults')}</p>}
      {shown.length > 0 && (
        <VirtualList
          items={shown}
          rowHeight={ROW_HEIGHT}
          testId="search-results"
          label={t('searchResults', { count: results.length })}
          keyOf={({ doc }) => doc.id}
          renderRow={({ doc, household }) => (
            <HouseholdRow household={household} {...(finder.repeated.has(doc.roomNo) ? { place: doc.compound } : {})} />
          )}
        />
      )}
    </search>
  );
}
