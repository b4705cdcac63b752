/** Changes of this user's that the server replaced or refused, told in words. */
import { useLive } from '../components/use-live.ts';
import type { Notice } from '../db/database.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function NoticeText({ notice }: { notice: Notice }) {
  const { t, term } = useI18n();
  const record = term(notice.table);
  if (notice.kind === 'rejected') {
    return <>{t('noticeRejected', { record, message: notice.reason?.message ?? '' })}</>;
  }
  return (
    <>
      {(notice.conflicts ?? []).map((conflict) => (
        <span key={conflict.field}>
          {t('noticeConflict', {
            record,
            field: conflict.field,
            kept: show(conflict.kept.value),
            lost: show(conflict.lost.value),
          })}
        </span>
      ))}
    </>
  );
}

export function Notices() {
  const { t } = useI18n();
  const { device } = useApp();
  const notices = useLive(() => device.db.notices.orderBy('createdAt').reverse().limit(100).toArray(), [device], []);
  return (
    <main>
      <a class="back" href={href({ name: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{t('notices')}</h1>
      <ul class="list" data-testid="notices">
        {notices.map((notice) => (
          <li key={notice.id} class={`row notice ${notice.seen ? 'seen' : ''}`}>
            <NoticeText notice={notice} />
            {!notice.seen && (
              <button
                type="button"
                class="link-button"
                onClick={() => device.db.notices.update(notice.id, { seen: 1 })}
              >
                {t('dismiss')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}
