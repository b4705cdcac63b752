/**
 * Compresses a photo off the main thread: long edge at most 1600 px, JPEG of about 200 KB, turned
 * the way the camera held it. Answers the bytes and their SHA-256, the photo's name everywhere.
 */
import * as Comlink from 'comlink';

const LONG_EDGE = 1600;
const TARGET_BYTES = 200 * 1024;
const QUALITIES = [0.82, 0.72, 0.62, 0.52, 0.42];

async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const api = {
  async compress(file: Blob): Promise<{ blob: Blob; hash: string; width: number; height: number }> {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, LONG_EDGE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d canvas in this browser');
    context.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    let blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITIES[0] });
    for (const quality of QUALITIES.slice(1)) {
      if (blob.size <= TARGET_BYTES) break;
      blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    }
    return { blob, hash: await sha256Hex(blob), width, height };
  },
};

export type PhotoWorkerApi = typeof api;

Comlink.expose(api);
