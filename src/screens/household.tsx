/**
 * A household: who lives there, its care tags and notes, the needs still open (each can become an
 * issue report, linked both ways), and its visits newest first with who visited and who was met.
 */
import { useState } from 'preact/hooks';
import { maskPhone, seesCareTags } from '../../shared/masking.ts';
import { orderedTags } from '../components/household-row.tsx';
import { Photos } from '../components/photo.tsx';
import { Refusal, StateBadge } from '../components/state-badge.tsx';
import { householdById, residentsOf } from '../db/households.ts';
import { issuesByNeed } from '../db/issues.ts';
import { useLive } from '../db/live.ts';
import { peopleById } from '../db/people.ts';
import { listedVisitNeeds, listVisitNeed } from '../db/service-needs.ts';
import { openNeedsOf, visitsOfHousehold } from '../db/visits.ts';
import { wishesOfHousehold } from '../db/wishes.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

/**
 * A phone number masked until the user asks to see it (to call), then a tap-to-call link:
 * 138****5678 is enough to recognise a number, not enough to copy it off a shoulder.
 */
function PhoneNumber({ phone }: { phone: string | null | undefined }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  if (!phone) return <>—</>;
  if (shown) return <a href={`tel:${phone}`}>{phone}</a>;
  return (
    <>
      {maskPhone(phone)}
      <button type="button" class="link-button inline" onClick={() => setShown(true)}>
        {t('showNumber')}
      </button>
    </>
  );
}

function Residents({ householdId }: { householdId: string }) {
  const { t, term, formatDate } = useI18n();
  const { device } = useApp();
  const residents = useLive(() => residentsOf(device, householdId), [device, householdId], []);
  const living = residents.filter((resident) => !resident.movedOutOn);
  const movedOut = residents.filter((resident) => resident.movedOutOn);
  const row = (resident: (typeof residents)[number]) => (
    <li key={resident.id}>
      <a class="row" href={href({ name: 'resident', householdId, id: resident.id })}>
        <span class="row-title">
          {resident.name} · {resident.relation}
        </span>
        <span class="row-meta">
          {resident.birthYear && <span>{t('bornIn', { year: resident.birthYear })}</span>}
          {orderedTags(resident.tags ?? []).map((tag) => (
            <span key={tag} class="tag">
              {term('careTag', tag)}
            </span>
          ))}
          {resident.movedOutOn && <span>{t('movedOutOn', { date: formatDate(resident.movedOutOn) })}</span>}
          {resident.syncState !== 'synced' && <StateBadge state={resident.syncState} />}
          <Refusal table="residents" record={resident} />
        </span>
      </a>
    </li>
  );
  return (
    <section>
      <h2>{t('residentsCount', { count: living.length })}</h2>
      <ul class="list" data-testid="residents">
        {living.length === 0 && <li class="empty">{t('noResidents')}</li>}
        {living.map(row)}
      </ul>
      {movedOut.length > 0 && (
        <details>
          <summary>{t('movedOutCount', { count: movedOut.length })}</summary>
          <ul class="list">{movedOut.map(row)}</ul>
        </details>
      )}
      <a class="button secondary" href={href({ name: 'resident', householdId })} data-testid="add-resident">
        + {t('addResident')}
      </a>
    </section>
  );
}

export function Household({ id }: { id: string }) {
  const { t, term, formatDate, fieldName } = useI18n();
  const { device, user, requestSync } = useApp();
  const household = useLive(() => householdById(device, id), [device, id], undefined);
  const history = useLive(
    async () => {
      const [visits, people, issues, wishes, listed] = await Promise.all([
        visitsOfHousehold(device, id),
        peopleById(device),
        issuesByNeed(device, id),
        wishesOfHousehold(device, id),
        listedVisitNeeds(device, id),
      ]);
      return { visits, people, issues, wishes, listed };
    },
    [device, id],
    { visits: [], people: new Map(), issues: new Map(), wishes: [], listed: new Set<string>() },
  );
  if (!household) return <main class="empty">…</main>;
  const openNeeds = openNeedsOf(history.visits);
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
        <dd>
          <PhoneNumber phone={household.phone} />
        </dd>
        <dt>{fieldName('households', 'memberCount')}</dt>
        <dd>{household.memberCount}</dd>
        {seesCareTags(user.role) && (
          <>
            <dt>{fieldName('households', 'tags')}</dt>
            <dd data-testid="household-tags">
              {household.tags.length === 0
                ? t('noTags')
                : orderedTags(household.tags).map((tag) => (
                    <span key={tag} class="tag">
                      {term('careTag', tag)}
                    </span>
                  ))}
            </dd>
          </>
        )}
        {household.notes && (
          <>
            <dt>{fieldName('households', 'notes')}</dt>
            <dd>{household.notes}</dd>
          </>
        )}
      </dl>
      <Refusal table="households" record={household} />
      <a class="button secondary" href={href({ name: 'household-edit', id })} data-testid="edit-household">
        {t('editHousehold')}
      </a>
      <a class="button primary" href={href({ name: 'visit', householdId: id })} data-testid="log-visit">
        {t('logVisit')}
      </a>
      {openNeeds.length > 0 && (
        <section>
          <h2>{t('openNeeds', { count: openNeeds.length })}</h2>
          <ul class="list" data-testid="open-needs">
            {openNeeds.map(({ need, visit }) => {
              const issue = history.issues.get(need.id);
              return (
                <li key={need.id} class="row">
                  <span class="row-title">
                    {term('needKind', need.kind)}：{need.text}
                  </span>
                  <span class="row-meta">
                    {t('raisedOn', { date: formatDate(visit.visitedAt) })}
                    {issue ? (
                      <a href={href({ name: 'issue', id: issue.id })}>
                        {t('reportedAsIssue', { status: term('issueStatus', issue.status) })}
                      </a>
                    ) : (
                      <a
                        href={href({ name: 'report-issue', householdId: id, visitId: visit.id, needId: need.id })}
                        data-testid="need-to-issue"
                      >
                        {t('needToIssue')}
                      </a>
                    )}
                    {history.listed.has(need.id) ? (
                      <span>{t('needListed')}</span>
                    ) : (
                      <button
                        type="button"
                        class="link-button"
                        data-testid="need-to-list"
                        onClick={() =>
                          void listVisitNeed(device, household, { need, visit }, user.id).then(requestSync)
                        }
                      >
                        {t('putOnList')}
                      </button>
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      )}
      {history.wishes.length > 0 && (
        <section>
          <h2>{t('householdWishes', { count: history.wishes.length })}</h2>
          <ul class="list" data-testid="household-wishes">
            {history.wishes.map((view) => (
              <li key={view.wish.id}>
                <a class="row" href={href({ name: 'service', page: 'wish', id: view.wish.id })}>
                  <span class="row-title">{view.wish.text}</span>
                  <span class="row-meta">
                    <span class={`status wish-${view.status}`}>{term('wishStatus', view.status)}</span>
                    <span>{formatDate(view.wish.recordedAt)}</span>
                    {(view.pending || view.wish.syncState !== 'synced') && (
                      <StateBadge state={view.pending ? 'pending' : view.wish.syncState} />
                    )}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Residents householdId={id} />
      <h2>{t('visitHistory')}</h2>
      <ul class="list" data-testid="visit-history">
        {history.visits.length === 0 && <li class="empty">{t('noVisits')}</li>}
        {history.visits.map((visit) => (
          <li key={visit.id} class="row visit" data-visit-id={visit.id}>
            <span class="row-title">
              {term('purpose', visit.purpose)} · {formatDate(visit.visitedAt, true)}
            </span>
            <span class="row-meta">
              <span>{t('visitedBy', { name: history.people.get(visit.visitorId)?.displayName ?? t('someone') })}</span>
              {visit.metWith && <span>{t('metWithName', { name: visit.metWith })}</span>}
              {visit.followUpOn && <span>{t('followUpOnDate', { date: formatDate(visit.followUpOn) })}</span>}
            </span>
            {visit.needs.length > 0 && (
              <span class="visit-needs">
                {visit.needs.map((need) => `${term('needKind', need.kind)}：${need.text}`).join('；')}
              </span>
            )}
            {visit.note && <span class="visit-note">{visit.note}</span>}
            <Photos hashes={visit.photoHashes} />
            <span class="row-meta">
              <StateBadge state={visit.syncState} />
              <Refusal table="visits" record={visit} />
              {visit.syncState === 'rejected' && (
                <a href={href({ name: 'visit', householdId: id, againId: visit.id })} data-testid="record-again">
                  {t('recordAgain')}
                </a>
              )}
            </span>
          </li>
        ))}
      </ul>
    </main>
  );
}
