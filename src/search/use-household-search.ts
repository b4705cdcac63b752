/**
 * The household search of the signed-in screens: the index follows the device's records live,
 * names are spelled in pinyin by a worker (once each, kept in memory for the session), and a
 * query is answered in memory without touching the database.
 */
import * as Comlink from 'comlink';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { householdSearchDocs } from '../db/households.ts';
import { useLive } from '../db/live.ts';
import type { Device } from '../db/write.ts';
import { repeatedRooms, type SearchDoc, searchDocs } from './household-search.ts';
import type { PinyinWorkerApi } from './pinyin-worker.ts';
import type { Spelling } from './spell.ts';

let worker: Comlink.Remote<PinyinWorkerApi> | undefined;
const spelled = new Map<string, Spelling>();

function pinyinWorker(): Comlink.Remote<PinyinWorkerApi> {
  worker ??= Comlink.wrap<PinyinWorkerApi>(
    new Worker(new URL('./pinyin-worker.ts', import.meta.url), { type: 'module', name: 'pinyin' }),
  );
  return worker;
}

/** Spells the names not spelled yet this session; answers whether any were. */
async function spellMissing(names: readonly string[]): Promise<boolean> {
  const missing = [...new Set(names.filter((name) => !spelled.has(name)))];
  if (missing.length === 0) return false;
  const spellings = await pinyinWorker().spell(missing);
  for (const [index, name] of missing.entries()) spelled.set(name, spellings[index] as Spelling);
  return true;
}

export interface HouseholdSearch {
  search(query: string, limit?: number): SearchDoc[];
  /** Rooms that exist in more than one compound: their results name the compound. */
  repeated: Set<string>;
  /** Whether pinyin search works yet (the worker has spelled the names). */
  pinyinReady: boolean;
}

export function useHouseholdSearch(device: Device): HouseholdSearch {
  const sources = useLive(() => householdSearchDocs(device), [device], []);
  const [spellVersion, setSpellVersion] = useState(0);
  const [pinyinReady, setPinyinReady] = useState(false);

  useEffect(() => {
    let live = true;
    void spellMissing(sources.flatMap((doc) => doc.names))
      .then((changed) => {
        if (!live) return;
        setPinyinReady(true);
        if (changed) setSpellVersion((version) => version + 1);
      })
      .catch((error: unknown) => console.error('pinyin spelling failed', error));
    return () => {
      live = false;
    };
  }, [sources]);

  const docs = useMemo(
    () =>
      sources.map((doc) => ({
        ...doc,
        spellings: doc.names.map((name) => spelled.get(name)).filter((s): s is Spelling => s !== undefined),
      })),
    [sources, spellVersion],
  );
  const repeated = useMemo(() => repeatedRooms(docs), [docs]);
  return {
    search: (query, limit = 200) => searchDocs(docs, query, limit),
    repeated,
    pinyinReady,
  };
}
