/** The people of the user's community (from the server's directory), kept for offline use. */
import { placeCovers } from '../../shared/scope.ts';
import type { PlaceIds } from '../../shared/tables/index.ts';
import type { Person } from './database.ts';
import type { Device } from './write.ts';

/** Replaces the directory with the server's current one, in one transaction. */
export async function savePeople(device: Device, people: Person[]): Promise<void> {
  const { db } = device;
  await db.transaction('rw', db.people, async () => {
    await db.people.clear();
    await db.people.bulkPut(people);
  });
}

export async function peopleById(device: Device): Promise<Map<string, Person>> {
  return new Map((await device.db.people.toArray()).map((person) => [person.id, person]));
}

/** Who can be given a record at this place: the people whose place covers it. */
export async function peopleWhoCanSee(device: Device, ids: PlaceIds): Promise<Person[]> {
  const people = await device.db.people.toArray();
  return people
    .filter((person) => placeCovers(person.place, ids))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'));
}
