/** This month's visit coverage: for the whole place, and building by building. */
import type { Coverage } from '../db/round.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';

function Meter({ done, total }: { done: number; total: number }) {
  const share = total > 0 ? Math.round((done / total) * 100) : 0;
  return (
    <span class="meter" aria-hidden="true">
      <span class="meter-fill" style={{ width: `${share}%` }} />
    </span>
  );
}

/**
 * The place's figure; while it is still being counted (null), a card of the same size with no
 * figure in it, rather than a "0 / 0" that is not true.
 */
export function CoverageCard({ coverage }: { coverage: Coverage | null }) {
  const { t } = useI18n();
  if (!coverage) {
    return (
      <section class="card" aria-busy="true">
        <p class="coverage-figure">&nbsp;</p>
        <Meter done={0} total={0} />
      </section>
    );
  }
  return (
    <section class="card" data-testid="coverage">
      <p class="coverage-figure">{t('visitedThisMonth', { done: coverage.visited, total: coverage.households })}</p>
      <Meter done={coverage.visited} total={coverage.households} />
    </section>
  );
}

/** The buildings of the place, each with its households visited this month. */
export function BuildingCoverageList({ coverage }: { coverage: Coverage | null }) {
  const { t } = useI18n();
  if (!coverage) return null;
  if (coverage.byBuilding.length === 0) return <p class="empty">{t('noData')}</p>;
  return (
    <ul class="list" data-testid="buildings">
      {coverage.byBuilding.map(({ building, households, visited }) => (
        <li key={building.id}>
          <a class="row" href={href({ name: 'building', id: building.id })}>
            <span class="row-title">{building.name}</span>
            <span class="row-meta">
              <span data-testid="building-coverage">{t('visitedThisMonth', { done: visited, total: households })}</span>
              <Meter done={visited} total={households} />
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}
