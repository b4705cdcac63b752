/**
 * The columns of the import templates, headed by the names people know the fields by (the same
 * names the app shows: src/i18n/terms.ts), and the Chinese sentences of the import report.
 */

import type { ImportKind } from '../../shared/desk-messages.ts';
import { zhFields, zhTerms } from '../../src/i18n/terms.ts';

export const HOUSEHOLD_COLUMNS = {
  compound: zhTerms.placeKind.compound,
  building: zhTerms.placeKind.building,
  unit: zhTerms.placeKind.unit,
  room: zhFields.households.roomNo,
  name: zhFields.residents.name,
  relation: zhFields.residents.relation,
  phone: zhFields.residents.phone,
  birthYear: zhFields.residents.birthYear,
  tags: zhFields.residents.tags,
  notes: zhFields.households.notes,
} as const;

export const MEMBER_COLUMNS = {
  name: zhFields.partyMembers.name,
  phone: zhFields.partyMembers.phone,
  compound: zhTerms.placeKind.compound,
  building: zhTerms.placeKind.building,
  unit: zhTerms.placeKind.unit,
  kind: zhFields.partyMembers.kind,
  groupRole: zhFields.partyMembers.groupRole,
  volunteerHours: zhFields.partyMembers.volunteerHours,
  pledge: zhFields.partyMembers.pledge,
} as const;

export const COLUMNS_OF: Record<ImportKind, Record<string, string>> = {
  households: HOUSEHOLD_COLUMNS,
  partyMembers: MEMBER_COLUMNS,
};

/** Columns a file must have; the others may be left out. */
export const REQUIRED_COLUMNS: Record<ImportKind, readonly string[]> = {
  households: ['building', 'room', 'name'],
  partyMembers: ['name'],
};

/** Two example rows per template, so the office sees how a cell is meant to be filled. */
export const EXAMPLE_ROWS: Record<ImportKind, string[][]> = {
  households: [
    [
      '和平里小区',
      '1号楼',
      '1单元',
      '101',
      '王建国',
      '户主',
      '13812345678',
      '1950',
      '独居老人',
      '听力不好，敲门请用力些',
    ],
    ['和平里小区', '1号楼', '1单元', '102', '李秀兰', '户主', '13987654321', '1962', '', ''],
    ['和平里小区', '1号楼', '1单元', '102', '张伟', '配偶', '', '1960', '残疾', ''],
  ],
  partyMembers: [
    ['王建国', '13812345678', '和平里小区', '1号楼', '1单元', '退休党员', '党小组长', '60', '每周清理一次楼道杂物'],
    ['刘芳', '15822223333', '和平里小区', '1号楼', '2单元', '在职党员报到', '党员', '12', ''],
  ],
};

/** What is wrong with a cell, in the office's words. */
export const IMPORT_MESSAGES = {
  missingColumn: '表头缺少这一列（请使用模板）',
  required: '不能为空',
  tooLong: '最多 {limit} 个字',
  noCompound: '本社区没有名为「{name}」的小区',
  noBuilding: '没有找到楼栋「{name}」',
  ambiguousBuilding: '有多个名为「{name}」的楼栋，请填写小区',
  noUnit: '该楼栋没有单元「{name}」',
  badPhone: '电话号码格式不对（5–20 位数字）',
  badYear: '出生年份应为 1900–2100 之间的四位数字',
  badTag: '没有这种重点关爱类别：「{name}」',
  noHead: '这一户没有「户主」行',
  duplicateRoom: '门牌重复：同一户有两行「户主」（另见第 {row} 行）',
  duplicatePerson: '同一户中姓名重复（另见第 {row} 行）',
  duplicateMember: '姓名和电话与第 {row} 行重复',
  badKind: '没有这种党员类别：「{name}」',
  badRole: '没有这种党内职务：「{name}」',
  badHours: '志愿时长应为 0–100000 之间的数字',
  householdRejected: '同一户的其他行有错误，这一行未导入',
} as const;

export function say(message: keyof typeof IMPORT_MESSAGES, params: Record<string, string | number> = {}): string {
  return IMPORT_MESSAGES[message].replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}
