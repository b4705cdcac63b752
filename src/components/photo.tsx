/** A photo by its hash: from the device if it was taken here, else from the server when online. */
import { useEffect, useState } from 'preact/hooks';
import { photoBlob } from '../db/photos.ts';
import { useI18n } from '../i18n/index.ts';
import { useApp } from '../session.ts';

export function Photo({ hash, index }: { hash: string; index: number }) {
  const { t } = useI18n();
  const { device } = useApp();
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    void photoBlob(device, hash).then((blob) => {
      if (!live) return;
      url = blob ? URL.createObjectURL(blob) : null;
      setSrc(url ?? `/api/blobs/${hash}`);
    });
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [device, hash]);
  if (!src) return <span class="photo placeholder" />;
  return (
    <a href={src} target="_blank" rel="noreferrer" class="photo">
      <img src={src} alt={t('photoNumber', { number: index + 1 })} loading="lazy" data-hash={hash} />
    </a>
  );
}

export function Photos({ hashes }: { hashes: readonly string[] | undefined }) {
  if (!hashes || hashes.length === 0) return null;
  return (
    <span class="photos">
      {hashes.map((hash, index) => (
        <Photo key={hash} hash={hash} index={index} />
      ))}
    </span>
  );
}
