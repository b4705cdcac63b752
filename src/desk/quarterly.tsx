/**
 * The quarterly report (季度述职) of the community or a compound branch: the quarter's visits and
 * coverage, issues, micro-wishes, projects, co-building activities and in-service members' hours,
 * as a page that prints on A4 (desk.css, @media print) and as a workbook. Figures from the server.
 */
import { useState } from 'preact/hooks';
import type { QuarterlyReport } from '../../shared/desk-messages.ts';
import { useLive } from '../db/live.ts';
import { allPlaces } from '../db/places.ts';
import { useI18n } from '../i18n/index.ts';
import { useApp } from '../session.ts';
import { quarterlyReport, quarterlyWorkbookUrl } from './api.ts';
import { chinaToday, Failure, TableScroll, useRequest } from './common.tsx';
import { EmployerRows, MemberRows } from './hours.tsx';

/** The quarter a CST day is in, and the ones before it: 2026-Q4, 2026-Q3, … */
function quartersUpTo(day: string, count: number): string[] {
  let year = Number(day.slice(0, 4));
  let q = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  const quarters: string[] = [];
  for (let i = 0; i < count; i++) {
    quarters.push(`${year}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      year -= 1;
    }
  }
  return quarters;
}

function share(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : '—';
}

function useQuarterName() {
  const { t } = useI18n();
  return (quarter: string) =>
    t('quarterOfYear', {
      year: quarter.slice(0, 4),
      quarter: t(`quarter${quarter.slice(-1) as '1' | '2' | '3' | '4'}`),
    });
}

function Figures({ items }: { items: [label: string, value: string | number, testId?: string][] }) {
  return (
    <dl class="report-figures">
      {items.map(([label, value, testId]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd {...(testId ? { 'data-testid': testId } : {})}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Table({ head, rows, label }: { head: string[]; rows: (string | number)[][]; label: string }) {
  const { t } = useI18n();
  return (
    <TableScroll label={label}>
      <table class="desk-table report-table">
        <thead>
          <tr>
            {head.map((cell) => (
              <th scope="col" key={cell}>
                {cell}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={head.length}>{t('noneInQuarter')}</td>
            </tr>
          )}
          {rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) =>
                column === 0 ? (
                  <th scope="row" key={column}>
                    {cell}
                  </th>
                ) : (
                  <td key={column}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Report({ report }: { report: QuarterlyReport }) {
  const { t, term, formatDate } = useI18n();
  const quarterName = useQuarterName();
  const { visits, issues, wishes, projects, activities, hours } = report;
  const hoursValue = (value: number | null) => (value === null ? t('noFigure') : t('hoursValue', { value }));
  return (
    <article class="quarterly-report" data-testid="quarterly-report">
      <header>
        <h1>{t('quarterlyTitle', { place: report.place.name, quarter: quarterName(report.quarter) })}</h1>
        <p>{t('reportPeriod', { from: report.from, to: report.to })}</p>
      </header>
      <section>
        <h2>{t('sectionVisits')}</h2>
        <Figures
          items={[
            [t('figureHouseholds'), visits.households],
            [t('figureVisits'), visits.visits, 'report-visits'],
            [t('figureVisitedHouseholds'), visits.visitedHouseholds],
            [t('figureCoverageShare'), share(visits.visitedHouseholds, visits.households), 'report-coverage'],
          ]}
        />
        <Table
          label={t('sectionVisits')}
          head={[t('columnGrid'), t('columnHouseholds'), t('columnVisited'), t('columnVisits'), t('columnCoverage')]}
          rows={visits.byGrid.map((grid) => [
            grid.name,
            grid.households,
            grid.visited,
            grid.visits,
            share(grid.visited, grid.households),
          ])}
        />
      </section>
      <section>
        <h2>{t('sectionIssues')}</h2>
        <Figures
          items={[
            [t('figureReported'), issues.reported, 'report-issues'],
            [t('figureResolved'), issues.resolved],
            [t('figureMedianResolve'), hoursValue(issues.medianResolveHours)],
            [
              t('figureResolvedWithin7'),
              issues.resolvedWithin7Days === null ? t('noFigure') : share(issues.resolvedWithin7Days, 1),
            ],
          ]}
        />
        <Table
          label={t('sectionIssues')}
          head={[t('columnCategory'), t('columnIssues')]}
          rows={Object.entries(issues.byCategory).map(([category, n]) => [term('issueCategory', category as never), n])}
        />
      </section>
      <section>
        <h2>{t('sectionWishes')}</h2>
        <Figures
          items={[
            [t('figureWishesRecorded'), wishes.recorded, 'report-wishes-recorded'],
            [t('figureWishesClaimed'), wishes.claimed, 'report-wishes-claimed'],
            [t('figureWishesFulfilled'), wishes.fulfilled, 'report-wishes-fulfilled'],
            [t('figureWishesConfirmed'), wishes.confirmed, 'report-wishes-confirmed'],
          ]}
        />
        <Table
          label={t('sectionWishes')}
          head={[t('columnGrid'), t('columnRecorded'), t('columnFulfilled')]}
          rows={wishes.byGrid.map((grid) => [grid.name || t('noFigure'), grid.recorded, grid.fulfilled])}
        />
      </section>
      <section>
        <h2>{t('sectionProjects')}</h2>
        <Figures
          items={[
            [t('figureProjectsProposed'), projects.proposed],
            [t('figureProjectsAgreed'), projects.agreed, 'report-projects-agreed'],
            [t('figureProjectsDone'), projects.done, 'report-projects-done'],
          ]}
        />
        <Table
          label={t('sectionProjects')}
          head={[t('columnProject'), t('columnOwner'), t('columnStatus'), t('columnDue'), t('columnDoneAt')]}
          rows={projects.list.map((project) => [
            project.title,
            project.owner,
            term('projectStatus', project.status as never),
            project.dueOn ? formatDate(project.dueOn) : '—',
            project.doneAt ? formatDate(project.doneAt) : '—',
          ])}
        />
      </section>
      <section>
        <h2>{t('sectionActivities')}</h2>
        <Figures
          items={[
            [t('figureActivities'), activities.count, 'report-activities'],
            [t('figureResidentsServed'), activities.residentsServed],
            [t('figurePartnersTookPart'), activities.partners.length],
          ]}
        />
        <div class="two-tables">
          <Table
            label={t('sectionActivities')}
            head={[t('columnKind'), t('columnCount')]}
            rows={Object.entries(activities.byKind).map(([kind, n]) => [term('activityKind', kind as never), n])}
          />
          <Table
            label={t('figurePartnersTookPart')}
            head={[t('columnPartner'), t('columnActivities')]}
            rows={activities.partners.map((partner) => [partner.name, partner.activities])}
          />
        </div>
      </section>
      <section>
        <h2>{t('sectionHours')}</h2>
        <Figures
          items={[
            [t('figureMemberHours'), hoursValue(hours.totalHours), 'report-hours'],
            [t('columnMembers'), hours.members.length],
          ]}
        />
        <div class="two-tables">
          <EmployerRows rows={hours.employers} />
          <MemberRows rows={hours.members} />
        </div>
      </section>
      <footer>
        <p class="hint">{t('reportFootnote')}</p>
      </footer>
    </article>
  );
}

export function Quarterly({ search }: { search?: string | undefined }) {
  const { t } = useI18n();
  const { device, user } = useApp();
  const quarterName = useQuarterName();
  const params = new URLSearchParams(search ?? '');
  const quarters = quartersUpTo(chinaToday(), 8);
  // The quarter just ended is the one a report is written about.
  const [quarter, setQuarter] = useState(params.get('quarter') ?? (quarters[1] as string));
  const [placeId, setPlaceId] = useState(params.get('placeId') ?? user.place.id);
  const places = useLive(
    async () => (await allPlaces(device)).filter((place) => place.kind === 'community' || place.kind === 'compound'),
    [device],
    [],
  );
  const query = { quarter, placeId };
  const [loaded] = useRequest(() => quarterlyReport(query), [quarter, placeId]);
  return (
    <>
      <div class="report-controls filters">
        <label>
          {t('reportQuarter')}
          <select name="quarter" value={quarter} onChange={(e) => setQuarter(e.currentTarget.value)}>
            {(quarters.includes(quarter) ? quarters : [quarter, ...quarters]).map((one) => (
              <option key={one} value={one}>
                {quarterName(one)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reportPlace')}
          <select name="place" value={placeId} onChange={(e) => setPlaceId(e.currentTarget.value)}>
            {places.map((place) => (
              <option key={place.id} value={place.id}>
                {place.name}
              </option>
            ))}
          </select>
        </label>
        <div class="filter-actions">
          <button type="button" class="button primary-inline" onClick={() => window.print()} data-testid="print-report">
            {t('printReport')}
          </button>
          <a class="button" href={quarterlyWorkbookUrl(query)} download data-testid="quarterly-xlsx">
            {t('exportXlsx')}
          </a>
        </div>
      </div>
      {loaded.state === 'loading' && <p>{t('loadingData')}</p>}
      {loaded.state === 'failed' && <Failure error={loaded.error} t={t} />}
      {loaded.state === 'ready' && <Report report={loaded.value} />}
    </>
  );
}
