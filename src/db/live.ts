/**
 * Live queries for screens: re-runs a query of the entity modules whenever the tables it read
 * change (in this tab or any other context). The query itself lives in its entity's module.
 */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

export function useLive<T>(query: () => Promise<T>, deps: unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: setValue,
      error: (error: unknown) => console.error('live query failed', error),
    });
    return () => subscription.unsubscribe();
    // The caller lists the query's inputs, as with useEffect.
  }, deps);
  return value;
}
