/**
 * Take or pick photos for a record: each is compressed in a worker and kept on the device at once
 * (so it shows at once and survives a reload); the form gets their hashes. At most `max`.
 */
import * as Comlink from 'comlink';
import { useState } from 'preact/hooks';
import { keepPhoto } from '../db/photos.ts';
import { useI18n } from '../i18n/index.ts';
import type { PhotoWorkerApi } from '../photos/photo-worker.ts';
import { useApp } from '../session.ts';
import { Photo } from './photo.tsx';

let worker: Comlink.Remote<PhotoWorkerApi> | undefined;

function photoWorker(): Comlink.Remote<PhotoWorkerApi> {
  worker ??= Comlink.wrap<PhotoWorkerApi>(
    new Worker(new URL('../photos/photo-worker.ts', import.meta.url), { type: 'module', name: 'photos' }),
  );
  return worker;
}

export function usePhotoPicker(max: number) {
  const { device } = useApp();
  const [hashes, setHashes] = useState<string[]>([]);
  const [busy, setBusy] = useState(0);
  const [failed, setFailed] = useState(0);
  const [tooMany, setTooMany] = useState(false);
  const [work] = useState(() => new Set<Promise<void>>());

  const add = (files: FileList | null) => {
    const chosen = Array.from(files ?? []);
    const room = max - hashes.length - busy;
    setTooMany(chosen.length > room);
    for (const file of chosen.slice(0, Math.max(0, room))) {
      setBusy((n) => n + 1);
      const job = photoWorker()
        .compress(file)
        .then(({ blob, hash }) => keepPhoto(device, blob, hash))
        .then((hash) => setHashes((current) => (current.includes(hash) ? current : [...current, hash])))
        .catch(() => setFailed((n) => n + 1))
        .finally(() => {
          setBusy((n) => n - 1);
          work.delete(job);
        });
      work.add(job);
    }
  };
  return {
    hashes,
    busy,
    failed,
    tooMany,
    add,
    remove: (hash: string) => setHashes((current) => current.filter((other) => other !== hash)),
    settled: async () => {
      await Promise.all([...work]);
    },
  };
}

export function PhotoPicker({ picker, max }: { picker: ReturnType<typeof usePhotoPicker>; max: number }) {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>
        {t('photos')} ({picker.hashes.length}/{max})
      </legend>
      <div class="photos editable" data-testid="photo-previews">
        {picker.hashes.map((hash, index) => (
          <span key={hash} class="photo-slot">
            <Photo hash={hash} index={index} />
            <button type="button" class="link-button" onClick={() => picker.remove(hash)}>
              {t('removePhoto')}
            </button>
          </span>
        ))}
      </div>
      {picker.busy > 0 && <p class="hint">{t('compressingPhotos', { count: picker.busy })}</p>}
      {picker.failed > 0 && <p class="form-error">{t('photoFailed', { count: picker.failed })}</p>}
      {picker.tooMany && <p class="form-error">{t('tooManyPhotos', { max })}</p>}
      {picker.hashes.length + picker.busy < max && (
        <label class="button secondary file-button">
          + {t('addPhotos')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            class="visually-hidden"
            data-testid="photo-input"
            onChange={(e) => {
              picker.add(e.currentTarget.files);
              e.currentTarget.value = '';
            }}
          />
        </label>
      )}
    </fieldset>
  );
}
