/**
 * Arrivals, paced (server/arrivals.ts): pushes and pulls are handed on a few per turn of the event
 * loop, in the order they came, once the loop has gone round (and accepted any connection waiting:
 * server/loop-turns.ts), and everything else at once, so a crowd arriving together cannot hold the
 * loop ahead of a health check or a sign-in.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ArrivalPacer } from '../../server/arrivals.ts';
import { laterTurn } from '../../server/loop-turns.ts';
import { isTurnTaking } from '../../server/routes/sync.ts';

function arrival(url: string): [IncomingMessage, ServerResponse] {
  const request = new IncomingMessage(new Socket());
  request.url = url;
  return [request, new ServerResponse(request)];
}

/** A pacer of pushes and pulls, as the server's, that records the URLs it hands on, in order. */
function recordingPacer(perTurn: number, isHeld = () => false) {
  const handed: string[] = [];
  const pacer = new ArrivalPacer(
    (request) => handed.push(request.url ?? ''),
    (request) => isTurnTaking(request.url ?? ''),
    isHeld,
    perTurn,
  );
  return { pacer, handed };
}

describe('arrivals', () => {
  it('hands pushes and pulls on a few per turn, in order, and the rest at once', async () => {
    const { pacer, handed } = recordingPacer(2);
    for (let i = 0; i < 5; i++) pacer.handle(...arrival(`/api/sync/push?n=${i}`));
    pacer.handle(...arrival('/api/health'));
    pacer.handle(...arrival('/api/auth/login'));
    expect(handed).toEqual(['/api/health', '/api/auth/login']);
    expect(pacer.waiting).toBe(5);

    await laterTurn();
    expect(handed.slice(2)).toEqual(['/api/sync/push?n=0', '/api/sync/push?n=1']);
    await laterTurn();
    expect(handed.slice(4)).toEqual(['/api/sync/push?n=2', '/api/sync/push?n=3']);
    // A timer that has come due runs before the next handful: the loop goes round between them.
    let timerRanAfter = -1;
    setTimeout(() => {
      timerRanAfter = handed.length;
    }, 0);
    const due = performance.now() + 5;
    while (performance.now() < due) {
      // the timer comes due while this turn still runs
    }
    await laterTurn();
    expect(handed.slice(6)).toEqual(['/api/sync/push?n=4']);
    expect(timerRanAfter).toBe(6);
    expect(pacer.waiting).toBe(0);
  });

  it('keeps a later arrival behind those already waiting, and drops one that hung up', async () => {
    const { pacer, handed } = recordingPacer(1);
    pacer.handle(...arrival('/api/sync/pull?cursor=1'));
    const [gone, goneResponse] = arrival('/api/sync/pull?cursor=2');
    pacer.handle(gone, goneResponse);
    pacer.handle(...arrival('/api/sync/pull?cursor=3'));
    expect(handed).toEqual([]);
    await laterTurn();
    expect(handed).toEqual(['/api/sync/pull?cursor=1']);
    gone.socket.destroy();
    await laterTurn();
    expect(handed).toEqual(['/api/sync/pull?cursor=1']);
    // A newcomer goes behind those waiting, though this turn's handful was spent on one that left.
    pacer.handle(...arrival('/api/sync/push'));
    await laterTurn();
    expect(handed).toEqual(['/api/sync/pull?cursor=1', '/api/sync/pull?cursor=3']);
    await laterTurn();
    expect(handed).toEqual(['/api/sync/pull?cursor=1', '/api/sync/pull?cursor=3', '/api/sync/push']);
    expect(pacer.waiting).toBe(0);
  });

  it('hands none on while held, and the waiting ones in order once let go', async () => {
    let held = true;
    const { pacer, handed } = recordingPacer(4, () => held);
    pacer.handle(...arrival('/api/sync/push?n=0'));
    pacer.handle(...arrival('/api/health'));
    pacer.handle(...arrival('/api/sync/pull?n=1'));
    expect(handed).toEqual(['/api/health']);
    await laterTurn();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handed).toEqual(['/api/health']);
    expect(pacer.waiting).toBe(2);
    held = false;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(handed).toEqual(['/api/health', '/api/sync/push?n=0', '/api/sync/pull?n=1']);
    pacer.handle(...arrival('/api/sync/push?n=2'));
    await laterTurn();
    expect(handed.at(-1)).toBe('/api/sync/push?n=2');
  });

  it('knows a push or a pull by its path, with or without a query', () => {
    expect(isTurnTaking('/api/sync/push')).toBe(true);
    expect(isTurnTaking('/api/sync/pull?cursor=10&limit=500')).toBe(true);
    expect(isTurnTaking('/api/sync/pulls')).toBe(false);
    expect(isTurnTaking('/api/health?x=/api/sync/push')).toBe(false);
    expect(isTurnTaking('/api/conflicts')).toBe(false);
  });
});
