/** The party organisation: general branch → compound branches → building groups. */
import * as z from 'zod/mini';
import { PARTY_ORG_LEVELS } from '../domain.ts';
import { defineTable } from './define.ts';
import { requiredText, uuid } from './fields.ts';

export const partyOrgs = defineTable({
  name: 'partyOrgs',
  content: z.strictObject({
    level: z.enum(PARTY_ORG_LEVELS),
    name: requiredText(100),
    parentId: z.nullable(uuid),
    /** The place the organisation mirrors: community, compound or building. */
    placeId: uuid,
  }),
  parent: { table: 'places', field: 'placeId' },
});
