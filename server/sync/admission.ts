/**
 * Admission to the sync routes. A push or a pull is mostly work on the one thread the server
 * has (parsing, validating, SQLite's synchronous statements): with hundreds of devices at once,
 * every health check and sign-in would wait behind all of them. So only a few syncs run at a
 * time; the next ones wait their turn here, before their body is even read (a waiting request
 * costs a socket and nothing else), and when too many wait, or one has waited too long, the
 * device is answered 503 busy with Retry-After before anything is written, and sends again.
 * Health checks, sign-ins and the desk never queue here; a sign-in even holds new syncs back
 * while it is checked (`hold`).
 */

import { laterTurn } from '../loop-turns.ts';

/** The longest a sync waits for its turn before it is told to come back later. */
const MAX_WAIT_MS = 10_000;

/** Thrown when a sync is not admitted: answered 503 busy, like a locked database. */
export class ServerBusy extends Error {
  readonly code = 'server_busy';
  constructor() {
    super('the server is busy; nothing was written, send again shortly');
  }
}

/**
 * The longest holds keep syncs from starting, one hold or several in a row (a sign-in takes a
 * fiftieth of that idle): sign-ins one after another, even refused ones, cannot stop the syncs.
 */
const MAX_HOLD_MS = 1000;
/** How soon work held back looks again. */
const HELD_RETRY_MS = 5;

/**
 * Resolves once `isHeld` answers false (at once if it does now), looking again every few
 * milliseconds: syncs a sign-in holds back, queued here or not yet handed on (arrivals.ts), go
 * on soon after it is answered.
 */
export function whenLetGo(isHeld: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const look = () => {
      if (isHeld()) setTimeout(look, HELD_RETRY_MS).unref();
      else resolve();
    };
    look();
  });
}

export class Admission {
  #running = 0;
  #holds = 0;
  /** When the holds now in force began, one after another without a gap. */
  #heldSince = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly slots: number,
    readonly queue: number,
    readonly maxWaitMs = MAX_WAIT_MS,
  ) {}

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Whether someone holds syncs back right now (see `hold`), no longer than a second in a row. */
  get held(): boolean {
    return this.#holds > 0 && performance.now() - this.#heldSince < MAX_HOLD_MS;
  }

  /**
   * Waits for a turn, first come first served. Returns `leave`, to be called once when the work
   * is done (a second call does nothing); throws ServerBusy when the queue is full or the wait ran
   * out.
   */
  async enter(): Promise<() => void> {
    if (this.#canStartNow()) {
      this.#running++;
      return this.#leave();
    }
    if (this.wouldRefuse()) throw new ServerBusy();
    // A turn is handed over by the sync that leaves: its slot passes to us, still counted. We
    // start on a later turn of the event loop, not straight away: a sync ends as its answer is
    // sent, and starting the next one then would run every queued sync back to back, never letting
    // the loop read a health check or a sign-in in between (nor accept a connection: loop-turns.ts).
    await new Promise<void>((resolve, reject) => {
      // Once the loop has accepted the connections waiting (loop-turns.ts), and no sign-in holds
      // syncs back: one may have begun since the slot was handed over.
      const turn = () => {
        clearTimeout(timer);
        void laterTurn()
          .then(() => whenLetGo(() => this.held))
          .then(resolve);
      };
      const timer = setTimeout(() => {
        const at = this.#waiting.indexOf(turn);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(new ServerBusy());
      }, this.maxWaitMs);
      this.#waiting.push(turn);
    });
    return this.#leave();
  }

  /**
   * Whether a sync asking now would be refused at once: none can start and the queue is full. The
   * server asks this before it does any other work for a sync (a crowd arriving together is
   * mostly refusals, and each should cost next to nothing).
   */
  wouldRefuse(): boolean {
    return !this.#canStartNow() && this.#waiting.length >= this.queue;
  }

  #canStartNow(): boolean {
    return this.#running < this.slots && this.#waiting.length === 0 && !this.held;
  }

  /**
   * Keeps new syncs from starting while a sign-in is checked: its memory-hard password hash runs
   * off the event loop's thread but on the same CPUs, which a crowd of syncs would starve, and its
   * reads and writes share the database's connection with them. Syncs already running go on (a
   * push in its transaction in longer slices, to free the connection sooner: routes/sync.ts);
   * queued ones start when every hold is let go, or once holds have kept them back for a second
   * in a row. Returns the function that lets go (a second call does nothing).
   */
  hold(): () => void {
    if (this.#holds === 0) this.#heldSince = performance.now();
    this.#holds++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      this.#holds--;
      this.#startWaiting();
    };
    const timer = setTimeout(release, MAX_HOLD_MS);
    timer.unref();
    return release;
  }

  #startWaiting(): void {
    while (!this.held && this.#running < this.slots) {
      const next = this.#waiting.shift();
      if (!next) return;
      this.#running++;
      next();
    }
  }

  #leave(): () => void {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      // The slot frees, and passes to the next waiting sync unless someone holds them back.
      this.#running--;
      this.#startWaiting();
    };
  }
}
