// Number formatting and latency measurement shared by the bench scripts (they print measured numbers).

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The p-th percentile of ascending `sorted` samples (nearest rank). */
export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** "p50 … ms  p99 … ms" of ascending samples. */
export const p50p99 = (sorted: number[]) => `p50 ${fmt(percentile(sorted, 50), 1)} ms  p99 ${fmt(percentile(sorted, 99), 1)} ms`;

/**
 * Calls function `name`.`action` through the twin's H5 gateway as `openid` `warm + calls` times, one after
 * another; the first `warm` calls only warm the function worker. Returns the ascending latencies (ms) of the
 * rest and the last reply's data. Throws (with `label`) on a refused call.
 */
export async function timeGatewayCalls<T>(
  twinUrl: string,
  call: { label: string; openid: string; name: string; action: string; payload: unknown },
  warm: number,
  calls: number,
): Promise<{ samples: number[]; data: T }> {
  const samples: number[] = [];
  let data = undefined as T;
  for (let i = 0; i < warm + calls; i++) {
    const s = performance.now();
    const res = await fetch(`${twinUrl}/_client/callFunction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shaosheng-openid': call.openid },
      body: JSON.stringify({ name: call.name, data: { action: call.action, payload: call.payload } }),
    });
    const body = (await res.json()) as { result: { ok: boolean; data: T; error?: unknown } };
    if (!body.result.ok) throw new Error(`${call.label}: ${JSON.stringify(body.result.error)}`);
    data = body.result.data;
    if (i >= warm) samples.push(performance.now() - s);
  }
  return { samples: samples.sort((a, b) => a - b), data };
}
