export interface DiffLine {
  kind: 'same' | 'added' | 'removed'
  text: string
}

/** Line diff by longest common subsequence: prompts are short, so O(n·m) is fine. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n')
  const b = after.split('\n')
  const table: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array(b.length + 1).fill(0)
  )
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i][j] =
        a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1])
    }
  }
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i++] })
      j++
    } else if (table[i + 1][j] >= table[i][j + 1]) out.push({ kind: 'removed', text: a[i++] })
    else out.push({ kind: 'added', text: b[j++] })
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++] })
  while (j < b.length) out.push({ kind: 'added', text: b[j++] })
  return out
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g

/** Variable names used as {{name}} in the templates, in order of first use. */
export function placeholders(...templates: (string | null | undefined)[]) {
  const names: string[] = []
  for (const template of templates) {
    for (const match of (template ?? '').matchAll(PLACEHOLDER))
      if (!names.includes(match[1])) names.push(match[1])
  }
  return names
}

/** Same rule as the server: known placeholders are filled, unknown ones stay as written. */
export function renderTemplate(template: string, values: Record<string, unknown>) {
  return template.replace(PLACEHOLDER, (match, name: string) =>
    Object.hasOwn(values, name) && values[name] !== '' ? String(values[name]) : match
  )
}
