/** The conflict log: which edit replaced which, field by field, by whom; filterable. */
import { useState } from 'preact/hooks';
import { SYNC_TABLES, type SyncTable } from '../../shared/domain.ts';
import { useI18n } from '../i18n/index.ts';
import { conflicts, people } from './api.ts';
import { Failure, TableScroll, useRequest } from './common.tsx';

interface ConflictFilters {
  table?: string;
  userId?: string;
  from?: string;
  to?: string;
}

export function Conflicts() {
  const { t, term, fieldName, fieldValue, formatDate } = useI18n();
  const [filters, setFilters] = useState<ConflictFilters>({});
  const [draft, setDraft] = useState<ConflictFilters>({});
  const [loaded] = useRequest(() => conflicts(filters), [JSON.stringify(filters)]);
  const [users] = useRequest(() => people(), []);
  const set = (key: keyof ConflictFilters, value: string) => setDraft({ ...draft, [key]: value || undefined });
  return (
    <>
      <h1>{t('deskConflicts')}</h1>
      <form
        class="filters inline"
        aria-label={t('filtersLegend')}
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
        }}
      >
        <label>
          {t('conflictRecord')}
          <select value={draft.table ?? ''} onChange={(e) => set('table', e.currentTarget.value)}>
            <option value="">{t('anyValue')}</option>
            {SYNC_TABLES.map((table) => (
              <option key={table} value={table}>
                {term('table', table)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('conflictBy')}
          <select value={draft.userId ?? ''} onChange={(e) => set('userId', e.currentTarget.value)}>
            <option value="">{t('anyValue')}</option>
            {users.state === 'ready' &&
              users.value.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.displayName}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('fromDay')}
          <input type="date" value={draft.from ?? ''} onInput={(e) => set('from', e.currentTarget.value)} />
        </label>
        <label>
          {t('toDay')}
          <input type="date" value={draft.to ?? ''} onInput={(e) => set('to', e.currentTarget.value)} />
        </label>
        <button type="submit" class="button">
          {t('apply')}
        </button>
      </form>
      {loaded.state === 'failed' && <Failure error={loaded.error} t={t} />}
      {loaded.state === 'ready' && loaded.value.length === 0 && <p class="empty">{t('noConflicts')}</p>}
      {loaded.state === 'ready' && loaded.value.length > 0 && (
        <TableScroll label={t('deskConflicts')}>
          <table class="desk-table" data-testid="conflicts-table">
            <thead>
              <tr>
                <th scope="col">{t('conflictAt')}</th>
                <th scope="col">{t('conflictRecord')}</th>
                <th scope="col">{t('conflictField')}</th>
                <th scope="col">{t('conflictKept')}</th>
                <th scope="col">{t('conflictLost')}</th>
                <th scope="col">{t('conflictBy')}</th>
                <th scope="col">{t('conflictDevice')}</th>
              </tr>
            </thead>
            <tbody>
              {loaded.value.map((entry) => {
                const table = entry.table as SyncTable;
                return (
                  <tr key={entry.id}>
                    <td>{formatDate(entry.at, true)}</td>
                    <td>
                      {term('table', table)}{' '}
                      {entry.recordLabel || <span class="muted">{entry.recordId.slice(0, 8)}</span>}
                    </td>
                    <td>{fieldName(table, entry.field)}</td>
                    <td class="wrap">{fieldValue(table, entry.field, entry.kept.value)}</td>
                    <td class="wrap">{fieldValue(table, entry.field, entry.lost.value)}</td>
                    <td>{entry.userName}</td>
                    <td class="muted">{entry.deviceId}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
