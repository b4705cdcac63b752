/** Changes of this user's that the server replaced or refused, told in words. */
import { useLive } from '../components/use-live.ts';
import type { Notice } from '../db/database.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';
import { useApp } from '../session.ts';

/** A field's value in words: tags and other domain values by their names, lists joined. */
function show(value: unknown, term: (value: string) => string): string {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return '—';
  if (Array.isArray(value)) return value.map((item) => show(item, term)).join('、');
  if (typeof value === 'string') return term(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function NoticeText({ notice }: { notice: Notice }) {
  const { t, term, fieldName } = useI18n();
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
            field: fieldName(conflict.field),
            kept: show(conflict.kept.value, term),
            lost: show(conflict.lost.value, term),
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
