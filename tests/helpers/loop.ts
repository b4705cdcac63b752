/** The event loop observed from a test. */
import { onTestFinished } from 'vitest';

/**
 * Counts the turns of the event loop from now until `stop()` (or the test's end, should an
 * assertion fail first); `turns()` reads the count so far.
 */
export function countTurns(): { turns: () => number; stop: () => void } {
  let turns = 0;
  let counting = true;
  onTestFinished(() => {
    counting = false;
  });
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
