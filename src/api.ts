/** Sign-in against the server (the sync routes live in src/sync/transport.ts). */
import type { SessionUser } from '../shared/sync-messages.ts';
import { type FetchLike, requestJson, ServerError } from './sync/transport.ts';

const fetchPage: FetchLike = (url, init) => fetch(url, init);

function call<T>(path: string, init: RequestInit = { method: 'GET' }): Promise<T> {
  return requestJson<T>(fetchPage, path, init);
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
