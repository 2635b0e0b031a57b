/**
 * Latency histogram of the hourly rollup: upper bounds in ms, the last bucket open-ended. Enough
 * resolution for p50/p95 to within a bucket's width, which is what a dashboard needs, without
 * keeping per-call latencies for the percentile queries.
 */
export const LATENCY_BUCKETS_MS = [
  25,
  50,
  100,
  200,
  300,
  500,
  750,
  1000,
  1500,
  2000,
  3000,
  5000,
  7500,
  10000,
  20000,
  Infinity,
]

export const LATENCY_COLUMNS = LATENCY_BUCKETS_MS.map((_, index) => `lat_b${index}`)

export function latencyBucket(ms: number): number {
  for (let index = 0; index < LATENCY_BUCKETS_MS.length; index++)
    if (ms <= LATENCY_BUCKETS_MS[index]) return index
  return LATENCY_BUCKETS_MS.length - 1
}

/** The q-quantile from bucket counts, interpolated linearly inside the bucket it falls in. */
export function quantileFromBuckets(counts: number[], q: number): number | null {
  const total = counts.reduce((sum, count) => sum + count, 0)
  if (total === 0) return null
  const rank = q * total
  let seen = 0
  for (const [index, count] of counts.entries()) {
    if (count > 0 && seen + count >= rank) {
      const lower = index === 0 ? 0 : LATENCY_BUCKETS_MS[index - 1]
      const upper = Number.isFinite(LATENCY_BUCKETS_MS[index])
        ? LATENCY_BUCKETS_MS[index]
        : lower * 2
      return Math.round(lower + ((rank - seen) / count) * (upper - lower))
    }
    seen += count
  }
  return null
}
