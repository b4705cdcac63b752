/**
 * Every synced record of the community, one table at a time: filters by place, worker, days,
 * category, state and care tag, sorting by a column, pages of 50, and an export of exactly what
 * the filters select (to XLSX or CSV, with progress).
 */
import type { ComponentChild } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { BROWSE_TABLES, type BrowseFilters, type BrowseRow, type BrowseTable } from '../../shared/desk-messages.ts';
import { CARE_TAGS, ISSUE_CATEGORIES, VISIT_PURPOSES } from '../../shared/domain.ts';
import { ISSUE_STATUSES } from '../../shared/issue-lifecycle.ts';
import { useLive } from '../db/live.ts';
import { allPlaces } from '../db/places.ts';
import { useI18n } from '../i18n/index.ts';
import { useApp } from '../session.ts';
import { browseList, downloadExport, type ExportProgress, people } from './api.ts';
import { errorWords, Failure, TableScroll, useRequest } from './common.tsx';

const PAGE_SIZE = 50;
type Filters = Partial<BrowseFilters>;

interface Column {
  header: string;
  sort?: string;
  /** Long text that wraps (needs, titles) rather than widening the table. */
  wrap?: boolean;
  cell(row: BrowseRow): ComponentChild;
}

function useColumns(table: BrowseTable): Column[] {
  const { fieldName, fieldValue, formatDate } = useI18n();
  const value = (field: string) => (row: BrowseRow) => fieldValue(table, field, row.record[field]);
  const field = (name: string, sortable = false): Column => ({
    header: fieldName(table, name),
    ...(sortable ? { sort: name } : {}),
    cell: value(name),
  });
  const label = (header: string, key: string): Column => ({ header, cell: (row) => row.labels[key] ?? '' });
  const place: Column = {
    header: fieldName('households', 'buildingId'),
    cell: (row) => [row.labels.compound, row.labels.building].filter(Boolean).join(' '),
  };
  const grid = label(fieldName('places', 'gridId'), 'grid');
  const time = (name: string): Column => ({
    header: fieldName(table, name),
    sort: name,
    cell: (row) => formatDate(String(row.record[name]), true),
  });
  switch (table) {
    case 'households':
      return [
        place,
        label(fieldName('households', 'unitId'), 'unit'),
        field('roomNo', true),
        field('headName', true),
        field('phone'),
        field('memberCount', true),
        { ...field('tags'), sort: 'care' },
        grid,
      ];
    case 'residents':
      return [
        label(fieldName('residents', 'householdId'), 'household'),
        field('name', true),
        field('relation', true),
        field('phone'),
        field('birthYear', true),
        field('tags'),
      ];
    case 'visits':
      return [
        time('visitedAt'),
        label(fieldName('visits', 'householdId'), 'household'),
        place,
        grid,
        field('purpose', true),
        label(fieldName('visits', 'visitorId'), 'visitor'),
        {
          header: fieldName('visits', 'needs'),
          wrap: true,
          cell: (row) =>
            ((row.record.needs as { text: string }[] | undefined) ?? []).map((need) => need.text).join('；'),
        },
        field('tags'),
      ];
    case 'issues':
      return [
        time('reportedAt'),
        place,
        field('category', true),
        {
          header: fieldName('issues', 'title'),
          sort: 'title',
          // The issue page (#/issue/<id>) is where an issue is worked.
          cell: (row) => <a href={`#/issue/${String(row.record.id)}`}>{String(row.record.title)}</a>,
        },
        field('status', true),
        label(fieldName('issues', 'reporterId'), 'reporter'),
        label(fieldName('issues', 'assigneeId'), 'assignee'),
      ];
    default:
      return [
        field('name', true),
        field('phone'),
        label(fieldName('partyMembers', 'orgId'), 'org'),
        field('kind', true),
        field('groupRole', true),
        field('volunteerHours', true),
      ];
  }
}

function initialFilters(query: string | undefined): Filters {
  const filters: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query ?? '')) filters[key] = value;
  return filters as Filters;
}

function FilterForm({
  table,
  filters,
  onApply,
}: {
  table: BrowseTable;
  filters: Filters;
  onApply: (f: Filters) => void;
}) {
  const { t, term, fieldName } = useI18n();
  const { device } = useApp();
  const places = useLive(() => allPlaces(device), [device], []);
  const [workers] = useRequest(() => people(), []);
  const [draft, setDraft] = useState<Filters>(filters);
  const set = (key: keyof Filters, value: string) => setDraft({ ...draft, [key]: value || undefined });
  const select = (key: keyof Filters, label: string, options: [string, string][]) => (
    <label>
      {label}
      <select value={(draft[key] as string | undefined) ?? ''} onChange={(e) => set(key, e.currentTarget.value)}>
        <option value="">{t('anyValue')}</option>
        {options.map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
  const ofKind = (kind: string) =>
    places
      .filter((place) => place.kind === kind)
      .map((place): [string, string] => {
        const parent = places.find((p) => p.id === place.parentId);
        return [place.id, parent && parent.kind === 'compound' ? `${parent.name} ${place.name}` : place.name];
      });
  const timed = table === 'visits' || table === 'issues';
  const tagged = table === 'households' || table === 'residents' || table === 'visits';
  const workerOptions: [string, string][] =
    workers.state === 'ready'
      ? workers.value
          .filter((p) => p.role === 'grid_worker' || p.role === 'supervisor')
          .map((p) => [p.id, p.displayName])
      : [];
  return (
    <form
      class="filters"
      aria-label={t('filtersLegend')}
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
    >
      {select('compoundId', term('placeKind', 'compound'), ofKind('compound'))}
      {select('buildingId', term('placeKind', 'building'), ofKind('building'))}
      {select('gridId', term('placeKind', 'grid'), ofKind('grid'))}
      {timed && select('workerId', table === 'visits' ? t('worker') : fieldName('issues', 'assigneeId'), workerOptions)}
      {timed && (
        <>
          <label>
            {t('fromDay')}
            <input type="date" value={draft.from ?? ''} onInput={(e) => set('from', e.currentTarget.value)} />
          </label>
          <label>
            {t('toDay')}
            <input type="date" value={draft.to ?? ''} onInput={(e) => set('to', e.currentTarget.value)} />
          </label>
        </>
      )}
      {table === 'visits' &&
        select(
          'purpose',
          fieldName('visits', 'purpose'),
          VISIT_PURPOSES.map((p) => [p, term('purpose', p)]),
        )}
      {table === 'issues' &&
        select(
          'category',
          fieldName('issues', 'category'),
          ISSUE_CATEGORIES.map((c) => [c, term('issueCategory', c)]),
        )}
      {table === 'issues' &&
        select(
          'status',
          fieldName('issues', 'status'),
          ISSUE_STATUSES.map((s) => [s, term('issueStatus', s)]),
        )}
      {tagged &&
        select(
          'tag',
          fieldName('households', 'tags'),
          CARE_TAGS.map((tag) => [tag, term('careTag', tag)]),
        )}
      {table === 'households' && select('notVisitedDays', t('figureNotVisited30'), [['30', t('figureNotVisited30')]])}
      <label>
        {t('words')}
        <input type="search" name="q" value={draft.q ?? ''} onInput={(e) => set('q', e.currentTarget.value)} />
      </label>
      <div class="filter-actions">
        <button type="submit" class="button primary-inline">
          {t('apply')}
        </button>
        <button
          type="button"
          class="button"
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          {t('clearFilters')}
        </button>
      </div>
    </form>
  );
}

function ExportButtons({ table, filters }: { table: BrowseTable; filters: Filters }) {
  const { t } = useI18n();
  const [progress, setProgress] = useState<(ExportProgress & { finished?: boolean }) | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const run = async (format: 'xlsx' | 'csv') => {
    setFailure(null);
    setProgress({ rows: 0, done: 0, bytes: 0 });
    try {
      let last: ExportProgress = { rows: 0, done: 0, bytes: 0 };
      await downloadExport(table, format, filters, (now) => {
        last = now;
        setProgress(now);
      });
      setProgress({ ...last, finished: true });
    } catch (error) {
      setProgress(null);
      setFailure(errorWords(error, t));
    }
  };
  const busy = progress !== null && !progress.finished;
  return (
    <div class="export" data-testid="export">
      <button type="button" class="button" disabled={busy} onClick={() => run('xlsx')}>
        {t('exportXlsx')}
      </button>
      <button type="button" class="button" disabled={busy} onClick={() => run('csv')}>
        {t('exportCsv')}
      </button>
      {progress && (
        <div class="export-progress" role="status">
          {progress.finished ? (
            <span data-testid="export-done">{t('exportDone', { rows: progress.rows })}</span>
          ) : (
            <>
              <progress
                max={progress.rows || 1}
                {...(progress.done !== null ? { value: progress.done } : {})}
                aria-label={t('exportXlsx')}
              />
              <span>
                {progress.done !== null
                  ? t('exporting', { done: progress.done, rows: progress.rows })
                  : t('exportingBytes', { rows: progress.rows, size: `${(progress.bytes / 1e6).toFixed(1)} MB` })}
              </span>
            </>
          )}
        </div>
      )}
      {failure && (
        <p class="desk-error" role="alert">
          {failure}
        </p>
      )}
    </div>
  );
}

export function Browse({ table: arg, search }: { table: string | undefined; search: string | undefined }) {
  const { t, term } = useI18n();
  const table = (BROWSE_TABLES as readonly string[]).includes(arg ?? '') ? (arg as BrowseTable) : 'visits';
  const start = useMemo(() => initialFilters(search), [arg, search]);
  const [filters, setFilters] = useState<Filters>(start);
  const [offset, setOffset] = useState(0);
  const columns = useColumns(table);
  const key = JSON.stringify([table, filters, offset]);
  const [loaded] = useRequest(() => browseList(table, { ...filters, offset, limit: PAGE_SIZE }), [key]);
  const sortBy = (column: string) => {
    const same = filters.sort === column;
    const order = same ? (filters.order === 'asc' ? 'desc' : 'asc') : /At$/.test(column) ? 'desc' : 'asc';
    setFilters({ ...filters, sort: column, order });
    setOffset(0);
  };
  return (
    <>
      <h1>{t('deskBrowse')}</h1>
      <nav class="tabs" aria-label={t('deskBrowse')}>
        {BROWSE_TABLES.map((name) => (
          <a
            key={name}
            href={`#/desk/browse/${name}`}
            class={name === table ? 'current' : undefined}
            aria-current={name === table ? 'page' : undefined}
            onClick={() => {
              setFilters({});
              setOffset(0);
            }}
          >
            {term('table', name)}
          </a>
        ))}
      </nav>
      <div class="browse-panes">
        <FilterForm
          key={table}
          table={table}
          filters={filters}
          onApply={(next) => {
            setFilters({ ...next, ...(filters.sort ? { sort: filters.sort, order: filters.order } : {}) });
            setOffset(0);
          }}
        />
        <section class="browse-list">
          <div class="list-bar">
            {loaded.state === 'ready' && (
              <span data-testid="browse-total">
                {loaded.value.total === 0
                  ? t('noRows')
                  : t('pageOf', {
                      from: offset + 1,
                      to: Math.min(offset + PAGE_SIZE, loaded.value.total),
                      total: loaded.value.total,
                    })}
              </span>
            )}
            <ExportButtons table={table} filters={filters} />
          </div>
          {loaded.state === 'failed' && <Failure error={loaded.error} t={t} />}
          <TableScroll label={term('table', table)}>
            <table class="desk-table" data-testid="browse-table" aria-busy={loaded.state === 'loading'}>
              <thead>
                <tr>
                  {columns.map((column) => {
                    const sorted = column.sort && filters.sort === column.sort;
                    return (
                      <th
                        key={column.header}
                        scope="col"
                        aria-sort={sorted ? (filters.order === 'desc' ? 'descending' : 'ascending') : undefined}
                      >
                        {column.sort ? (
                          <button
                            type="button"
                            class="sort"
                            title={t('sortBy', { column: column.header })}
                            onClick={() => sortBy(column.sort as string)}
                          >
                            {column.header}
                            {sorted ? (filters.order === 'desc' ? ' ↓' : ' ↑') : ''}
                          </button>
                        ) : (
                          column.header
                        )}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {loaded.state === 'ready' &&
                  loaded.value.rows.map((row) => (
                    <tr key={String(row.record.id)}>
                      {columns.map((column) => (
                        <td key={column.header} class={column.wrap ? 'wrap' : undefined}>
                          {column.cell(row)}
                        </td>
                      ))}
                    </tr>
                  ))}
              </tbody>
            </table>
          </TableScroll>
          {loaded.state === 'ready' && loaded.value.total > PAGE_SIZE && (
            <div class="pager">
              <button
                type="button"
                class="button"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
              >
                {t('previousPage')}
              </button>
              <button
                type="button"
                class="button"
                disabled={offset + PAGE_SIZE >= loaded.value.total}
                onClick={() => setOffset(offset + PAGE_SIZE)}
              >
                {t('nextPage')}
              </button>
            </div>
          )}
        </section>
      </div>
    </>
  );
}
