/**
 * Roster files as a community office sends them, made with the same spreadsheet library the
 * server reads them with: Chinese names, and a few bad rows the dry run must report.
 */
import ExcelJS from 'exceljs';

export const HOUSEHOLD_HEADER = [
  '小区',
  '楼栋',
  '单元',
  '门牌',
  '姓名',
  '与户主关系',
  '电话',
  '出生年份',
  '重点关爱',
  '备注',
];

/** Household rows for a compound with building `a` (units 1单元, 2单元) and building `b` (1单元). */
export function householdRows(compound: string, a: string, b: string): string[][] {
  return [
    [compound, a, '1单元', '101', '王建国', '户主', '13812345678', '1948', '独居老人', '听力不好，敲门请用力些'],
    [compound, a, '1单元', '102', '李秀兰', '户主', '13987654321', '1962', '', ''],
    [compound, a, '1单元', '102', '张伟', '配偶', '', '1960', '残疾', ''],
    [compound, a, '2单元', '201', '赵德福', '户主', '15811112222', '1955', '低保', ''],
    [compound, b, '1单元', '101', '陈静', '户主', '18633334444', '1985', '', ''],
    [compound, b, '1单元', '102', '刘洋', '户主', '18655556666', '1990', '', ''],
    // Row 8: no building. Row 9: a unit the building does not have. Row 10: a bad phone.
    [compound, '', '1单元', '103', '孙强', '户主', '13600001111', '1970', '', ''],
    [compound, a, '9单元', '301', '周芳', '户主', '13600002222', '1975', '', ''],
    [compound, b, '1单元', '201', '吴磊', '户主', '1234abc', '1980', '', ''],
    // Row 11: a second head for room 101 of building a: the room is a duplicate, row 2 waits with it.
    [compound, a, '1单元', '101', '郑丽', '户主', '13700001111', '1966', '', ''],
  ];
}

export async function xlsxOf(header: string[], rows: string[][]): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('名册');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** CSV as UTF-8 with a BOM, the way Excel saves "CSV UTF-8". */
export function csvOf(header: string[], rows: string[][]): Uint8Array<ArrayBuffer> {
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  const text = `\uFEFF${[header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
  return new Uint8Array(Buffer.from(text, 'utf8'));
}
