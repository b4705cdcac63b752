/**
 * What is due on a round: follow-ups due today or overdue, then the households not visited in N
 * days (a setting), special-care households first, then by building, unit and room. Filterable
 * by care tag. Works offline; updates the moment a visit is saved.
 */
import { useEffect, useState } from 'preact/hooks';
import { CARE_TAGS, type CareTag } from '../../shared/domain.ts';
import { FollowUpList } from '../components/follow-ups.tsx';
import { HouseholdRow } from '../components/household-row.tsx';
import { VirtualList } from '../components/virtual-list.tsx';
import { getPreference, putPreference } from '../db/device.ts';
import { useLive } from '../db/live.ts';
import { DEFAULT_DUE_DAYS, dueHouseholds, followUpsDue } from '../db/round.ts';
import { deviceNow } from '../db/write.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

const DAY_CHOICES = [7, 14, 30, 60, 90];
const ROW_HEIGHT = 76;

export function Due() {
  const { t, term } = useI18n();
  const { device } = useApp();
  const [days, setDays] = useState(DEFAULT_DUE_DAYS);
  const [tag, setTag] = useState<CareTag | null>(null);
  useEffect(() => {
    void getPreference('dueDays').then((stored) => stored && setDays(stored));
  }, []);
  const now = deviceNow(device);
  // null until first read: "0 户" before the households are counted would be a wrong answer.
  const due = useLive<Awaited<ReturnType<typeof dueHouseholds>> | null>(
    () => dueHouseholds(device, { days, now, ...(tag ? { tag } : {}) }),
    [device, days, tag],
    null,
  );
  const followUps = useLive(() => followUpsDue(device, now), [device], []);

  const chooseDays = (value: number) => {
    setDays(value);
    void putPreference('dueDays', value);
  };

  return (
    <main>
      <a class="back" href={href({ name: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{t('dueTitle')}</h1>
      {followUps.length > 0 && (
        <>
          <h2>{t('followUpsDue', { count: followUps.length })}</h2>
          <FollowUpList followUps={followUps} />
        </>
      )}
      <label>
        {t('dueAfterDays')}
        <select name="dueDays" value={String(days)} onChange={(e) => chooseDays(Number(e.currentTarget.value))}>
          {DAY_CHOICES.map((choice) => (
            <option key={choice} value={String(choice)}>
              {t('daysCount', { count: choice })}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{t('filterByTag')}</legend>
        <div class="chips">
          <button
            type="button"
            class={`chip ${tag === null ? 'chosen' : ''}`}
            aria-pressed={tag === null}
            onClick={() => setTag(null)}
          >
            {t('allHouseholds')}
          </button>
          {CARE_TAGS.map((value) => (
            <button
              key={value}
              type="button"
              class={`chip ${tag === value ? 'chosen' : ''}`}
              aria-pressed={tag === value}
              onClick={() => setTag(tag === value ? null : value)}
            >
              {term('careTag', value)}
            </button>
          ))}
        </div>
      </fieldset>
      {due === null ? (
        <p aria-busy="true">&nbsp;</p>
      ) : (
        <h2 data-testid="due-count">{t('dueHouseholds', { count: due.length, days })}</h2>
      )}
      {due === null ? null : due.length === 0 ? (
        <p class="empty">{t('nothingDue')}</p>
      ) : (
        <VirtualList
          items={due}
          rowHeight={ROW_HEIGHT}
          testId="due-households"
          label={t('dueTitle')}
          keyOf={(item) => item.household.id}
          renderRow={(item) => <HouseholdRow household={item.household} lastVisit={item.lastVisit ?? null} />}
        />
      )}
    </main>
  );
}
