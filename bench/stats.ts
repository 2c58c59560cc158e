/** Small statistics for the bench: medians across runs and ratios, undefined-tolerant. */

export function median(values: readonly number[]): number | undefined {
  const finite = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (finite.length === 0) return undefined;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[middle] : ((finite[middle - 1] as number) + (finite[middle] as number)) / 2;
}

/** ours / baseline, or undefined when either is missing or the baseline is 0. */
export function ratio(ours: number | undefined, baseline: number | undefined): number | undefined {
  if (ours === undefined || baseline === undefined || baseline === 0) return undefined;
  return ours / baseline;
}
