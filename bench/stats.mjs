// Small helpers the benchmark scripts share.

/**
 * Value at percentile p (0–100) of ascending-sorted samples, nearest rank.
 * autocannon's own latency histogram keeps whole milliseconds, which turns
 * sub-millisecond answers (the static copy) into 0 or 1; the per-response
 * timings it reports are fractional, so percentiles are computed from those.
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export const round = (n, digits) => (n === null ? null : Number(n.toFixed(digits)));

/** The JSON line a load generator prints for one measured autocannon run (wrk.mjs gives wrk's runs the same shape). */
export function summarize(settings, { result, timings }) {
  return {
    url: settings.url,
    loadGenerator: 'autocannon',
    connections: settings.connections,
    durationSeconds: settings.duration,
    warmupSeconds: settings.warmup,
    acceptEncoding: settings.acceptEncoding || null,
    spreadAddresses: Boolean(settings.spreadAddresses),
    requestsPerSec: round(result.requests.average, 1),
    latencyP50Ms: round(percentile(timings, 50), 3),
    latencyP90Ms: round(percentile(timings, 90), 3),
    latencyP99Ms: round(percentile(timings, 99), 3),
    latencyMaxMs: round(percentile(timings, 100), 3),
    totalRequests: result.requests.total,
    non2xx: result.non2xx,
    // autocannon counts timeouts among the errors too.
    errors: result.errors,
    timeouts: result.timeouts,
    bytesPerSec: Math.round(result.throughput.average),
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])),
  };
}
