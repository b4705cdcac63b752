import { useState } from 'preact/hooks';
import type { SessionUser } from '../../shared/sync-messages.ts';
import { signIn } from '../api.ts';
import { useI18n } from '../i18n/index.ts';
import { OfflineError, ServerError } from '../sync/transport.ts';

export function SignIn({
  onSignedIn,
  notice,
}: {
  onSignedIn: (user: SessionUser) => Promise<string | null>;
  notice?: string;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(username.trim(), password);
      const refusal = await onSignedIn(user);
      if (refusal) setError(refusal);
    } catch (failure) {
      if (failure instanceof OfflineError) setError(t('signInNeedsNetwork'));
      else if (failure instanceof ServerError && failure.status === 401) setError(t('badCredentials'));
      else setError(t('signInFailed', { message: failure instanceof Error ? failure.message : String(failure) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>{t('appName')}</h1>
      <p class="tagline">{t('appTagline')}</p>
      {notice && <p class="notice-box">{notice}</p>}
      <form onSubmit={submit}>
        <label>
          {t('username')}
          <input
            name="username"
            autocomplete="username"
            autocapitalize="none"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
            required
          />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            required
          />
        </label>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </button>
      </form>
      <p class="hint">{t('signInNeedsNetwork')}</p>
    </main>
  );
}
