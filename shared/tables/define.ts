/**
 * A table descriptor: everything the server's push, pull and scope code and the device's writes
 * and forms need to know about one table on the wire, in one place. A new table is one descriptor
 * (plus its screens); no rule about a table is written anywhere else.
 */
import * as z from 'zod/mini';
import type { PlaceKind, Role, SyncTable } from '../domain.ts';

/**
 * Where a record's place ids come from: copied from its parent record (read from `field`), or,
 * for the place tree itself, from the parent place and the kind of place.
 */
export type ParentRule =
  | {
      table: SyncTable;
      field: string;
      /** The parent must be a place of this kind (a household lives in a building). */
      kind?: PlaceKind;
    }
  | 'place-tree';

export interface TableDescriptor<
  Name extends SyncTable = SyncTable,
  Content extends z.ZodMiniObject = z.ZodMiniObject,
> {
  name: Name;
  /** The content fields of a record: what a device may write. Strict: an unknown field is refused. */
  content: Content;
  /** The same fields, each optional: what one put may carry (changed fields only). */
  changes: z.ZodMiniObject;
  parent: ParentRule;
  /** The field naming who wrote the record: always the signed-in user, and never changed. */
  author: string | null;
  /** Written once, never changed or deleted (visit logs, issue events). */
  appendOnly: boolean;
  /**
   * Fields only the server's fold of events changes (an issue's status and assignee). A device may
   * name them only when creating the record, with exactly this initial value.
   */
  eventOwned: Readonly<Record<string, unknown>>;
  /** Roles that may write this table at all; others are refused `forbidden`. */
  writers: readonly Role[] | 'all';
  /**
   * Personal fields (names, phones, notes, care tags): masked for roles that do not need them, and
   * encrypted at rest on the phone when that lands. Marked here so neither reshapes the data.
   */
  personal: readonly string[];
}

export interface TableOptions<Name extends SyncTable, Content extends z.ZodMiniObject> {
  name: Name;
  content: Content;
  parent: ParentRule;
  author?: keyof z.infer<Content> & string;
  appendOnly?: boolean;
  eventOwned?: Partial<z.infer<Content>>;
  writers?: readonly Role[];
  personal?: readonly (keyof z.infer<Content> & string)[];
}

export function defineTable<Name extends SyncTable, Content extends z.ZodMiniObject>(
  options: TableOptions<Name, Content>,
): TableDescriptor<Name, Content> {
  return {
    name: options.name,
    content: options.content,
    // Built once: zod compiles a fast path per schema object, so a schema made per mutation
    // would be compiled per mutation.
    changes: z.partial(options.content) as unknown as z.ZodMiniObject,
    parent: options.parent,
    author: options.author ?? null,
    appendOnly: options.appendOnly ?? false,
    eventOwned: (options.eventOwned ?? {}) as Record<string, unknown>,
    writers: options.writers ?? 'all',
    personal: options.personal ?? [],
  };
}
