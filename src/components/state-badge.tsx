import type { SyncState } from '../db/database.ts';
import { useI18n } from '../i18n/index.ts';

const KEY = { pending: 'statePending', synced: 'stateSynced', rejected: 'stateRejected' } as const;

/** A record's sync state, in words, on every row the user wrote. */
export function StateBadge({ state, reason }: { state: SyncState; reason?: string }) {
  const { t } = useI18n();
  return (
    <span class={`badge badge-${state}`} title={reason} data-sync-state={state}>
      {t(KEY[state])}
    </span>
  );
}
