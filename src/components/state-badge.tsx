import type { SyncTable } from '../../shared/domain.ts';
import type { LocalRecord, SyncState } from '../db/database.ts';
import { useI18n } from '../i18n/index.ts';

const KEY = { pending: 'statePending', synced: 'stateSynced', rejected: 'stateRejected' } as const;

/** A record's sync state, in words, on every row the user wrote. */
export function StateBadge({ state }: { state: SyncState }) {
  const { t } = useI18n();
  return (
    <span class={`badge badge-${state}`} data-sync-state={state}>
      {t(KEY[state])}
    </span>
  );
}

/**
 * Why the server refused a record, said on the record itself (a phone shows no tooltips), in the
 * user's words: never the server's developer message.
 */
export function Refusal<T extends SyncTable>({ table, record }: { table: T; record: LocalRecord<T> }) {
  const { refusal } = useI18n();
  if (record.syncState !== 'rejected' || !record.rejection) return null;
  return (
    <span class="refusal" role="note" data-testid="refusal">
      {refusal(record.rejection, table, record as unknown as Record<string, unknown>)}
    </span>
  );
}
