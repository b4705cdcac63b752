/** The event loop observed from a test. */

/** Counts the turns of the event loop from now until `stop()`; `turns()` reads the count so far. */
export function countTurns(): { turns: () => number; stop: () => void } {
  let turns = 0;
  let counting = true;
  const count = () => {
    turns++;
    if (counting) setImmediate(count);
  };
  setImmediate(count);
  return {
    turns: () => turns,
    stop: () => {
      counting = false;
    },
  };
}

/** Holds the event loop's thread for `ms`, as synchronous work does. */
export function holdLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // held
  }
}
