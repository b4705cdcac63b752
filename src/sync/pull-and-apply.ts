/** Pulls pages after the stored cursor, applying each as it comes, until nothing more remains. */
import { applyServerChanges, pullCursor } from '../db/apply-server-changes.ts';
import type { Device } from '../db/write.ts';
import type { Transport } from './transport.ts';

export const PULL_PAGE = 1000;
/** Bounds one sync's pulling (5 million changes); the next sync carries on from the cursor. */
const MAX_PAGES = 5000;

export async function pullAndApply(
  device: Device,
  transport: Transport,
  onPage?: (pulled: number, hasMore: boolean) => void,
): Promise<number> {
  let pulled = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await transport.pull(await pullCursor(device), PULL_PAGE);
    await applyServerChanges(device, response);
    pulled += response.changes.length;
    onPage?.(pulled, response.hasMore);
    if (!response.hasMore) break;
  }
  return pulled;
}
