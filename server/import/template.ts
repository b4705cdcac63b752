/** The import templates: the header row people fill in under, example rows, and the allowed values. */
import type { ImportKind } from '../../shared/desk-messages.ts';
import { CARE_TAGS, GROUP_ROLES, MEMBER_KINDS } from '../../shared/domain.ts';
import { zhTerms } from '../../src/i18n/terms.ts';
import { excel } from '../excel.ts';
import { COLUMNS_OF, EXAMPLE_ROWS, REQUIRED_COLUMNS } from './columns.ts';

const NOTES: Record<ImportKind, string[]> = {
  households: [
    '每行一人；同一小区、楼栋、单元、门牌的各行为同一户，其中一行的「与户主关系」填「户主」。',
    '小区、楼栋、单元按系统中的名称填写（「1号楼」也可写作「1」）。',
    `重点关爱可填多项，用顿号分隔：${CARE_TAGS.map((tag) => zhTerms.careTag[tag]).join('、')}。`,
    '同一文件可重复导入：已有的户按楼栋+单元+门牌更新，家庭成员按姓名更新，不会重复创建。',
  ],
  partyMembers: [
    '每行一名党员；按姓名+电话识别，重复导入只更新有变化的内容。',
    '填写楼栋的党员编入该楼栋党小组（没有时自动建立）；只填小区的编入小区党支部。',
    `党员类别：${MEMBER_KINDS.map((kind) => zhTerms.memberKind[kind]).join('、')}（空白为居住地党员）。`,
    `党内职务：${GROUP_ROLES.map((role) => zhTerms.groupRole[role]).join('、')}（空白为党员）。`,
  ],
};

export async function templateWorkbook(kind: ImportKind): Promise<Buffer> {
  const ExcelJS = await excel();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(kind === 'households' ? '住户名册' : '党员名册');
  const columns = COLUMNS_OF[kind];
  const required = new Set(REQUIRED_COLUMNS[kind]);
  sheet.columns = Object.entries(columns).map(([key, header]) => ({
    header: required.has(key) ? header : header,
    key,
    width: Math.max(10, header.length * 2 + 4),
  }));
  // Phone numbers and rooms are text: Excel must not turn 13812345678 into 1.38E+10.
  for (const column of sheet.columns) column.numFmt = '@';
  sheet.getRow(1).font = { bold: true };
  for (const row of EXAMPLE_ROWS[kind]) sheet.addRow(row);
  const notes = workbook.addWorksheet('填写说明');
  notes.getColumn(1).width = 100;
  for (const line of NOTES[kind]) notes.addRow([line]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
