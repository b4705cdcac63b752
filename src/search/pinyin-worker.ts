/**
 * Pinyin for names, off the main thread: the pinyin library and its dictionary are large, so they
 * load only here, when the search index is first built, never on the app's first load.
 */
import * as Comlink from 'comlink';
import { type Spelling, spellName } from './spell.ts';

const api = {
  spell(names: string[]): Spelling[] {
    return names.map(spellName);
  },
};

export type PinyinWorkerApi = typeof api;

Comlink.expose(api);
