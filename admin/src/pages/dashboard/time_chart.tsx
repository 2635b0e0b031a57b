import { useEffect, useRef } from 'preact/hooks'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'
import { formatNumber, formatUsd } from '../../lib/format.ts'

type Row = Record<string, unknown>

function cssVar(name: string) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888'
}

function dayOf(row: Row) {
  // /analytics/usage buckets: `start` is the bucket's first instant (UTC).
  return Date.parse(String(row.start)) / 1000
}

/**
 * One small uPlot line chart per metric, with the same numbers as a table for people who do not
 * see the chart (the canvas is hidden from assistive technology).
 */
export function TimeChart({ title, rows: input, fields }: { title: string; rows: object[]; fields: { key: string; label: string; money?: boolean }[] }) {
  const rows = input as Row[]
  const host = useRef<HTMLDivElement>(null)
  const present = fields.filter((f) => rows.some((r) => typeof r[f.key] === 'number'))

  useEffect(() => {
    if (!host.current || !present.length) return
    const colors = [cssVar('--accent'), cssVar('--danger'), cssVar('--good')]
    const data: uPlot.AlignedData = [rows.map(dayOf), ...present.map((f) => rows.map((r) => (typeof r[f.key] === 'number' ? (r[f.key] as number) : null)))]
    const axis = { stroke: cssVar('--text-muted'), grid: { stroke: cssVar('--border') }, ticks: { stroke: cssVar('--border') } }
    const money = present.some((f) => f.money)
    const yAxis = {
      ...axis,
      size: 64,
      values: (_: uPlot, splits: number[]) =>
        splits.map((v) => (money ? formatUsd(v) : formatNumber(v))),
    }
    const plot = new uPlot(
      {
        width: host.current.clientWidth || 400,
        height: 180,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [axis, yAxis],
        series: [{}, ...present.map((f, i) => ({ label: f.label, stroke: colors[i % colors.length], width: 2 }))],
      },
      data,
      host.current
    )
    const observer = new ResizeObserver(() => plot.setSize({ width: host.current?.clientWidth || 400, height: 180 }))
    observer.observe(host.current)
    return () => {
      observer.disconnect()
      plot.destroy()
    }
  }, [rows, document.documentElement.dataset.theme])

  if (!present.length) return null
  return (
    <figure class="card chart">
      <figcaption>{title}</figcaption>
      <div ref={host} aria-hidden="true" />
      <details>
        <summary>Show as table</summary>
        <table class="compact">
          <thead>
            <tr>
              <th scope="col">Day</th>
              {present.map((f) => (
                <th key={f.key} scope="col" class="num">
                  {f.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                <td>{new Date(dayOf(row) * 1000).toLocaleDateString(undefined, { timeZone: 'UTC' })}</td>
                {present.map((f) => (
                  <td key={f.key} class="num">
                    {f.money ? formatUsd(row[f.key] as number) : formatNumber(row[f.key] as number)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}
