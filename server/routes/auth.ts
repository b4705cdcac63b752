/** Sign-in, the session's user, sign-out. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { loginRequestSchema } from '../../shared/sync-messages.ts';
import { audit, communityOfPlace } from '../audit.ts';
import { DEFAULT_LOGIN_LIMITS, LoginLimiter, type LoginLimits } from '../auth/login-limiter.ts';
import { SessionRenewals } from '../auth/session-renewals.ts';
import {
  type Account,
  checkCredentials,
  createSession,
  deleteSession,
  findAccount,
  sessionUser,
} from '../auth/users.ts';
import { requireUser, type ServerContext } from '../context.ts';
import { ApiError, invalid } from '../http-errors.ts';

export const SESSION_COOKIE = 'gw_session';

export function registerAuthRoutes(
  app: FastifyInstance,
  { db, config, admission }: ServerContext,
  loginLimits?: LoginLimits,
) {
  const limiter = new LoginLimiter(db, loginLimits ?? DEFAULT_LOGIN_LIMITS);
  const renewals = new SessionRenewals(db, (error) =>
    // The error's name and code only: its message may quote the data that caused it.
    app.log.error({ name: (error as Error).name, code: (error as { code?: string }).code }, 'session renewal failed'),
  );
  app.addHook('onClose', () => renewals.flush());
  /** The community of an account, by username (where its failed sign-ins are read); null for none. */
  const communityOf = async (username: string) => {
    const row = await db.selectFrom('users').select('place_id').where('username', '=', username).executeTakeFirst();
    return row ? communityOfPlace(db, row.place_id) : null;
  };

  const setSessionCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      // Secure whenever the request came over HTTPS; plain http://127.0.0.1 still works.
      secure: 'auto',
      path: '/',
      maxAge: Math.floor(config.sessionTtlMs / 1000),
    });

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || !request.url.startsWith('/api/')) return;
    const session = await sessionUser(db, token, config.sessionTtlMs, renewals);
    request.user = session?.user ?? null;
    // The server slides the session's expiry on use; the browser's copy of the cookie slides with it.
    if (session?.renewed) setSessionCookie(reply, token);
  });

  /** Checks a password the limiter lets through and opens its session; a 401 for bad credentials. */
  const signIn = async (
    reply: FastifyReply,
    username: string,
    account: Account | undefined,
    password: string,
    address: string,
  ) => {
    const user = await checkCredentials(db, account, password);
    if (!user) {
      await audit(db, { action: 'sign_in_failed', username, address, communityId: await communityOf(username) });
      throw new ApiError(401, 'bad_credentials', 'wrong username or password');
    }
    const token = await limiter.succeeded(username, address, async (trx) => {
      await audit(trx, {
        action: 'sign_in',
        userId: user.id,
        username,
        address,
        communityId: await communityOfPlace(trx, user.place.id),
      });
      return createSession(trx, user.id, config.sessionTtlMs);
    });
    setSessionCookie(reply, token);
    return { user };
  };

  app.post('/api/auth/login', async (request, reply) => {
    const parsed = loginRequestSchema.safeParse(request.body);
    if (!parsed.success) throw invalid(parsed.error);
    const { username } = parsed.data;
    const address = request.ip;
    // A sign-in is a person waiting, and most of it is a memory-hard hash on another thread, on
    // the same CPUs as the syncs; its reads and writes share the database connection with them.
    // No new sync starts until it is answered (for a second at most), and a push in its
    // transaction hurries to its commit (sync.ts), so that a crowd of devices does not keep it
    // waiting. One the limiter refuses holds nothing back once it is counted.
    const letGo = admission.hold();
    try {
      const { wait, read: account } = await limiter.begin(username, address, (trx) => findAccount(trx, username));
      if (wait > 0) {
        letGo();
        const seconds = Math.ceil(wait / 1000);
        await audit(db, { action: 'sign_in_refused', username, address, communityId: await communityOf(username) });
        reply.header('retry-after', String(seconds));
        throw new ApiError(429, 'too_many_requests', `too many failed sign-ins; try again in ${seconds} seconds`);
      }
      return await signIn(reply, username, account, parsed.data.password, address);
    } finally {
      letGo();
    }
  });

  app.get('/api/auth/me', async (request) => ({ user: requireUser(request) }));

  app.post('/api/auth/logout', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db, token);
    const user = request.user;
    if (user) {
      await audit(db, {
        action: 'sign_out',
        userId: user.id,
        username: user.username,
        address: request.ip,
        communityId: await communityOfPlace(db, user.place.id),
      });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
}
