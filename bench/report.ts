/**
 * What one bench run measured: named figures (written to bench/last-results.json) and the rows of
 * the one table it prints. Figures only, never pass or fail: the aims are printed beside them.
 */
import { cpus, loadavg, totalmem } from 'node:os';

export type Figure = number | string | boolean | null;

export interface Row {
  section: string;
  figure: string;
  value: string;
  /** What it is measured against in the same run (a ratio), or the aim. */
  beside: string;
}

export class Report {
  readonly figures: Record<string, Figure> = {};
  readonly rows: Row[] = [];
  readonly notes: string[] = [];

  set(key: string, value: Figure): void {
    this.figures[key] = typeof value === 'number' && !Number.isInteger(value) ? round(value, 3) : value;
  }

  row(section: string, figure: string, value: string, beside = ''): void {
    this.rows.push({ section, figure, value, beside });
  }

  note(text: string): void {
    this.notes.push(text);
  }
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Records (or rows, pages…) a second. */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? Math.round((count / ms) * 1000) : 0;
}

export const count = (n: number): string => Math.round(n).toLocaleString('en-US');
export const rps = (n: number): string => `${count(n)}/s`;
export const ms = (n: number): string => (n >= 100 ? `${count(n)} ms` : `${n.toFixed(n >= 10 ? 1 : 2)} ms`);
export const seconds = (msValue: number): string => `${(msValue / 1000).toFixed(2)} s`;
export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const times = (ratio: number): string => `${ratio.toFixed(2)}×`;
export const share = (ratio: number): string => `${Math.round(ratio * 100)}%`;

/** Nearest-rank percentile of values (sorted here). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export interface Machine {
  cpu: string;
  cores: number;
  memory_gb: number;
  node: string;
  /** The 1-minute load average when the run started: other work on the machine skews absolutes. */
  load_at_start: number;
}

export function machine(): Machine {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memory_gb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    load_at_start: round(loadavg()[0] ?? 0, 2),
  };
}

/** The table, sections in the order they were measured, columns sized to their longest cell. */
export function formatTable(rows: readonly Row[]): string {
  const header: Row = { section: 'part', figure: 'figure', value: 'value', beside: 'beside it, same run (or aim)' };
  const all = [header, ...rows];
  const width = (key: keyof Row) => Math.max(...all.map((row) => [...row[key]].length));
  const [section, figure, value] = [width('section'), width('figure'), width('value')];
  const pad = (text: string, size: number) => text + ' '.repeat(Math.max(0, size - [...text].length));
  const padStart = (text: string, size: number) => ' '.repeat(Math.max(0, size - [...text].length)) + text;
  const line = (row: Row, previous?: Row) =>
    [
      pad(previous?.section === row.section ? '' : row.section, section),
      pad(row.figure, figure),
      padStart(row.value, value),
      row.beside,
    ]
      .join('  ')
      .trimEnd();
  const rule = '-'.repeat(section + figure + value + 6 + Math.min(60, width('beside')));
  return [line(header), rule, ...rows.map((row, i) => line(row, rows[i - 1]))].join('\n');
}
