import { useEffect, useState } from 'preact/hooks';

/** Rows added per task. */
const slice = 25;

/**
 * How many rows of a long table to render now: a slice when the table
 * mounts, one more slice in each following task until all `total` rows are
 * there. Creating hundreds of rows (and laying them out) in one go takes
 * longer than the 50 ms a task may take; slices keep every task short while
 * the rest of the page stays responsive. Later updates keep the count, so a
 * table that is already complete is diffed, not rebuilt.
 */
export function useGrowingCount(total: number): number {
  const [count, setCount] = useState(slice);
  useEffect(() => {
    if (count >= total) return;
    const timer = setTimeout(() => setCount(count + slice), 0);
    return () => clearTimeout(timer);
  }, [count, total]);
  return Math.min(count, total);
}
