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
  /** The content fields a whole record must have (not optional in `content`). */
  required: readonly string[];
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
   * Set-valued fields, merged per element (shared/merge.ts): a put may carry such a field as a
   * delta `{"add": […], "remove": […]}` or as a whole array.
   */
  sets: readonly string[];
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
  sets?: readonly (keyof z.infer<Content> & string)[];
  personal?: readonly (keyof z.infer<Content> & string)[];
}

/** The array schema inside a field's optional/nullable wrappers. */
function arrayOf(schema: z.core.$ZodType): z.core.$ZodType | null {
  let current: z.core.$ZodType | undefined = schema;
  for (let depth = 0; current && depth < 4; depth++) {
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType; element?: z.core.$ZodType };
    if (def.type === 'array') return def.element ?? null;
    current = def.innerType;
  }
  return null;
}

/** What one put may carry: each field optional, and set-valued fields also as a delta of elements. */
function changesSchema(content: z.ZodMiniObject, sets: readonly string[]): z.ZodMiniObject {
  const shape: Record<string, z.core.$ZodType> = { ...content.shape };
  for (const field of sets) {
    const element = arrayOf(shape[field] as z.core.$ZodType);
    if (!element) throw new Error(`${field} is declared a set but is not an array`);
    const elements = z.array(element).check(z.maxLength(100));
    const delta = z.strictObject({ add: z.optional(elements), remove: z.optional(elements) });
    shape[field] = z.union([shape[field] as z.core.$ZodType, delta]);
  }
  return z.partial(z.strictObject(shape)) as unknown as z.ZodMiniObject;
}

export function defineTable<Name extends SyncTable, Content extends z.ZodMiniObject>(
  options: TableOptions<Name, Content>,
): TableDescriptor<Name, Content> {
  return {
    name: options.name,
    content: options.content,
    // Built once: zod compiles a fast path per schema object, so a schema made per mutation
    // would be compiled per mutation.
    changes: changesSchema(options.content, options.sets ?? []),
    required: Object.entries(options.content.shape)
      .filter(([, schema]) => (schema as z.core.$ZodType)._zod.optin !== 'optional')
      .map(([field]) => field),
    parent: options.parent,
    author: options.author ?? null,
    appendOnly: options.appendOnly ?? false,
    eventOwned: (options.eventOwned ?? {}) as Record<string, unknown>,
    writers: options.writers ?? 'all',
    sets: options.sets ?? [],
    personal: options.personal ?? [],
  };
}
