/**
 * exceljs, loaded the first time a workbook is written or read. Loading it takes a quarter to a
 * third of a second and some 20 MB, which a server that is only syncing need not pay as it starts:
 * a server restarted after a crash answers its devices that much sooner.
 */
import type ExcelJSModule from 'exceljs';

let loading: Promise<typeof ExcelJSModule> | undefined;

export function excel(): Promise<typeof ExcelJSModule> {
  loading ??= import('exceljs').then((module) => module.default);
  return loading;
}
