/**
 * The quarterly report and the members' hours as workbooks, in Chinese: one sheet per part, the
 * same words the printable page uses (src/i18n/desk.ts) and the same figures (already counted by
 * the database). Written by exceljs's streaming writer, as the exports are.
 */
import { PassThrough } from 'node:stream';
import type { EmployerHoursRow, MemberHours, MemberHoursRow, QuarterlyReport } from '../../shared/desk-messages.ts';
import { deskZh } from '../../src/i18n/desk.ts';
import { zhTerms } from '../../src/i18n/terms.ts';
import { excel } from '../excel.ts';
import { chinaDay } from './days.ts';

type Cell = string | number;
const words = deskZh;

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** 2026-Q3 → 2026 年第三季度. */
export function quarterInChinese(quarter: string): string {
  const n = quarter.slice(-1) as '1' | '2' | '3' | '4';
  return fill(words.quarterOfYear, { year: quarter.slice(0, 4), quarter: words[`quarter${n}`] });
}

function share(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : '—';
}

function name(vocabulary: Record<string, string>, value: string): string {
  return vocabulary[value] ?? value;
}

async function writeBook(out: PassThrough, sheets: { name: string; rows: Cell[][] }[]): Promise<void> {
  const ExcelJS = await excel();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  for (const { name: sheetName, rows } of sheets) {
    const sheet = workbook.addWorksheet(sheetName);
    for (const row of rows) sheet.addRow(row).commit();
    sheet.commit();
  }
  await workbook.commit();
}

/** The book as a stream the reply sends; a failure midway ends it with an error. */
function bookStream(sheets: { name: string; rows: Cell[][] }[]): PassThrough {
  const out = new PassThrough();
  writeBook(out, sheets).catch((error: unknown) =>
    out.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return out;
}

function memberRows(members: MemberHoursRow[]): Cell[][] {
  return [
    [words.columnMember, words.columnEmployer, words.columnActivities, words.columnHours],
    ...members.map((row) => [row.name, row.employer || words.noEmployer, row.activities, row.hours]),
  ];
}

function employerRows(employers: EmployerHoursRow[]): Cell[][] {
  return [
    [words.columnEmployer, words.columnMembers, words.columnHours],
    ...employers.map((row) => [row.name || words.noEmployer, row.members, row.hours]),
  ];
}

export function memberHoursWorkbook(hours: MemberHours): PassThrough {
  return bookStream([
    { name: words.hoursByMember, rows: memberRows(hours.members) },
    { name: words.hoursByEmployer, rows: employerRows(hours.employers) },
  ]);
}

export function memberHoursFileName(hours: MemberHours): string {
  return `${words.hoursTitle}-${hours.from}-${hours.to}.xlsx`;
}

export function quarterlyFileName(report: QuarterlyReport): string {
  return `${report.place.name}${quarterInChinese(report.quarter)}述职.xlsx`;
}

export function quarterlyWorkbook(report: QuarterlyReport): PassThrough {
  const { visits, issues, wishes, projects, activities, hours } = report;
  const hoursValue = (value: number | null) => (value === null ? '—' : fill(words.hoursValue, { value }));
  const summary: Cell[][] = [
    [words.columnItem, words.columnValue],
    [words.reportPlace, report.place.name],
    [words.reportQuarter, quarterInChinese(report.quarter)],
    [fill(words.reportPeriod, { from: report.from, to: report.to }), ''],
    [words.sectionVisits, ''],
    [words.figureHouseholds, visits.households],
    [words.figureVisits, visits.visits],
    [words.figureVisitedHouseholds, visits.visitedHouseholds],
    [words.figureCoverageShare, share(visits.visitedHouseholds, visits.households)],
    [words.sectionIssues, ''],
    [words.figureReported, issues.reported],
    [words.figureResolved, issues.resolved],
    [words.figureMedianResolve, hoursValue(issues.medianResolveHours)],
    [words.figureResolvedWithin7, issues.resolvedWithin7Days === null ? '—' : share(issues.resolvedWithin7Days, 1)],
    [words.sectionWishes, ''],
    [words.figureWishesRecorded, wishes.recorded],
    [words.figureWishesClaimed, wishes.claimed],
    [words.figureWishesFulfilled, wishes.fulfilled],
    [words.figureWishesConfirmed, wishes.confirmed],
    [words.sectionProjects, ''],
    [words.figureProjectsProposed, projects.proposed],
    [words.figureProjectsAgreed, projects.agreed],
    [words.figureProjectsDone, projects.done],
    [words.sectionActivities, ''],
    [words.figureActivities, activities.count],
    [words.figureResidentsServed, activities.residentsServed],
    [words.figurePartnersTookPart, activities.partners.length],
    [words.sectionHours, ''],
    [words.figureMemberHours, hoursValue(hours.totalHours)],
    [words.columnMembers, hours.members.length],
  ];
  return bookStream([
    { name: words.sheetSummary, rows: summary },
    {
      name: words.sectionVisits.slice(2),
      rows: [
        [words.columnGrid, words.columnHouseholds, words.columnVisited, words.columnVisits, words.columnCoverage],
        ...visits.byGrid.map((grid) => [
          grid.name,
          grid.households,
          grid.visited,
          grid.visits,
          share(grid.visited, grid.households),
        ]),
      ],
    },
    {
      name: words.sectionIssues.slice(2),
      rows: [
        [words.columnCategory, words.columnIssues],
        ...Object.entries(issues.byCategory).map(([category, n]) => [name(zhTerms.issueCategory, category), n]),
      ],
    },
    {
      name: words.sectionWishes.slice(2),
      rows: [
        [words.columnGrid, words.columnRecorded, words.columnFulfilled],
        ...wishes.byGrid.map((grid) => [grid.name, grid.recorded, grid.fulfilled]),
      ],
    },
    {
      name: words.sectionProjects.slice(2),
      rows: [
        [words.columnProject, words.columnOwner, words.columnStatus, words.columnDue, words.columnDoneAt],
        ...projects.list.map((project) => [
          project.title,
          project.owner,
          name(zhTerms.projectStatus, project.status),
          project.dueOn ?? '',
          project.doneAt ? chinaDay(Date.parse(project.doneAt)) : '',
        ]),
      ],
    },
    {
      name: words.sectionActivities.slice(2),
      rows: [
        [words.columnKind, words.columnCount],
        ...Object.entries(activities.byKind).map(([kind, n]) => [name(zhTerms.activityKind, kind), n]),
        [],
        [words.columnPartner, words.columnActivities],
        ...activities.partners.map((partner) => [partner.name, partner.activities]),
      ],
    },
    { name: words.hoursByMember, rows: memberRows(hours.members) },
    { name: words.hoursByEmployer, rows: employerRows(hours.employers) },
  ]);
}
