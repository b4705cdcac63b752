/**
 * The tables whose records are events acting on another record (design.md: issue status changes
 * are events checked against the issue state machine; issue 18 adds micro-wishes and projects).
 * A new event of one of these tables is folded into the record it acts on when the server accepts
 * it, in the same transaction; a refused one changes nothing.
 */
import type { SyncTable } from '../../shared/domain.ts';
import type { IssueEvent, ProjectEvent, WishEvent } from '../../shared/tables/index.ts';
import type { FoldContext, Refuse } from './event-effect.ts';
import { foldIssueEvent } from './issue-events.ts';
import { foldProjectEvent } from './project-events.ts';
import { foldWishEvent } from './wish-events.ts';

type Fold = (ctx: FoldContext, event: Record<string, unknown>, hlc: string, refuse: Refuse) => Promise<void>;

export const EVENT_FOLDS: Partial<Record<SyncTable, Fold>> = {
  issueEvents: (ctx, event, hlc, refuse) => foldIssueEvent(ctx, event as unknown as IssueEvent, hlc, refuse),
  wishEvents: (ctx, event, hlc, refuse) => foldWishEvent(ctx, event as unknown as WishEvent, hlc, refuse),
  projectEvents: (ctx, event, hlc, refuse) => foldProjectEvent(ctx, event as unknown as ProjectEvent, hlc, refuse),
};
