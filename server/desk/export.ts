/**
 * Exports of a workspace list, streamed: the records are read in pages by their sequence (each
 * page a short query, so other requests go on meanwhile) and written out as they come, waiting
 * whenever the client reads slower than we write; memory stays flat however long the list.
 */
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { type Options, stringify } from 'csv-stringify';
import type ExcelJS from 'exceljs';
import type { BrowseFilters, BrowseTable } from '../../shared/desk-messages.ts';
import type { Role } from '../../shared/domain.ts';
import { maskRecord } from '../../shared/masking.ts';
import { zhTerms } from '../../src/i18n/terms.ts';
import type { DatabaseKind } from '../db/json-fields.ts';
import { excel } from '../excel.ts';
import { type Db, toWireRecord } from '../sync/records.ts';
import { EXPORT_COLUMNS } from './export-columns.ts';
import { filteredRecords, LISTED_COLUMNS, type ListedRow, listedRecord } from './filters.ts';
import { Labeller } from './labels.ts';

export type ExportFormat = 'xlsx' | 'csv';
const PAGE = 2000;

export interface ExportRequest {
  db: Db;
  kind: DatabaseKind;
  viewer: { role: Role; communityId: string };
  table: BrowseTable;
  filters: BrowseFilters;
}

export function exportFileName(table: BrowseTable, format: ExportFormat, day: string): string {
  return `${zhTerms.table[table]}-${day}.${format}`;
}

export async function countExport({ db, kind, viewer, table, filters }: ExportRequest): Promise<number> {
  const row = await filteredRecords(db, kind, viewer.communityId, table, filters)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Each exported line, page by page in the order the records reached the server. */
async function* exportedLines(request: ExportRequest): AsyncGenerator<(string | number)[][]> {
  const { db, kind, viewer, table, filters } = request;
  const columns = EXPORT_COLUMNS[table];
  const labeller = await Labeller.load(db, viewer.communityId);
  let after = -1;
  for (;;) {
    const rows = (await filteredRecords(db, kind, viewer.communityId, table, filters)
      .select(LISTED_COLUMNS)
      .where('r.seq', '>', after)
      .orderBy('r.seq')
      .limit(PAGE)
      .execute()) as unknown as ListedRow[];
    if (rows.length === 0) return;
    const records = rows.map(listedRecord);
    await labeller.prepare(table, records);
    yield records.map((record) => {
      const shown = maskRecord(table, toWireRecord(record), viewer.role, 'export');
      const labels = labeller.labels(table, record);
      return columns.map((column) => column.value(shown, labels));
    });
    after = (records.at(-1) as { seq: number }).seq;
    if (rows.length < PAGE) return;
  }
}

async function writeCsv(request: ExportRequest, out: Writable): Promise<void> {
  // UTF-8 with a byte-order mark: Excel opens it with the Chinese intact.
  const options: Options = { bom: true, writableHighWaterMark: 1024 };
  const csv = stringify(options);
  csv.pipe(out);
  csv.write(EXPORT_COLUMNS[request.table].map((column) => column.header));
  for await (const lines of exportedLines(request)) {
    for (const line of lines) if (!csv.write(line)) await once(csv, 'drain');
  }
  csv.end();
  await once(out, 'finish');
}

/** Bytes of sheet XML allowed to wait for the compressor. */
const ZIP_BACKLOG = 1024 * 1024;

/**
 * The stream the zip reads a streamed sheet from (exceljs pipes the sheet's buffer into it and
 * ignores its backpressure); undefined if a later exceljs is shaped otherwise, and then only the
 * reply's backpressure bounds the export.
 */
function zipIntake(sheet: ExcelJS.Worksheet): ZipIntake | undefined {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const intake = pipes?.[0] as (Writable & { _writableState?: { length: number } }) | undefined;
  // The zip's streams come from readable-stream 2, which has no writableLength getter.
  if (!intake || typeof intake._writableState?.length !== 'number') return undefined;
  return { stream: intake, backlog: () => intake._writableState?.length ?? 0 };
}

interface ZipIntake {
  stream: Writable;
  backlog(): number;
}

async function writeXlsx(request: ExportRequest, out: PassThrough): Promise<void> {
  const ExcelJS = await excel();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(zhTerms.table[request.table]);
  sheet.addRow(EXPORT_COLUMNS[request.table].map((column) => column.header)).commit();
  for await (const lines of exportedLines(request)) {
    for (const line of lines) sheet.addRow(line).commit();
    // exceljs hands the sheet's XML to the zip without waiting for it to be compressed, and the
    // zip waits for the client: wait for both to catch up before the next page.
    const intake = zipIntake(sheet);
    while (intake && intake.backlog() > ZIP_BACKLOG) await once(intake.stream, 'drain');
    while (out.writableLength > out.writableHighWaterMark * 4) await once(out, 'drain');
  }
  sheet.commit();
  await workbook.commit();
}

/** The export as a stream the HTTP reply sends; a failure midway ends it with an error. */
export function exportStream(request: ExportRequest, format: ExportFormat): PassThrough {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  const write = format === 'csv' ? writeCsv(request, out) : writeXlsx(request, out);
  write.catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}
