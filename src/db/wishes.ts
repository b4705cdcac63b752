/**
 * Micro-wishes (点亮微心愿) and what happens to them: recorded on a visit, claimed for a party
 * member or a co-building unit, fulfilled with a note and a photo, confirmed on the resident's
 * word. Every step is an event the server checks (a claim may lose the race to another phone's).
 */
import type { ClaimantKind } from '../../shared/domain.ts';
import type { ContentOf } from '../../shared/tables/index.ts';
import { applyWishAction, WISH_STATUSES, type WishAction, type WishStatus } from '../../shared/wish-lifecycle.ts';
import type { LocalRecord } from './database.ts';
import type { PartnerRecord } from './partners.ts';
import type { PartyMemberRecord } from './roster.ts';
import { createRecord, type Device, deviceNow, type RecordChange } from './write.ts';

export type WishRecord = LocalRecord<'wishes'>;
export type WishEventRecord = LocalRecord<'wishEvents'>;

/** The changes that record wishes heard on a visit: written with the visit, in its transaction. */
export function wishesOnVisit(
  visit: Pick<ContentOf<'visits'>, 'householdId' | 'visitorId' | 'visitedAt'> & { id: string },
  texts: readonly string[],
): RecordChange[] {
  return texts.map((text) => ({
    op: 'create',
    table: 'wishes',
    content: {
      householdId: visit.householdId,
      visitId: visit.id,
      text,
      recordedBy: visit.visitorId,
      recordedAt: visit.visitedAt,
      status: 'open',
    } satisfies ContentOf<'wishes'>,
  }));
}

/** A wish as it stands once this device's waiting events take effect (the server will check them). */
export interface WishView {
  wish: WishRecord;
  status: WishStatus;
  claimantKind: ClaimantKind | null;
  claimantId: string | null;
  claimedBy: string | null;
  /** Whether this device has events for it that the server has not answered yet. */
  pending: boolean;
}

/** Folds the device's waiting events over the wish as the server last sent it. Pure. */
export function viewOfWish(wish: WishRecord, events: readonly WishEventRecord[]): WishView {
  const view: WishView = {
    wish,
    status: wish.status,
    claimantKind: wish.claimantKind ?? null,
    claimantId: wish.claimantId ?? null,
    claimedBy: wish.claimedBy ?? null,
    pending: false,
  };
  const waiting = events.filter((event) => event.syncState === 'pending').sort((a, b) => a.at.localeCompare(b.at));
  for (const event of waiting) {
    view.pending = true;
    const outcome = applyWishAction(view.status, event.action);
    if (!outcome.ok) continue;
    view.status = outcome.to;
    if (event.action === 'claim') {
      Object.assign(view, { claimantKind: event.claimantKind ?? null, claimantId: event.claimantId ?? null });
      view.claimedBy = event.by;
    } else if (event.action === 'release') {
      Object.assign(view, { claimantKind: null, claimantId: null, claimedBy: null });
    }
  }
  return view;
}

async function viewsOf(device: Device, wishes: readonly WishRecord[]): Promise<WishView[]> {
  const ids = wishes.map((wish) => wish.id);
  const events = ids.length > 0 ? await device.db.wishEvents.where('wishId').anyOf(ids).toArray() : [];
  const byWish = new Map<string, WishEventRecord[]>();
  for (const event of events) byWish.set(event.wishId, [...(byWish.get(event.wishId) ?? []), event]);
  return wishes.map((wish) => viewOfWish(wish, byWish.get(wish.id) ?? []));
}

/** Open first, then claimed, fulfilled, confirmed; newest first within each. Pure. */
export function compareWishViews(a: WishView, b: WishView): number {
  const state = WISH_STATUSES.indexOf(a.status) - WISH_STATUSES.indexOf(b.status);
  return state !== 0 ? state : b.wish.recordedAt.localeCompare(a.wish.recordedAt);
}

/** Every wish this device holds (the user's place), as it will stand. */
export async function allWishes(device: Device): Promise<WishView[]> {
  const wishes = (await device.db.wishes.toArray()).filter((wish) => !wish.deleted);
  return (await viewsOf(device, wishes)).sort(compareWishViews);
}

export async function wishesOfHousehold(device: Device, householdId: string): Promise<WishView[]> {
  const wishes = await device.db.wishes.where('householdId').equals(householdId).toArray();
  return (
    await viewsOf(
      device,
      wishes.filter((wish) => !wish.deleted),
    )
  ).sort(compareWishViews);
}

export async function wishView(device: Device, id: string): Promise<WishView | undefined> {
  const wish = await device.db.wishes.get(id);
  return wish && !wish.deleted ? (await viewsOf(device, [wish]))[0] : undefined;
}

/** A wish's events, newest first. */
export async function eventsOfWish(device: Device, wishId: string): Promise<WishEventRecord[]> {
  const events = await device.db.wishEvents.where('wishId').equals(wishId).toArray();
  return events.sort((a, b) => b.at.localeCompare(a.at) || b.updatedAt.localeCompare(a.updatedAt));
}

type EventInput = Omit<ContentOf<'wishEvents'>, 'wishId' | 'by' | 'at' | 'action'>;

/** Records a step of a wish as an event; the server checks it against the state machine. */
export function recordWishAction(
  device: Device,
  wish: WishRecord,
  by: string,
  action: WishAction,
  input: EventInput = {},
): Promise<WishEventRecord> {
  const { note: written, ...rest } = input;
  const note = written?.trim();
  return createRecord(device, 'wishEvents', {
    ...rest,
    ...(note ? { note } : {}),
    wishId: wish.id,
    action,
    by,
    at: new Date(deviceNow(device)).toISOString(),
  });
}

export function claimWish(
  device: Device,
  wish: WishRecord,
  by: string,
  claimant: { kind: ClaimantKind; id: string },
  note?: string,
): Promise<WishEventRecord> {
  return recordWishAction(device, wish, by, 'claim', {
    claimantKind: claimant.kind,
    claimantId: claimant.id,
    ...(note ? { note } : {}),
  });
}

/** Fulfilled "with a note and a photo": what was done, and a picture of it. */
export function fulfilWish(
  device: Device,
  wish: WishRecord,
  by: string,
  note: string,
  photoHashes: readonly string[],
): Promise<WishEventRecord> {
  return recordWishAction(device, wish, by, 'fulfil', { note, photoHashes: [...photoHashes] });
}

/** Who a wish can be claimed for: the party members and co-building units this device holds. */
export async function possibleClaimants(
  device: Device,
): Promise<{ members: PartyMemberRecord[]; partners: PartnerRecord[] }> {
  const [members, partners] = await Promise.all([device.db.partyMembers.toArray(), device.db.partners.toArray()]);
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, 'zh-CN', { numeric: true });
  return {
    members: members.filter((member) => !member.deleted && !member.retired).sort(byName),
    partners: partners.filter((partner) => !partner.deleted && !partner.retired).sort(byName),
  };
}

/** The name of a wish's claimant, from the records this device holds. */
export async function claimantName(
  device: Device,
  kind: ClaimantKind | null,
  id: string | null,
): Promise<string | undefined> {
  if (!kind || !id) return undefined;
  const record = kind === 'member' ? await device.db.partyMembers.get(id) : await device.db.partners.get(id);
  return record?.name;
}
