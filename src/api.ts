/** Sign-in against the server (the sync routes live in src/sync/transport.ts). */
import type { SessionUser } from '../shared/sync-messages.ts';
import { OfflineError, ServerError } from './sync/transport.ts';

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', cache: 'no-store', ...init });
  } catch (error) {
    throw new OfflineError(error);
  }
  const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } } & T;
  if (!response.ok) {
    throw new ServerError(
      response.status,
      body.error?.code ?? 'server_error',
      body.error?.message ?? `HTTP ${response.status}`,
    );
  }
  return body;
}

export async function signIn(username: string, password: string): Promise<SessionUser> {
  const { user } = await call<{ user: SessionUser }>('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return user;
}

/** The server's view of the session: the user, null when it has expired, or throws offline. */
export async function currentUser(): Promise<SessionUser | null> {
  try {
    return (await call<{ user: SessionUser }>('/api/auth/me')).user;
  } catch (error) {
    if (error instanceof ServerError && error.status === 401) return null;
    throw error;
  }
}

export async function signOut(): Promise<void> {
  await call('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
}
