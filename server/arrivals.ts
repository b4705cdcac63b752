/**
 * Arrivals, paced. When hundreds of devices come back at once their requests reach the server in
 * the same instant, and Node hands every one of them to the application in one turn of its event
 * loop: each costs little (its session looked up, its turn taken or refused busy), but 500 of them
 * together held the loop for a third of a second, and a health check or a sign-in that arrived
 * with them waited all that time.
 *
 * So pushes and pulls wait in a queue that costs a request object and nothing else, and are handed
 * on a few per turn, in the order they came, once the loop has gone round and accepted the
 * connections waiting (loop-turns.ts); between two handfuls the loop reads everything else. Even a
 * lone push waits that turn, a fraction of a millisecond on an idle server. Every other request
 * (health, sign-in, the desk, the app's files) is handed on the moment it arrives. While a sign-in
 * is checked (its hash on another thread, on the same two cores) none is handed on at all, as no
 * sync starts then either. Admission (sync/admission.ts)
 * then decides, as before, which syncs run, which wait for a turn and which are told to come back.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { laterTurn } from './loop-turns.ts';
import { whenLetGo } from './sync/admission.ts';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** Requests handed on per turn of the event loop (each costs well under a millisecond). */
const PER_TURN = 16;

export class ArrivalPacer {
  readonly #waiting: [IncomingMessage, ServerResponse][] = [];
  #turnScheduled = false;

  constructor(
    readonly handler: Handler,
    /** Whether a request comes with a crowd and waits its place (pushes and pulls). */
    readonly isPaced: (request: IncomingMessage) => boolean,
    /** Whether paced requests are held back for now (while a sign-in is checked). */
    readonly isHeld: () => boolean = () => false,
    readonly perTurn = PER_TURN,
  ) {}

  get waiting(): number {
    return this.#waiting.length;
  }

  readonly handle: Handler = (request, response) => {
    if (!this.isPaced(request)) {
      this.handler(request, response);
      return;
    }
    this.#waiting.push([request, response]);
    this.#scheduleTurn();
  };

  /**
   * Once the loop has read its sockets and accepted its waiting connections, the next handful is
   * handed on, and so on each turn; while held, once the hold is let go (`whenLetGo`).
   */
  #scheduleTurn(): void {
    if (this.#turnScheduled) return;
    this.#turnScheduled = true;
    void laterTurn().then(() => this.#turn());
  }

  #turn(): void {
    if (this.isHeld() && this.#waiting.length > 0) {
      void whenLetGo(this.isHeld)
        .then(() => laterTurn())
        .then(() => this.#turn());
      return;
    }
    this.#turnScheduled = false;
    for (const [request, response] of this.#waiting.splice(0, this.perTurn)) {
      // One that hung up while it waited is dropped here; its socket is already gone.
      if (!request.socket.destroyed) this.handler(request, response);
    }
    if (this.#waiting.length > 0) this.#scheduleTurn();
  }
}
