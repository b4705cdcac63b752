/**
 * In-service party members' volunteer hours (在职党员报到), per member and per the co-building
 * unit they work at, for the units' annual evaluation: on screen, and as a workbook.
 */
import type { EmployerHoursRow, MemberHoursRow } from '../../shared/desk-messages.ts';
import { useI18n } from '../i18n/index.ts';
import { memberHours, memberHoursWorkbookUrl } from './api.ts';
import { chinaToday, Failure, RangeForm, TableScroll, useRange, useRequest } from './common.tsx';

export function MemberRows({ rows }: { rows: MemberHoursRow[] }) {
  const { t } = useI18n();
  return (
    <TableScroll label={t('hoursByMember')}>
      <table class="desk-table" data-testid="hours-by-member">
        <thead>
          <tr>
            <th scope="col">{t('columnMember')}</th>
            <th scope="col">{t('columnEmployer')}</th>
            <th scope="col">{t('columnActivities')}</th>
            <th scope="col">{t('columnHours')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.memberId}>
              <th scope="row">{row.name}</th>
              <td>{row.employer || t('noEmployer')}</td>
              <td>{row.activities}</td>
              <td>{row.hours}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function EmployerRows({ rows }: { rows: EmployerHoursRow[] }) {
  const { t } = useI18n();
  return (
    <TableScroll label={t('hoursByEmployer')}>
      <table class="desk-table" data-testid="hours-by-employer">
        <thead>
          <tr>
            <th scope="col">{t('columnEmployer')}</th>
            <th scope="col">{t('columnMembers')}</th>
            <th scope="col">{t('columnHours')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.partnerId ?? 'none'}>
              <th scope="row">{row.name || t('noEmployer')}</th>
              <td>{row.members}</td>
              <td>{row.hours}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function Hours() {
  const { t } = useI18n();
  const today = chinaToday();
  const state = useRange({ from: `${today.slice(0, 4)}-01-01`, to: today });
  const [loaded] = useRequest(() => memberHours(state.range), [state.range.from, state.range.to, state.round]);
  return (
    <>
      <h1>{t('hoursTitle')}</h1>
      <RangeForm state={state} />
      <p>
        <a class="button" href={memberHoursWorkbookUrl(state.range)} download data-testid="hours-xlsx">
          {t('exportXlsx')}
        </a>
      </p>
      {loaded.state === 'loading' && <p>{t('loadingData')}</p>}
      {loaded.state === 'failed' && <Failure error={loaded.error} t={t} />}
      {loaded.state === 'ready' &&
        (loaded.value.members.length === 0 ? (
          <p class="empty">{t('noHours')}</p>
        ) : (
          <>
            <p data-testid="hours-summary">
              {t('hoursSummary', { hours: loaded.value.totalHours, members: loaded.value.members.length })}
            </p>
            <div class="two-tables">
              <section>
                <h2>{t('hoursByEmployer')}</h2>
                <EmployerRows rows={loaded.value.employers} />
              </section>
              <section>
                <h2>{t('hoursByMember')}</h2>
                <MemberRows rows={loaded.value.members} />
              </section>
            </div>
          </>
        ))}
    </>
  );
}
