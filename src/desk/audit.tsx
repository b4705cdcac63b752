/**
 * The audit log, for the community's administrator: who signed in and from where, who exported
 * what, who imported rosters and changed accounts. Read only, newest first, filterable by action.
 */
import { useState } from 'preact/hooks';
import { BROWSE_TABLES, type BrowseTable } from '../../shared/desk-messages.ts';
import type { MessageKey } from '../i18n/catalogue.ts';
import { type Translator, useI18n } from '../i18n/index.ts';
import { type AuditEntry, auditLog, people } from './api.ts';
import { Failure, TableScroll, useRequest } from './common.tsx';

const ACTIONS: Record<string, MessageKey> = {
  sign_in: 'auditSignIn',
  sign_in_failed: 'auditSignInFailed',
  sign_in_refused: 'auditSignInRefused',
  sign_out: 'auditSignOut',
  export: 'auditExport',
  import: 'auditImport',
  user_created: 'auditUserCreated',
  user_changed: 'auditUserChanged',
  password_reset: 'auditPasswordReset',
};

const ACCOUNT_FIELDS: Record<string, MessageKey> = {
  displayName: 'accountName',
  role: 'accountRole',
  place: 'accountPlace',
  active: 'accountActive',
};

const isTable = (name: string): name is BrowseTable => (BROWSE_TABLES as readonly string[]).includes(name);

/** What was acted on, in words: a table and a file kind, or an account's name. */
function targetOf(entry: AuditEntry, names: Map<string, string>, { term }: Translator): string {
  if (!entry.target) return '';
  const [table = '', format] = entry.target.split('.');
  if (isTable(table)) return format ? `${term('table', table)} (${format.toUpperCase()})` : term('table', table);
  return names.get(entry.target) ?? entry.target.slice(0, 8);
}

/** The entry's counts in words. */
function detailOf(entry: AuditEntry, { t }: Translator): string {
  const detail = entry.detail ?? {};
  const count = (key: string) => Number(detail[key] ?? 0);
  switch (entry.action) {
    case 'export':
      return t(detail.searched ? 'auditRowsSearched' : 'auditRows', { rows: count('rows') });
    case 'import':
      return t('auditImported', {
        created: count('created'),
        updated: count('updated'),
        unchanged: count('unchanged'),
        rejected: count('rejected'),
      });
    case 'user_changed': {
      const fields = Array.isArray(detail.fields) ? (detail.fields as string[]) : [];
      return t('auditFields', {
        fields: fields.map((field) => (ACCOUNT_FIELDS[field] ? t(ACCOUNT_FIELDS[field]) : field)).join('、'),
      });
    }
    default:
      return '';
  }
}

export function AuditLog() {
  const i18n = useI18n();
  const { t, formatDate } = i18n;
  const [action, setAction] = useState('');
  const [loaded] = useRequest(() => auditLog(action || undefined), [action]);
  const [users] = useRequest(() => people(), []);
  const names = new Map(users.state === 'ready' ? users.value.map((person) => [person.id, person.displayName]) : []);
  return (
    <>
      <h1>{t('deskAudit')}</h1>
      <form class="filters inline" aria-label={t('filtersLegend')} onSubmit={(event) => event.preventDefault()}>
        <label>
          {t('auditAction')}
          <select data-testid="audit-action" value={action} onChange={(event) => setAction(event.currentTarget.value)}>
            <option value="">{t('anyValue')}</option>
            {Object.entries(ACTIONS).map(([value, label]) => (
              <option key={value} value={value}>
                {t(label)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {loaded.state === 'failed' && <Failure error={loaded.error} t={t} />}
      {loaded.state === 'ready' && loaded.value.length === 0 && <p class="empty">{t('noAudit')}</p>}
      {loaded.state === 'ready' && loaded.value.length > 0 && (
        <TableScroll label={t('deskAudit')}>
          <table class="desk-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('conflictAt')}</th>
                <th scope="col">{t('auditAction')}</th>
                <th scope="col">{t('auditWho')}</th>
                <th scope="col">{t('auditAddress')}</th>
                <th scope="col">{t('auditTarget')}</th>
                <th scope="col">{t('auditDetail')}</th>
              </tr>
            </thead>
            <tbody>
              {loaded.value.map((entry) => {
                const label = ACTIONS[entry.action];
                return (
                  <tr key={entry.id}>
                    <td>{formatDate(entry.at, true)}</td>
                    <td>{label ? t(label) : entry.action}</td>
                    <td>{(entry.userId && names.get(entry.userId)) || entry.username}</td>
                    <td class="muted">{entry.address}</td>
                    <td>{targetOf(entry, names, i18n)}</td>
                    <td class="wrap">{detailOf(entry, i18n)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
