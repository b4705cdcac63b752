/**
 * A list of thousands of households as the app shows them (src/components/virtual-list.tsx with
 * the app's HouseholdRow and stylesheet), scrolled from top to bottom a step each frame, with the
 * time between frames recorded: a smooth list keeps them near 16.7 ms.
 */
import { h, render } from 'preact';
import { HouseholdRow } from '../../src/components/household-row.tsx';
import { VirtualList } from '../../src/components/virtual-list.tsx';
import type { HouseholdRecord } from '../../src/db/households.ts';
import '../../src/styles.css';

/** The row height the app's household lists use (household-finder.tsx, due.tsx). */
const ROW_HEIGHT = 76;

export interface FrameFigures {
  households: number;
  frames: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Frames that took over 50 ms: a stutter a user sees. */
  longFrames: number;
  /** Rows in the DOM at the end: what virtualisation keeps it to. */
  rowsInDom: number;
  /** The time to render the list the first time, ms. */
  firstRender: number;
}

const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

export async function scrollLongList(households: HouseholdRecord[], frames: number): Promise<FrameFigures> {
  const root = document.createElement('main');
  document.body.append(root);
  const lastVisit = new Date(Date.now() - 3 * 86_400_000).toISOString();
  try {
    const started = performance.now();
    render(
      h(VirtualList<HouseholdRecord>, {
        items: households,
        rowHeight: ROW_HEIGHT,
        keyOf: (household) => household.id,
        renderRow: (household) => h(HouseholdRow, { household, lastVisit }),
        label: 'households',
      }),
      root,
    );
    await nextFrame();
    const firstRender = performance.now() - started;
    window.scrollTo(0, 0);
    await nextFrame();
    const distance = document.documentElement.scrollHeight - window.innerHeight;
    const step = distance / frames;
    const intervals: number[] = [];
    let last = await nextFrame();
    for (let i = 0; i < frames; i++) {
      window.scrollBy(0, step);
      const now = await nextFrame();
      intervals.push(now - last);
      last = now;
    }
    const sorted = [...intervals].sort((a, b) => a - b);
    return {
      households: households.length,
      frames: intervals.length,
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? Number.NaN),
      longFrames: intervals.filter((interval) => interval > 50).length,
      rowsInDom: root.querySelectorAll('li').length,
      firstRender: round(firstRender),
    };
  } finally {
    render(null, root);
    root.remove();
  }
}
