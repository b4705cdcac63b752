/**
 * This phone's settings: when a household counts as due, how storage stands, and, as a last
 * resort when the phone's storage is failing, the unsynced changes written to a file and read back
 * on this or another phone.
 */
import { useEffect, useState } from 'preact/hooks';
import { getPreference, putPreference } from '../db/device.ts';
import { useLive } from '../db/live.ts';
import { unsyncedCount } from '../db/outbox.ts';
import { exportOutbox, importOutbox, OutboxFileError } from '../db/outbox-file.ts';
import { DEFAULT_DUE_DAYS, localDay } from '../db/round.ts';
import { useI18n } from '../i18n/index.ts';
import { useStorageState } from '../pwa/storage.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

const MB = 1024 * 1024;

/** 2 MB, 10 GB: the size a person reads at a glance. */
function size(bytes: number): string {
  return bytes >= 1024 * MB ? `${(bytes / (1024 * MB)).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / MB))} MB`;
}

function OutboxFiles() {
  const { t } = useI18n();
  const { device, user, requestSync } = useApp();
  const unsynced = useLive(() => unsyncedCount(device), [device], 0);
  const [message, setMessage] = useState<string | null>(null);

  const save = async () => {
    const file = await exportOutbox(device);
    const url = URL.createObjectURL(new Blob([JSON.stringify(file)], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `gridwork-outbox-${localDay(Date.now())}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setMessage(t('outboxSaved', { count: file.entries.length }));
  };

  const read = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    try {
      const added = await importOutbox(device, JSON.parse(await file.text()) as unknown, user.id);
      setMessage(t('outboxRead', { count: added }));
      requestSync();
    } catch (failure) {
      if (failure instanceof OutboxFileError && failure.reason === 'other_user') setMessage(t('outboxOtherUser'));
      else setMessage(t('outboxNotAFile'));
    }
  };

  return (
    <section>
      <h2>{t('outboxFileTitle')}</h2>
      <p class="hint">{t('outboxFileWhy')}</p>
      <button
        type="button"
        class="secondary"
        onClick={() => void save()}
        disabled={unsynced === 0}
        data-testid="save-outbox"
      >
        {t('saveOutbox', { count: unsynced })}
      </button>
      <label class="button secondary file-button">
        {t('readOutbox')}
        <input
          type="file"
          accept="application/json,.json"
          class="visually-hidden"
          data-testid="read-outbox"
          onChange={(e) => {
            void read(e.currentTarget.files);
            e.currentTarget.value = '';
          }}
        />
      </label>
      {message && (
        <p class="notice-box" role="status" data-testid="outbox-file-message">
          {message}
        </p>
      )}
    </section>
  );
}

export function Settings() {
  const { t } = useI18n();
  const storage = useStorageState();
  const [days, setDays] = useState(DEFAULT_DUE_DAYS);
  useEffect(() => {
    void getPreference('dueDays').then((stored) => stored && setDays(stored));
  }, []);
  return (
    <main>
      <a class="back" href={href({ name: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{t('settings')}</h1>
      <label>
        {t('dueAfterDays')}
        <input
          name="dueDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          value={days}
          onChange={(e) => {
            const value = Math.min(365, Math.max(1, Number(e.currentTarget.value) || DEFAULT_DUE_DAYS));
            setDays(value);
            void putPreference('dueDays', value);
          }}
        />
      </label>
      {storage && storage.quota > 0 && (
        <p data-testid="storage-use">{t('storageUse', { used: size(storage.usage), total: size(storage.quota) })}</p>
      )}
      <OutboxFiles />
    </main>
  );
}
