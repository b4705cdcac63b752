/**
 * Rows of an uploaded spreadsheet, read by the spreadsheet libraries' streaming readers (exceljs
 * for XLSX, csv-parse for CSV): the first worksheet, each row as trimmed text cells, numbered as
 * the spreadsheet shows them (the header is row 1).
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { excel } from '../excel.ts';
import { ApiError } from '../http-errors.ts';

export interface SheetRow {
  row: number;
  cells: string[];
}

/** Spreadsheets longer than this are refused: split them (a community holds far fewer). */
export const MAX_IMPORT_ROWS = 50_000;

/** A cell's value as the person typed it: rich text joined, a formula's result, a date as a day. */
function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((part) => part.text)
        .join('')
        .trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    if ('error' in value) return '';
  }
  return String(value).trim();
}

function tooMany(): ApiError {
  return new ApiError(413, 'too_large', `at most ${MAX_IMPORT_ROWS} rows a file: split it`, 'file');
}

async function xlsxRows(bytes: Buffer): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  const ExcelJS = await excel();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let sheets = 0;
  for await (const sheet of reader) {
    sheets++;
    for await (const row of sheet) {
      // Only the first worksheet is the roster; later ones (notes, lists) are read past.
      if (sheets > 1) continue;
      const values = (row.values as ExcelJS.CellValue[]).slice(1);
      rows.push({ row: row.number, cells: Array.from(values, (value) => cellText(value)) });
      if (rows.length > MAX_IMPORT_ROWS + 1) throw tooMany();
    }
  }
  return rows;
}

/** Excel in China saves CSV as GB18030 unless told otherwise; UTF-8 (with or without BOM) first. */
function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

async function csvRows(bytes: Buffer): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  const parser = Readable.from([decodeCsv(bytes)]).pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, trim: true }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    rows.push({ row: info.lines, cells: record });
    if (rows.length > MAX_IMPORT_ROWS + 1) throw tooMany();
  }
  return rows;
}

export async function readSheet(bytes: Buffer, kind: 'xlsx' | 'csv'): Promise<SheetRow[]> {
  try {
    const rows = kind === 'xlsx' ? await xlsxRows(bytes) : await csvRows(bytes);
    return rows.filter((row) => row.cells.some((cell) => cell !== ''));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError(422, 'invalid', `file: not a readable ${kind.toUpperCase()} file`, 'file');
  }
}
