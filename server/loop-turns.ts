/**
 * Turns of the event loop for work that can wait, given way to arriving connections.
 *
 * Node accepts one new connection per turn of its event loop (libuv since 1.45 accepts once per
 * poll and relies on the listening socket staying readable). When hundreds of devices connect at
 * once, the ones not yet accepted wait in the kernel's queue, and a health check or a sign-in that
 * connects after them waits until every one before it was accepted, a turn each. A turn that also
 * runs a handful of a push (a few milliseconds) accepts a hundred connections a second: in the load
 * bench, 275 devices waited in that queue and a health check behind them took 3.7 s.
 *
 * So new work that can wait a turn (a queued sync's start, the next handful of arrivals) goes round
 * the loop once more while connections keep being accepted (`laterTurn`), and goes on once a turn
 * passes without one: the queue is then empty. Never longer than `MAX_GIVE_WAY_MS` at a time, so
 * that a stream of connections cannot stop the syncs. Work already under way gives way too, between
 * its slices (`TimeSlice`): a push's next handful of mutations waits while connections are being
 * accepted, its transaction holding the database's one connection meanwhile. That costs the other
 * queries at most the same bound, and only in a crowd's first moments; when a sign-in waits for the
 * connection (`hurry`), the push takes the very next turn instead (`nextTurn`).
 *
 * The state is the process's, as the event loop is: every server in the process gives way to the
 * connections of all of them.
 */
import type { Server } from 'node:net';

/** The longest work waits for connections at a time. */
const MAX_GIVE_WAY_MS = 20;

let lastConnectionAt = Number.NEGATIVE_INFINITY;

const noteConnection = () => {
  lastConnectionAt = performance.now();
};

/** Counts this server's connections as arriving ones. */
export function giveWayToConnections(server: Server): void {
  server.on('connection', noteConnection);
}

/** The very next turn of the event loop, whatever waits to be accepted. */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/** The longest a piece of work cut in slices holds the loop at a time. */
const SLICE_MS = 4;
/** The longest it holds the loop while someone waits for it to end (`hurry`). */
const HURRIED_SLICE_MS = 20;

/**
 * Long work cut into slices of the event loop's time: the work calls `pause()` wherever it may
 * stop, and goes on at once until it has held the loop for `budgetMs`, then once the connections
 * waiting to be accepted are in (`laterTurn`). Measured in time, not in pieces of work: the same
 * hundred visits take a tenth of the time once the code is compiled, and far longer on cores
 * shared with other busy processes. While `hurry` answers true (a transaction that a sign-in waits
 * to use the connection of), a slice lasts up to `hurriedMs` and the work goes on at the very next
 * turn: it ends sooner, in fewer and longer turns.
 */
export class TimeSlice {
  #since = performance.now();

  constructor(
    readonly budgetMs = SLICE_MS,
    readonly hurry: () => boolean = () => false,
    readonly hurriedMs = HURRIED_SLICE_MS,
  ) {}

  /** Counts the slice from now: the work waited meanwhile (for a connection), not holding the loop. */
  restart(): void {
    this.#since = performance.now();
  }

  async pause(): Promise<void> {
    const held = performance.now() - this.#since;
    if (held < this.budgetMs) return;
    if (!this.hurry()) await laterTurn(MAX_GIVE_WAY_MS, this.hurry);
    else if (held < this.hurriedMs) return;
    else await nextTurn();
    this.#since = performance.now();
  }
}

/**
 * Resolves on a later turn of the event loop: after the first whole turn in which no connection
 * was accepted, the first after `maxMs`, or the first in which `stop` answers true.
 */
export function laterTurn(maxMs = MAX_GIVE_WAY_MS, stop: () => boolean = () => false): Promise<void> {
  const started = performance.now();
  return new Promise<void>((resolve) => {
    // The first look only marks the time: the loop may not have polled its sockets since the
    // call. Each later look comes after a poll, and one that accepted nothing found none waiting.
    let lastLook: number | undefined;
    const turn = () => {
      const now = performance.now();
      if (lastLook !== undefined && (lastConnectionAt < lastLook || now - started >= maxMs || stop())) {
        resolve();
        return;
      }
      lastLook = now;
      setImmediate(turn);
    };
    setImmediate(turn);
  });
}
