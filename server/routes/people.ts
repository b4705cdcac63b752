/**
 * The people of the caller's community, as records name them: who visited, who an issue is
 * assigned to. Names, roles and places only; devices keep the list for offline use.
 */
import type { FastifyInstance } from 'fastify';
import type { PlaceLevel, Role } from '../../shared/domain.ts';
import { requireUser, type ServerContext } from '../context.ts';

export interface PersonEntry {
  id: string;
  displayName: string;
  role: Role;
  place: { level: PlaceLevel; id: string };
}

export function registerPeopleRoutes(app: FastifyInstance, { db }: ServerContext) {
  app.get('/api/people', async (request): Promise<{ people: PersonEntry[] }> => {
    const user = requireUser(request);
    const own = await db
      .selectFrom('records')
      .select('community_id')
      .where('tbl', '=', 'places')
      .where('id', '=', user.place.id)
      .executeTakeFirst();
    if (!own) return { people: [] };
    const rows = await db
      .selectFrom('users')
      .innerJoin('records', (join) => join.on('records.tbl', '=', 'places').onRef('records.id', '=', 'users.place_id'))
      .select(['users.id', 'users.display_name', 'users.role', 'users.place_level', 'users.place_id'])
      .where('records.community_id', '=', own.community_id)
      .orderBy('users.display_name')
      .execute();
    return {
      people: rows.map((row) => ({
        id: row.id,
        displayName: row.display_name,
        role: row.role as Role,
        place: { level: row.place_level as PlaceLevel, id: row.place_id },
      })),
    };
  });
}
