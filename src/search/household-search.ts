/**
 * Finding a household by what a worker types: a Chinese name (the head's or a resident's), its
 * full pinyin or initials, or an address as people say it — "和平里1号楼", "1单元401", "1-1-401".
 * Pure: the index is built once from the device's records and searched in memory (so it can
 * later be built after an unlock, with nothing personal written to disk).
 */
import type { Spelling } from './spell.ts';

export interface SearchDoc {
  id: string;
  /** The head's and the residents' names. */
  names: string[];
  spellings: Spelling[];
  compound: string;
  building: string;
  unit: string;
  /** As on the door, e.g. 1-1-401. */
  roomNo: string;
  address: string;
}

interface AddressQuery {
  text: string[];
  building?: string;
  unit?: string;
  room?: string;
}

const LATIN = /^[a-z]+$/;
const ROOM_NUMBER = /^\d+(?:-\d+){1,2}$/;

/** The number in a place name: 1号楼 → 1, 2单元 → 2. */
function numberIn(name: string): string | undefined {
  return /\d+/.exec(name)?.[0];
}

function parseAddress(query: string): AddressQuery {
  const parsed: AddressQuery = { text: [] };
  let rest = query;
  rest = rest.replace(/(\d+)\s*(?:号楼|号|栋|幢)/, (_, n: string) => {
    parsed.building = n;
    return ' ';
  });
  rest = rest.replace(/(\d+)\s*单元/, (_, n: string) => {
    parsed.unit = n;
    return ' ';
  });
  rest = rest.replace(/(\d{2,5})\s*(?:室|号)?/, (_, n: string) => {
    parsed.room = n;
    return ' ';
  });
  parsed.text = rest.split(/[\s,，、]+/).filter(Boolean);
  return parsed;
}

function matchesAddress(doc: SearchDoc, query: AddressQuery): boolean {
  if (query.building && numberIn(doc.building) !== query.building) return false;
  if (query.unit && numberIn(doc.unit) !== query.unit) return false;
  if (query.room && doc.roomNo.split('-').at(-1) !== query.room) return false;
  return query.text.every(
    (part) =>
      doc.compound.includes(part) || doc.names.some((name) => name.includes(part)) || doc.address.includes(part),
  );
}

/** Whether the doc matches the query; the query is already trimmed and lower-cased. */
export function matchesQuery(doc: SearchDoc, query: string): boolean {
  const compact = query.replace(/\s+/g, '');
  if (LATIN.test(compact)) {
    return doc.spellings.some((spelling) => spelling.full.startsWith(compact) || spelling.initials.startsWith(compact));
  }
  if (ROOM_NUMBER.test(compact)) return doc.roomNo === compact || doc.roomNo.endsWith(`-${compact}`);
  if (doc.names.some((name) => name.includes(compact))) return true;
  const address = parseAddress(query);
  const asked = address.building || address.unit || address.room || address.text.length > 0;
  return Boolean(asked) && matchesAddress(doc, address);
}

/** The first `limit` docs matching the query, in the order given (the order of the round). */
export function searchDocs(docs: readonly SearchDoc[], query: string, limit: number): SearchDoc[] {
  const normalized = query.trim().toLowerCase();
  if (!normalized) return [];
  const found: SearchDoc[] = [];
  for (const doc of docs) {
    if (matchesQuery(doc, normalized)) found.push(doc);
    if (found.length >= limit) break;
  }
  return found;
}

/** Room numbers that repeat across compounds: results name the compound for these. */
export function repeatedRooms(docs: readonly SearchDoc[]): Set<string> {
  const compoundsOfRoom = new Map<string, Set<string>>();
  for (const doc of docs) {
    const compounds = compoundsOfRoom.get(doc.roomNo) ?? new Set();
    compounds.add(doc.compound);
    compoundsOfRoom.set(doc.roomNo, compounds);
  }
  return new Set([...compoundsOfRoom].filter(([, compounds]) => compounds.size > 1).map(([room]) => room));
}
