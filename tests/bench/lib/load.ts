import http from 'node:http'

export interface LoadResult {
  label: string
  requests: number
  errors: number
  rps: number
  p50: number
  p99: number
}

/**
 * A bounded closed-loop load generator: `connections` keep-alive clients each send the next
 * request when the previous answer arrives, for `seconds`. Latencies in milliseconds.
 */
export async function load(
  label: string,
  target: { url: string; headers?: Record<string, string>; method?: string; body?: string },
  { connections = 20, seconds = 5, warmup = 1 } = {}
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const url = new URL(target.url)
  const once = () =>
    new Promise<number>((resolve) => {
      const started = process.hrtime.bigint()
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: target.method ?? 'GET',
          headers: target.headers,
        },
        (res) => {
          res.resume()
          res.on('end', () =>
            resolve(
              res.statusCode && res.statusCode < 400
                ? Number(process.hrtime.bigint() - started) / 1e6
                : -1
            )
          )
        }
      )
      req.on('error', () => resolve(-1))
      req.end(target.body)
    })

  const run = async (durationMs: number, record: boolean) => {
    const latencies: number[] = []
    let errors = 0
    const deadline = Date.now() + durationMs
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (Date.now() < deadline) {
          const ms = await once()
          if (!record) continue
          if (ms < 0) errors++
          else latencies.push(ms)
        }
      })
    )
    return { latencies, errors }
  }

  await run(warmup * 1000, false)
  const started = performance.now()
  const { latencies, errors } = await run(seconds * 1000, true)
  const elapsed = (performance.now() - started) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const pick = (q: number) => percentile(latencies, q)
  return {
    label,
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: pick(0.5),
    p99: pick(0.99),
  }
}

/** The `q` quantile of ascending `sorted` latencies (NaN when empty). */
export function percentile(sorted: number[], q: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

export function printTable(results: LoadResult[], firstColumn = 'route') {
  const rows = results.map((r) => [
    r.label,
    r.rps.toFixed(0),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    String(r.requests),
    String(r.errors),
  ])
  const header = [firstColumn, 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')
  console.log(line(header))
  for (const row of rows) console.log(line(row))
}
