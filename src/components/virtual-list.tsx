/**
 * A long list that stays smooth: only the rows in and near the viewport are in the DOM (a grid of
 * 5,000 households renders a few dozen rows). Rows have one fixed height; the page itself scrolls,
 * so the list works inside any screen.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

const OVERSCAN = 8;

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  keyOf(item: T): string;
  renderRow(item: T, index: number): ComponentChildren;
  testId?: string;
  label?: string;
}

export function VirtualList<T>({ items, rowHeight, keyOf, renderRow, testId, label }: VirtualListProps<T>) {
  const container = useRef<HTMLUListElement>(null);
  const [range, setRange] = useState({ start: 0, end: Math.min(items.length, 30) });

  useEffect(() => {
    let frame = 0;
    const measure = () => {
      frame = 0;
      const box = container.current?.getBoundingClientRect();
      if (!box) return;
      const first = Math.floor(Math.max(0, -box.top) / rowHeight);
      const visible = Math.ceil(window.innerHeight / rowHeight);
      const start = Math.max(0, first - OVERSCAN);
      const end = Math.min(items.length, first + visible + OVERSCAN);
      setRange((current) => (current.start === start && current.end === end ? current : { start, end }));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
    };
  }, [items.length, rowHeight]);

  const shown = items.slice(range.start, range.end);
  return (
    <ul
      ref={container}
      class="list virtual"
      data-testid={testId}
      data-count={items.length}
      aria-label={label}
      style={{ height: `${items.length * rowHeight}px` }}
    >
      {shown.map((item, offset) => (
        <li
          key={keyOf(item)}
          class="virtual-row"
          style={{ top: `${(range.start + offset) * rowHeight}px`, height: `${rowHeight}px` }}
        >
          {renderRow(item, range.start + offset)}
        </li>
      ))}
    </ul>
  );
}
