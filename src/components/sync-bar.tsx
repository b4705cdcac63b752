/**
 * Always on screen: online or not, how many changes wait to sync, when the last sync succeeded,
 * a progress bar during a long sync, failures in words a grid worker understands, and whether
 * the browser refused persistent storage.
 */
import { useEffect, useState } from 'preact/hooks';
import { type SyncFailure, syncStatus } from '../db/device-state.ts';
import { useLive } from '../db/live.ts';
import { refusedCount, unsyncedCount } from '../db/outbox.ts';
import { photosWaiting } from '../db/photos.ts';
import type { MessageKey } from '../i18n/catalogue.ts';
import { useI18n } from '../i18n/index.ts';
import { storageRunningLow, useStorageState } from '../pwa/storage.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';
import { onSyncMessage } from '../sync/messages.ts';

const FAILURE_TEXT: Record<SyncFailure, MessageKey> = {
  offline: 'failOffline',
  unauthenticated: 'failUnauthenticated',
  clock_skew: 'failClockSkew',
  server: 'failServer',
  busy: 'failBusy',
};

/**
 * Whether the server can be reached: the browser's word and, when it says online, a look at
 * /api/health (on start, on `online`, when the app comes back into view), and each sync's outcome.
 * A browser may say online on Wi-Fi with no way out, in a stairwell, and Chromium says online on a
 * page reloaded while offline.
 */
function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    let asked = 0;
    const check = () => {
      const ask = ++asked;
      if (!navigator.onLine) {
        setOnline(false);
        return;
      }
      fetch('/api/health', { cache: 'no-store', signal: AbortSignal.timeout(10_000) }).then(
        () => ask === asked && setOnline(true),
        () => ask === asked && setOnline(false),
      );
    };
    const inView = () => document.visibilityState === 'visible' && check();
    const stopListening = onSyncMessage((message) => {
      if (message.type === 'sync-finished') setOnline(navigator.onLine);
      else if (message.type === 'sync-failed' && message.reason === 'offline') setOnline(false);
    });
    window.addEventListener('online', check);
    window.addEventListener('offline', check);
    document.addEventListener('visibilitychange', inView);
    // The network may have come or gone between the first render and this effect.
    check();
    return () => {
      stopListening();
      window.removeEventListener('online', check);
      window.removeEventListener('offline', check);
      document.removeEventListener('visibilitychange', inView);
    };
  }, []);
  return online;
}

interface Progress {
  phase: 'push' | 'pull';
  done: number;
}

function useSyncProgress(): Progress | null {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(
    () =>
      onSyncMessage((message) => {
        if (message.type === 'sync-started') setProgress({ phase: 'push', done: 0 });
        else if (message.type === 'sync-progress') setProgress({ phase: message.phase, done: message.done });
        else setProgress(null);
      }),
    [],
  );
  return progress;
}

export function SyncBar({ persisted }: { persisted: boolean | null }) {
  const { t, formatDate } = useI18n();
  const { device, requestSync } = useApp();
  const online = useOnline();
  const progress = useSyncProgress();
  const unsynced = useLive(() => unsyncedCount(device), [device], 0);
  const refused = useLive(() => refusedCount(device), [device], 0);
  const photos = useLive(() => photosWaiting(device), [device], 0);
  const storage = useStorageState();
  const meta = useLive(() => syncStatus(device), [device], { lastSyncAt: undefined, failure: undefined });
  const failure = meta.failure?.reason ?? (online ? null : 'offline');
  return (
    <section class="sync-bar" aria-live="polite" data-testid="sync-bar">
      <div class="sync-row">
        <span class={`dot ${online ? 'dot-on' : 'dot-off'}`} aria-hidden="true" />
        <span data-testid="online-state">{online ? t('online') : t('offline')}</span>
        <span
          class={unsynced > 0 || refused > 0 ? 'unsynced' : 'synced'}
          data-testid="unsynced-count"
          data-count={unsynced}
        >
          {unsynced > 0 ? t('unsynced', { count: unsynced }) : refused > 0 ? '' : t('allSynced')}
        </span>
        {refused > 0 && (
          <a class="refused-link" href={href({ name: 'notices' })} data-testid="refused-count" data-count={refused}>
            {t('refusedCount', { count: refused })}
          </a>
        )}
        {photos > 0 && <span data-testid="photos-waiting">{t('photosWaiting', { count: photos })}</span>}
        <span class="last-sync">
          {meta.lastSyncAt ? t('lastSync', { time: formatDate(meta.lastSyncAt, true) }) : t('neverSynced')}
        </span>
        {online && (
          <button type="button" class="link-button" onClick={requestSync}>
            {t('syncNow')}
          </button>
        )}
      </div>
      {progress && (
        <div class="progress" role="progressbar" aria-label={t('syncing')}>
          <div class="progress-indeterminate" />
          <span>
            {progress.phase === 'pull'
              ? t('syncReceived', { count: progress.done })
              : progress.done > 0
                ? t('syncSent', { count: progress.done })
                : t('syncing')}
          </span>
        </div>
      )}
      {failure && !progress && (unsynced > 0 || failure !== 'offline') && (
        <p class="sync-failure" data-testid="sync-failure">
          {t(FAILURE_TEXT[failure])}
        </p>
      )}
      {storage && storageRunningLow(storage) && (
        <p class="storage-warning" data-testid="storage-low">
          {t('storageLow', { free: Math.max(0, Math.round((storage.quota - storage.usage) / 1048576)) })}{' '}
          <a href={href({ name: 'settings' })}>{t('storageLowWhatToDo')}</a>
        </p>
      )}
      {persisted === false && (
        <p class="storage-warning" data-testid="storage-refused">
          {t('storageRefused')}
        </p>
      )}
    </section>
  );
}
