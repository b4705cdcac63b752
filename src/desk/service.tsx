/**
 * The community service figures: the three lists and the wishes as they stand, projects agreed
 * and done by compound and quarter, wishes recorded and fulfilled by grid and month. Counted by
 * the server; the period defaults to this year.
 */
import type { ServiceFigures as Figures } from '../../shared/desk-messages.ts';
import { PROJECT_STATUSES } from '../../shared/project-lifecycle.ts';
import { WISH_STATUSES } from '../../shared/wish-lifecycle.ts';
import { useI18n } from '../i18n/index.ts';
import { serviceFigures } from './api.ts';
import { chinaToday, Failure, RangeForm, TableScroll, useRange, useRequest } from './common.tsx';

function Lists({ data }: { data: Figures }) {
  const { t, term } = useI18n();
  const card = (label: string, value: number, testId: string) => (
    <div class="figure-card" key={testId}>
      <span class="figure-label">{label}</span>
      <strong class="figure-value" data-testid={testId}>
        {value}
      </strong>
    </div>
  );
  return (
    <div class="figures">
      {card(t('figureOpenNeeds'), data.lists.openNeeds, 'figure-open-needs')}
      {card(t('figureNeeds'), data.lists.needs, 'figure-needs')}
      {card(t('figureResources'), data.lists.resources, 'figure-resources')}
      {card(t('figurePartners'), data.lists.partners, 'figure-partners')}
      {PROJECT_STATUSES.map((status) =>
        card(
          t('figureProjectsNow', { status: term('projectStatus', status) }),
          data.lists.projectsByStatus[status] ?? 0,
          `figure-projects-${status}`,
        ),
      )}
      {WISH_STATUSES.map((status) =>
        card(
          t('figureWishesNow', { status: term('wishStatus', status) }),
          data.lists.wishesByStatus[status] ?? 0,
          `figure-wishes-${status}`,
        ),
      )}
    </div>
  );
}

export function ServiceFigures() {
  const { t } = useI18n();
  const today = chinaToday();
  const state = useRange({ from: `${today.slice(0, 4)}-01-01`, to: today });
  const [loaded] = useRequest(() => serviceFigures(state.range), [state.range.from, state.range.to, state.round]);
  return (
    <>
      <h1>{t('deskServiceTitle')}</h1>
      <RangeForm state={state} />
      {loaded.state === 'loading' && <p>{t('loadingData')}</p>}
      {loaded.state === 'failed' && <Failure error={loaded.error} t={t} />}
      {loaded.state === 'ready' && (
        <>
          <h2>{t('listsNow')}</h2>
          <Lists data={loaded.value} />
          <h2>{t('projectsByQuarter')}</h2>
          <TableScroll label={t('projectsByQuarter')}>
            <table class="desk-table" data-testid="projects-by-quarter">
              <thead>
                <tr>
                  <th scope="col">{t('columnCompound')}</th>
                  <th scope="col">{t('columnQuarter')}</th>
                  <th scope="col">{t('columnAgreed')}</th>
                  <th scope="col">{t('columnDone')}</th>
                </tr>
              </thead>
              <tbody>
                {loaded.value.projectsByCompoundAndQuarter.length === 0 && (
                  <tr>
                    <td colSpan={4}>{t('noServiceRows')}</td>
                  </tr>
                )}
                {loaded.value.projectsByCompoundAndQuarter.map((row) => (
                  <tr key={`${row.compoundId}-${row.quarter}`}>
                    <th scope="row">{row.name}</th>
                    <td>{row.quarter}</td>
                    <td>{row.agreed}</td>
                    <td>{row.done}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <h2>{t('wishesByMonth')}</h2>
          <TableScroll label={t('wishesByMonth')}>
            <table class="desk-table" data-testid="wishes-by-month">
              <thead>
                <tr>
                  <th scope="col">{t('columnGrid')}</th>
                  <th scope="col">{t('columnMonth')}</th>
                  <th scope="col">{t('columnRecorded')}</th>
                  <th scope="col">{t('columnFulfilled')}</th>
                </tr>
              </thead>
              <tbody>
                {loaded.value.wishesByGridAndMonth.length === 0 && (
                  <tr>
                    <td colSpan={4}>{t('noServiceRows')}</td>
                  </tr>
                )}
                {loaded.value.wishesByGridAndMonth.map((row) => (
                  <tr key={`${row.gridId}-${row.month}`}>
                    <th scope="row">{row.name}</th>
                    <td>{row.month}</td>
                    <td>{row.recorded}</td>
                    <td>{row.fulfilled}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </>
  );
}
