/**
 * Accounts of the community: create one (its first password shown once), change a role or a
 * place, reset a password, switch an account off. Any change of who someone is or where they
 * stand signs them out at once; their phone's unsynced changes wait for the next sign-in.
 */
import { useState } from 'preact/hooks';
import type { Account } from '../../shared/desk-messages.ts';
import { type PlaceLevel, ROLES, type Role } from '../../shared/domain.ts';
import { useLive } from '../db/live.ts';
import { allPlaces } from '../db/places.ts';
import { useI18n } from '../i18n/index.ts';
import { useApp } from '../session.ts';
import { accounts, createAccount, resetPassword, updateAccount } from './api.ts';
import { errorWords, Failure, placeLabel, TableScroll, useRequest } from './common.tsx';

/** Where each role stands (the server checks the same). */
const LEVELS_OF_ROLE: Record<Role, readonly PlaceLevel[]> = {
  grid_worker: ['grid'],
  building_lead: ['building'],
  supervisor: ['community', 'compound'],
  admin: ['community'],
};

function usePlaceOptions() {
  const { device } = useApp();
  const places = useLive(() => allPlaces(device), [device], []);
  const byId = new Map(places.map((place) => [place.id, place]));
  const forRole = (role: Role) =>
    places
      .filter((place) => (LEVELS_OF_ROLE[role] as readonly string[]).includes(place.kind))
      .map((place) => ({ id: place.id, level: place.kind as PlaceLevel, label: placeLabel(byId, place.id) }));
  return { byId, forRole };
}

interface Draft {
  username: string;
  displayName: string;
  role: Role;
  placeId: string;
}

function NewAccount({ onCreated }: { onCreated: (account: Account, password: string) => void }) {
  const { t, term } = useI18n();
  const { forRole } = usePlaceOptions();
  const [draft, setDraft] = useState<Draft>({ username: '', displayName: '', role: 'grid_worker', placeId: '' });
  const [problems, setProblems] = useState<Partial<Record<keyof Draft, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const options = forRole(draft.role);
  const submit = async () => {
    const found: Partial<Record<keyof Draft, string>> = {};
    if (!/^[a-z0-9][a-z0-9_.-]{1,31}$/.test(draft.username.trim())) found.username = t('usernameRule');
    if (!draft.displayName.trim()) found.displayName = t('needName');
    const place = options.find((option) => option.id === draft.placeId);
    if (!place) found.placeId = t('needPlace');
    setProblems(found);
    setFailure(null);
    if (Object.keys(found).length > 0 || !place) return;
    try {
      const created = await createAccount({
        username: draft.username.trim(),
        displayName: draft.displayName.trim(),
        role: draft.role,
        place: { level: place.level, id: place.id },
      });
      onCreated(created.user, created.password);
      setDraft({ ...draft, username: '', displayName: '' });
    } catch (error) {
      setFailure(errorWords(error, t));
    }
  };
  const problem = (key: keyof Draft) =>
    problems[key] && (
      <span class="field-error" id={`new-${key}-error`}>
        {problems[key]}
      </span>
    );
  return (
    <section class="pane" aria-labelledby="new-account-title">
      <h2 id="new-account-title">{t('newAccount')}</h2>
      <form
        noValidate
        data-testid="new-account"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label>
          {t('accountUsername')}
          <input
            name="new-username"
            value={draft.username}
            autocomplete="off"
            aria-invalid={problems.username ? true : undefined}
            aria-describedby={problems.username ? 'new-username-error' : undefined}
            onInput={(e) => setDraft({ ...draft, username: e.currentTarget.value })}
          />
          {problem('username')}
        </label>
        <label>
          {t('accountName')}
          <input
            name="new-name"
            value={draft.displayName}
            aria-invalid={problems.displayName ? true : undefined}
            onInput={(e) => setDraft({ ...draft, displayName: e.currentTarget.value })}
          />
          {problem('displayName')}
        </label>
        <label>
          {t('accountRole')}
          <select
            name="new-role"
            value={draft.role}
            onChange={(e) => setDraft({ ...draft, role: e.currentTarget.value as Role, placeId: '' })}
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {term('role', role)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('accountPlace')}
          <select
            name="new-place"
            value={draft.placeId}
            aria-invalid={problems.placeId ? true : undefined}
            onChange={(e) => setDraft({ ...draft, placeId: e.currentTarget.value })}
          >
            <option value="">{t('choosePlace')}</option>
            {options.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
          {problem('placeId')}
        </label>
        {failure && (
          <p class="desk-error" role="alert">
            {failure}
          </p>
        )}
        <button type="submit" class="button primary-inline">
          {t('create')}
        </button>
      </form>
    </section>
  );
}

function AccountRow({ account, onChanged }: { account: Account; onChanged: (text: string) => void }) {
  const { t, term } = useI18n();
  const { byId, forRole } = usePlaceOptions();
  const [editing, setEditing] = useState(false);
  const [role, setRole] = useState<Role>(account.role);
  const [placeId, setPlaceId] = useState(account.place.id);
  const act = async (action: () => Promise<string>) => {
    try {
      onChanged(await action());
    } catch (error) {
      onChanged(errorWords(error, t));
    }
  };
  const options = forRole(role);
  return (
    <tr data-testid={`account-${account.username}`}>
      <td>{account.username}</td>
      <td>{account.displayName}</td>
      <td>
        {editing ? (
          <select aria-label={t('accountRole')} value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {term('role', r)}
              </option>
            ))}
          </select>
        ) : (
          term('role', account.role)
        )}
      </td>
      <td>
        {editing ? (
          <select aria-label={t('accountPlace')} value={placeId} onChange={(e) => setPlaceId(e.currentTarget.value)}>
            <option value="">{t('choosePlace')}</option>
            {options.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        ) : (
          placeLabel(byId, account.place.id)
        )}
      </td>
      <td>{account.active ? t('accountOn') : <span class="muted">{t('accountOff')}</span>}</td>
      <td class="actions">
        {editing ? (
          <button
            type="button"
            class="button"
            onClick={() => {
              const place = options.find((option) => option.id === placeId);
              if (!place) return onChanged(t('needPlace'));
              setEditing(false);
              void act(async () => {
                await updateAccount(account.id, { role, place: { level: place.level, id: place.id } });
                return t('changeSaved');
              });
            }}
          >
            {t('save')}
          </button>
        ) : (
          <button type="button" class="button" onClick={() => setEditing(true)}>
            {t('editAccount')}
          </button>
        )}
        <button
          type="button"
          class="button"
          onClick={() =>
            act(async () => t('passwordOnce', { name: account.displayName, password: await resetPassword(account.id) }))
          }
        >
          {t('resetPassword')}
        </button>
        <button
          type="button"
          class="button"
          onClick={() =>
            act(async () => {
              await updateAccount(account.id, { active: !account.active });
              return account.active ? t('switchedOff') : t('changeSaved');
            })
          }
        >
          {account.active ? t('switchOff') : t('switchOn')}
        </button>
      </td>
    </tr>
  );
}

export function Accounts() {
  const { t } = useI18n();
  const [loaded, reload] = useRequest(() => accounts(), []);
  const [notice, setNotice] = useState<string | null>(null);
  const changed = (text: string) => {
    setNotice(text);
    reload();
  };
  return (
    <>
      <h1>{t('deskAccounts')}</h1>
      {notice && (
        <p class="desk-notice" role="status" data-testid="account-notice">
          {notice}
        </p>
      )}
      <div class="panes">
        <section class="pane wide" aria-label={t('accountsList')}>
          {loaded.state === 'failed' && <Failure error={loaded.error} t={t} />}
          {loaded.state === 'ready' && (
            <TableScroll label={t('accountsList')}>
              <table class="desk-table" data-testid="accounts-table">
                <thead>
                  <tr>
                    <th scope="col">{t('accountUsername')}</th>
                    <th scope="col">{t('accountName')}</th>
                    <th scope="col">{t('accountRole')}</th>
                    <th scope="col">{t('accountPlace')}</th>
                    <th scope="col">{t('accountActive')}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t('editAccount')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {loaded.value.map((account) => (
                    <AccountRow
                      key={`${account.id}-${account.role}-${account.place.id}`}
                      account={account}
                      onChanged={changed}
                    />
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </section>
        <NewAccount
          onCreated={(account, password) => changed(t('passwordOnce', { name: account.displayName, password }))}
        />
      </div>
    </>
  );
}
