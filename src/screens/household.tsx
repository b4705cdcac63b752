/** A household: who lives there, its special-care tags and its visits, newest first. */
import { Refusal, StateBadge } from '../components/state-badge.tsx';
import { householdById } from '../db/households.ts';
import { useLive } from '../db/live.ts';
import { visitsOfHousehold } from '../db/visits.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

/** Shows 138****5678: enough to recognise a number, not enough to copy it off a shoulder. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}

export function Household({ id }: { id: string }) {
  const { t, term, formatDate, fieldName } = useI18n();
  const { device } = useApp();
  const household = useLive(() => householdById(device, id), [device, id], undefined);
  const visits = useLive(() => visitsOfHousehold(device, id), [device, id], []);
  if (!household) return <main class="empty">…</main>;
  return (
    <main>
      <a class="back" href={href({ name: 'building', id: household.buildingId })}>
        ‹ {t('back')}
      </a>
      <h1>
        {household.roomNo} · {household.headName}
      </h1>
      <dl class="facts">
        <dt>{fieldName('households', 'headName')}</dt>
        <dd>{household.headName}</dd>
        <dt>{fieldName('households', 'phone')}</dt>
        <dd>{household.phone ? maskPhone(household.phone) : '—'}</dd>
        <dt>{fieldName('households', 'memberCount')}</dt>
        <dd>{household.memberCount}</dd>
        <dt>{fieldName('households', 'tags')}</dt>
        <dd>
          {household.tags.length === 0
            ? t('noTags')
            : household.tags.map((tag) => (
                <span key={tag} class="tag">
                  {term('careTag', tag)}
                </span>
              ))}
        </dd>
        {household.notes && (
          <>
            <dt>{fieldName('households', 'notes')}</dt>
            <dd>{household.notes}</dd>
          </>
        )}
      </dl>
      <a class="button primary" href={href({ name: 'visit', householdId: id })} data-testid="log-visit">
        {t('logVisit')}
      </a>
      <h2>{t('visitHistory')}</h2>
      <ul class="list" data-testid="visit-history">
        {visits.length === 0 && <li class="empty">{t('noVisits')}</li>}
        {visits.map((visit) => (
          <li key={visit.id} class="row visit" data-visit-id={visit.id}>
            <span class="row-title">
              {term('purpose', visit.purpose)} · {formatDate(visit.visitedAt, true)}
            </span>
            <span class="row-meta">
              {visit.needs.map((need) => `${term('needKind', need.kind)}：${need.text}`).join('；')}
              {visit.note ? ` ${visit.note}` : ''}
              <StateBadge state={visit.syncState} />
              <Refusal table="visits" record={visit} />
            </span>
          </li>
        ))}
      </ul>
    </main>
  );
}
