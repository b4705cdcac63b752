/**
 * The dashboard: this month's visit coverage by grid and by worker, households not visited in
 * 30 days, open issues by state, category and age, time to resolve, volunteer hours. Figures come
 * from the server (computed in SQL); every chart can also be read as a table.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Overview } from '../../shared/desk-messages.ts';
import { ISSUE_CATEGORIES } from '../../shared/domain.ts';
import { ISSUE_STATUSES } from '../../shared/issue-lifecycle.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { overview } from './api.ts';
import type { Series } from './charts.ts';
import { chinaToday, Failure, RangeForm, useRange, useRequest } from './common.tsx';

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : '—';
}

function Figure({ label, value, testId }: { label: string; value: string | number; testId: string }) {
  return (
    <div class="figure-card">
      <span class="figure-label">{label}</span>
      <strong class="figure-value" data-testid={testId}>
        {value}
      </strong>
    </div>
  );
}

/** A bar chart with the same figures as a table beneath it, for screen readers and for print. */
function ChartCard({
  title,
  labels,
  series,
  testId,
}: {
  title: string;
  labels: string[];
  series: Series[];
  testId: string;
}) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    let destroy: (() => void) | undefined;
    let live = true;
    void import('./charts.ts').then(({ drawBarChart }) => {
      if (!live || !canvas.current) return;
      destroy = drawBarChart(canvas.current, labels, series);
      setDrawn(true);
    });
    return () => {
      live = false;
      destroy?.();
    };
  }, [JSON.stringify([labels, series])]);
  const summary = labels
    .map((label, i) => `${label} ${series.map((one) => one.values[i] ?? 0).join('/')}`)
    .slice(0, 12)
    .join('，');
  return (
    <section class="chart-card" data-testid={testId}>
      <h2>{title}</h2>
      <div class="chart-box">
        <canvas ref={canvas} role="img" aria-label={t('chartSummary', { title, summary })} data-drawn={drawn} />
      </div>
      <details>
        <summary>{t('showAsTable')}</summary>
        <table class="desk-table compact">
          <thead>
            <tr>
              <th scope="col">{title}</th>
              {series.map((one) => (
                <th scope="col" key={one.label}>
                  {one.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {series.map((one) => (
                  <td key={one.label}>{one.values[i] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function Figures({ data }: { data: Overview }) {
  const { t } = useI18n();
  const open = Object.entries(data.issuesByStatus)
    .filter(([status]) => status !== 'resolved' && status !== 'closed')
    .reduce((sum, [, count]) => sum + count, 0);
  return (
    <div class="figures">
      <Figure label={t('figureHouseholds')} value={data.households} testId="figure-households" />
      <Figure label={t('figureVisits')} value={data.visits} testId="figure-visits" />
      <Figure label={t('figureVisitedHouseholds')} value={data.visitedHouseholds} testId="figure-visited" />
      <Figure
        label={t('figureCoverage')}
        value={percent(data.visitedHouseholds, data.households)}
        testId="figure-coverage"
      />
      <div class="figure-card">
        <span class="figure-label">{t('figureNotVisited30')}</span>
        <strong class="figure-value" data-testid="figure-not-visited">
          {data.notVisitedIn30Days}
        </strong>
        <span class="figure-note">
          {t('figureCareNotVisited30')} {data.careHouseholdsNotVisitedIn30Days} ·{' '}
          <a href={href({ name: 'desk', page: 'browse', arg: 'households', search: 'notVisitedDays=30&sort=care' })}>
            {t('seeNotVisited')}
          </a>
        </span>
      </div>
      <Figure label={t('figureOpenIssues')} value={open} testId="figure-open-issues" />
      <Figure label={t('figureEscalated')} value={data.escalated} testId="figure-escalated" />
      <Figure
        label={t('figureMedianResolve')}
        value={data.medianResolveHours === null ? t('noFigure') : t('hoursValue', { value: data.medianResolveHours })}
        testId="figure-median-resolve"
      />
      <Figure
        label={t('figureResolvedWithin7')}
        value={data.resolvedWithin7Days === null ? t('noFigure') : percent(data.resolvedWithin7Days, 1)}
        testId="figure-resolved-7"
      />
      <Figure
        label={t('figureVolunteerHours')}
        value={t('hoursValue', { value: data.volunteerHours })}
        testId="figure-hours"
      />
    </div>
  );
}

export function Dashboard() {
  const { t, term } = useI18n();
  const today = chinaToday();
  const state = useRange({ from: `${today.slice(0, 7)}-01`, to: today });
  const [loaded] = useRequest(() => overview(state.range), [state.range.from, state.range.to, state.round]);
  return (
    <>
      <h1>{t('deskDashboard')}</h1>
      <RangeForm state={state} />
      {loaded.state === 'loading' && <p>{t('loadingData')}</p>}
      {loaded.state === 'failed' && <Failure error={loaded.error} t={t} />}
      {loaded.state === 'ready' && (
        <>
          <Figures data={loaded.value} />
          <div class="charts">
            <ChartCard
              title={t('chartCoverage')}
              testId="chart-coverage"
              labels={loaded.value.coverageByGrid.map((grid) => grid.name)}
              series={[
                { label: t('seriesHouseholds'), values: loaded.value.coverageByGrid.map((grid) => grid.households) },
                { label: t('seriesVisited'), values: loaded.value.coverageByGrid.map((grid) => grid.visited) },
              ]}
            />
            <ChartCard
              title={t('chartWorkers')}
              testId="chart-workers"
              labels={loaded.value.visitsByWorker.map((worker) => worker.displayName || worker.userId.slice(0, 8))}
              series={[
                { label: t('seriesVisits'), values: loaded.value.visitsByWorker.map((worker) => worker.visits) },
              ]}
            />
            <ChartCard
              title={t('chartIssueStatus')}
              testId="chart-issue-status"
              labels={ISSUE_STATUSES.map((status) => term('issueStatus', status))}
              series={[
                { label: t('seriesIssues'), values: ISSUE_STATUSES.map((s) => loaded.value.issuesByStatus[s] ?? 0) },
              ]}
            />
            <ChartCard
              title={t('chartIssueCategory')}
              testId="chart-issue-category"
              labels={ISSUE_CATEGORIES.map((category) => term('issueCategory', category))}
              series={[
                {
                  label: t('seriesIssues'),
                  values: ISSUE_CATEGORIES.map((c) => loaded.value.issuesByCategory[c] ?? 0),
                },
              ]}
            />
            <ChartCard
              title={t('chartIssueAge')}
              testId="chart-issue-age"
              labels={[t('ageUnder3'), t('age3To7'), t('age7To30'), t('ageOver30')]}
              series={[
                {
                  label: t('seriesIssues'),
                  values: [
                    loaded.value.openIssuesByAge.under3Days,
                    loaded.value.openIssuesByAge.from3To7Days,
                    loaded.value.openIssuesByAge.from7To30Days,
                    loaded.value.openIssuesByAge.over30Days,
                  ],
                },
              ]}
            />
          </div>
        </>
      )}
    </>
  );
}
