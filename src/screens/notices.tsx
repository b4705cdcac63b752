/** Changes of this user's that the server replaced or refused, told in words. */
import type { Notice } from '../db/database.ts';
import { useLive } from '../db/live.ts';
import { dismissNotice, latestNoticesWithRecords } from '../db/notices.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

export function NoticeText({ notice, label }: { notice: Notice; label: string }) {
  const { t, term, fieldName, fieldValue, refusal } = useI18n();
  const record = label ? `${term('table', notice.table)} ${label}` : term('table', notice.table);
  if (notice.kind === 'rejected') {
    const reason = notice.reason ?? { code: 'invalid', message: '' };
    return <>{t('noticeRejected', { record, reason: refusal(reason, notice.table) })}</>;
  }
  return (
    <>
      {(notice.conflicts ?? []).map((conflict) => {
        const field = fieldName(notice.table, conflict.field);
        if (conflict.element !== undefined) {
          // One tag of a set: say which, and whether the user's mark or removal was undone.
          const element = fieldValue(notice.table, conflict.field, conflict.element);
          const key = conflict.lost.value === true ? 'noticeElementAddLost' : 'noticeElementRemoveLost';
          return <span key={`${conflict.field}:${element}`}>{t(key, { record, field, element })}</span>;
        }
        return (
          <span key={conflict.field}>
            {t('noticeConflict', {
              record,
              field,
              kept: fieldValue(notice.table, conflict.field, conflict.kept.value),
              lost: fieldValue(notice.table, conflict.field, conflict.lost.value),
            })}
          </span>
        );
      })}
    </>
  );
}

export function Notices() {
  const { t } = useI18n();
  const { device } = useApp();
  const notices = useLive(() => latestNoticesWithRecords(device), [device], []);
  return (
    <main>
      <a class="back" href={href({ name: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{t('notices')}</h1>
      <ul class="list" data-testid="notices">
        {notices.map(({ notice, label }) => (
          <li key={notice.id} class={`row notice ${notice.seen ? 'seen' : ''}`}>
            <NoticeText notice={notice} label={label} />
            {!notice.seen && (
              <button type="button" class="link-button" onClick={() => dismissNotice(device, notice.id)}>
                {t('dismiss')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
