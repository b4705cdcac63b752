/** The HTTP side of sync: the wire contract's push and pull, with errors turned into values. */
import type { ErrorBody, PullResponse, PushRequest, PushResponse, SessionUser } from '../../shared/sync-messages.ts';
import type { Person } from '../db/database.ts';

/** The server could not be reached (offline, DNS, dropped connection): try again later. */
export class OfflineError extends Error {
  constructor(cause?: unknown) {
    super('the server cannot be reached', { cause });
    this.name = 'OfflineError';
  }
}

/** The server answered with an error body. */
export class ServerError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** The server's clock when it answered (from the Date header), if it said. */
    readonly serverTime?: number,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

export interface Transport {
  push(request: PushRequest): Promise<PushResponse>;
  pull(cursor: string | undefined, limit: number): Promise<PullResponse>;
  /** The user the server knows this session as (401 when none). */
  whoAmI?(): Promise<SessionUser>;
  /** Sends a photo's bytes under their hash; a resend is harmless. */
  putPhoto?(hash: string, blob: Blob): Promise<void>;
  /** The people of the user's community. */
  people?(): Promise<Person[]>;
}

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

/** A JSON request to the server: network failures as OfflineError, error bodies as ServerError. */
export async function requestJson<T>(fetchFn: FetchLike, url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetchFn(url, { credentials: 'same-origin', cache: 'no-store', ...init });
  } catch (error) {
    throw new OfflineError(error);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    // A body cut off mid-way is a dropped connection, not an answer.
    if (response.ok) throw new OfflineError(error);
    body = undefined;
  }
  if (!response.ok) {
    const detail = (body as Partial<ErrorBody> | undefined)?.error;
    const date = Date.parse(response.headers.get('date') ?? '');
    throw new ServerError(
      response.status,
      detail?.code ?? 'server_error',
      detail?.message ?? `HTTP ${response.status}`,
      detail?.field,
      Number.isNaN(date) ? undefined : date,
    );
  }
  return body as T;
}

export function httpTransport(baseUrl = '', fetchFn: FetchLike = (url, init) => fetch(url, init)): Transport {
  return {
    push: (request) =>
      requestJson<PushResponse>(fetchFn, `${baseUrl}/api/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      }),
    whoAmI: async () =>
      (await requestJson<{ user: SessionUser }>(fetchFn, `${baseUrl}/api/auth/me`, { method: 'GET' })).user,
    putPhoto: async (hash, blob) => {
      await requestJson(fetchFn, `${baseUrl}/api/blobs/${hash}`, {
        method: 'PUT',
        headers: { 'content-type': blob.type || 'image/jpeg' },
        body: blob,
      });
    },
    people: async () =>
      (await requestJson<{ people: Person[] }>(fetchFn, `${baseUrl}/api/people`, { method: 'GET' })).people,
    pull: (cursor, limit) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (cursor !== undefined) query.set('cursor', cursor);
      return requestJson<PullResponse>(fetchFn, `${baseUrl}/api/sync/pull?${query}`, { method: 'GET' });
    },
  };
}
