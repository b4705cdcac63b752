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
  let next = transport.pull(await pullCursor(device), PULL_PAGE);
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await next;
    // The following page is asked for while this one is written: the server's and the network's
    // time overlap IndexedDB's. Pages are still written one after another, each with its cursor;
    // should this one fail, the following is dropped unread and the next sync starts here.
    const following = response.hasMore && page + 1 < MAX_PAGES ? transport.pull(response.cursor, PULL_PAGE) : null;
    following?.catch(() => {});
    await applyServerChanges(device, response);
    pulled += response.changes.length;
    onPage?.(pulled, response.hasMore);
    if (!following) break;
    next = following;
  }
  return pulled;
}
