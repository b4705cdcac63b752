/** The place tree: community → compounds → buildings → units, and grids. Written by administrators. */
import * as z from 'zod/mini';
import { PLACE_KINDS } from '../domain.ts';
import { defineTable } from './define.ts';
import { optionalNullable, requiredText, uuid } from './fields.ts';

export const places = defineTable({
  name: 'places',
  content: z.strictObject({
    kind: z.enum(PLACE_KINDS),
    name: requiredText(50),
    parentId: z.nullable(uuid),
    /** Buildings belong to a grid; the grid id is what scopes a grid worker. */
    gridId: optionalNullable(uuid),
    sort: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(100000))),
  }),
  parent: 'place-tree',
  writers: ['admin'],
});
