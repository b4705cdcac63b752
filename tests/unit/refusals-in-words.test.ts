/**
 * Every refusal the server can give, and every way a field can be wrong, reaches a field worker in
 * the app's own words, naming the field as the user knows it; the server's developer message never
 * shows. Fed through the real catalogue, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { SYNC_TABLES } from '../../shared/domain.ts';
import { MUTATION_REFUSALS, REQUEST_REFUSALS } from '../../shared/refusals.ts';
import { TABLES } from '../../shared/tables/index.ts';
import type { ProblemKind } from '../../shared/tables/problems.ts';
import { translator } from '../../src/i18n/index.ts';
import { enFields, zhFields } from '../../src/i18n/terms.ts';

const zh = translator('zh-CN');
const en = translator('en');
const DEVELOPER_MESSAGE = 'mutations[0].fields.note: Too big: expected string to have <=2000 characters';
const HAN = /[\u4e00-\u9fff]/;

describe('refusals, as a field worker reads them', () => {
  for (const code of [...MUTATION_REFUSALS, ...REQUEST_REFUSALS]) {
    it(`${code} has Chinese words and no developer text`, () => {
      const words = zh.refusal({ code, message: DEVELOPER_MESSAGE, field: 'mutations[0].fields.note' }, 'visits');
      expect(words).toMatch(HAN);
      // No English word of three letters or more: not the message, not the code, not the field path.
      expect(words).not.toMatch(/[A-Za-z]{3,}/);
      expect(words).not.toContain(code);
      const english = en.refusal({ code, message: DEVELOPER_MESSAGE }, 'visits');
      expect(english).not.toContain('expected');
      expect(english).not.toMatch(HAN);
    });
  }

  it('names the exact limit of the field the server blamed, from the record on the device', () => {
    const reason = { code: 'incomplete', message: DEVELOPER_MESSAGE, field: 'fields.note' };
    expect(zh.refusal(reason, 'visits', { note: '很'.repeat(2001) })).toBe('情况记录最多 2000 字');
    expect(en.refusal(reason, 'visits', { note: 'x'.repeat(2001) })).toBe('notes: at most 2000 characters');
  });

  it('names a missing field by the name the user knows it by', () => {
    const reason = { code: 'incomplete', message: 'fields.purpose: Invalid option', field: 'fields.purpose' };
    expect(zh.refusal(reason, 'visits', {})).toBe('请填写走访事项');
  });

  it('names the record kind and field for refusals about a parent', () => {
    const reason = { code: 'unknown_parent', message: 'householdId x is unknown', field: 'fields.householdId' };
    expect(zh.refusal(reason, 'visits')).toBe('这条走访记录所属的住户不存在或已删除，请重新选择。');
  });
});

describe('field names and problems', () => {
  it('every content field of every table has a name in both languages', () => {
    for (const table of SYNC_TABLES) {
      const fields = Object.keys(TABLES[table].content.shape).sort();
      expect(Object.keys(zhFields[table]).sort()).toEqual(fields);
      expect(Object.keys(enFields[table]).sort()).toEqual(fields);
      for (const field of fields) expect(zh.fieldName(table, field)).toMatch(HAN);
    }
  });

  const kinds: ProblemKind[] = [
    'required',
    'too_long',
    'too_many',
    'too_big',
    'too_small',
    'not_allowed',
    'bad_format',
    'unknown_field',
  ];
  for (const kind of kinds) {
    it(`says "${kind}" in Chinese, naming the field`, () => {
      const words = zh.problem('households', { field: 'memberCount', kind, limit: 50 });
      expect(words).toContain('家庭人数');
      expect(words).not.toMatch(/[A-Za-z]{3,}/);
    });
  }
});
