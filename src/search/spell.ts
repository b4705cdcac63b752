/** Names in pinyin, as people are named: the surname read as a surname (单 shan, 曾 zeng, 吕 lv). */
import { pinyin } from 'pinyin-pro';

export interface Spelling {
  /** Full pinyin without tones or spaces: 高荣金 → gaorongjin. */
  full: string;
  /** First letters: grj. */
  initials: string;
}

export function spellName(name: string): Spelling {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', v: true });
  return {
    full: syllables.join('').toLowerCase(),
    initials: syllables
      .map((syllable) => syllable.charAt(0))
      .join('')
      .toLowerCase(),
  };
}
