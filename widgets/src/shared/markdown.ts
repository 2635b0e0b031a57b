/**
 * A small Markdown renderer for model output that builds Lit templates directly.
 *
 * Why not marked + DOMPurify: they parse to an HTML string and need an `innerHTML` sink (a Trusted
 * Types policy on the host page) plus ~25 KB gz. Here every piece of text is a Lit text binding, so
 * raw HTML in the model's answer is shown as text, never parsed; links keep only absolute http(s) and
 * mailto URLs; images become links (no third-party requests). It covers what models write: headings,
 * paragraphs, emphasis, code spans and fences, lists (nested), block quotes, tables, rules and links.
 * Unclosed constructs render as they stand, which suits text that is still streaming in.
 */
import { html, nothing, type TemplateResult } from 'lit'

type Part = TemplateResult | string | Part[]

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/
const QUOTE = /^ {0,3}>\s?/
const ITEM = /^( *)([-*+]|\d{1,9}[.)])(?:\s+(.*))?$/
const TABLE_DIVIDER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/

/** Keeps absolute http(s) and mailto URLs; everything else (javascript:, data:, relative) is dropped. */
export function safeUrl(raw: string): string | undefined {
  if (!/^(https?:\/\/|mailto:)/i.test(raw.trim())) return undefined
  try {
    const url = new URL(raw.trim())
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : undefined
  } catch {
    return undefined
  }
}

const link = (href: string | undefined, content: Part): Part =>
  href
    ? html`<a href=${href} target="_blank" rel="noopener noreferrer nofollow ugc">${content}</a>`
    : content

// One alternation, tried left to right at each position: code span, escape, strong, emphasis,
// strike, link/image, autolink, bare URL, hard break.
const INLINE = new RegExp(
  [
    String.raw`(\`+)([^\`][\s\S]*?)\1(?!\`)`, // 1,2 code
    String.raw`\\([!-/:-@[-\`{-~])`, // 3 escape
    String.raw`(\*\*|__)(?=\S)([\s\S]*?\S)\4`, // 4,5 strong
    String.raw`(?<![\w*])([*_])(?=[^\s*_])([\s\S]*?[^\s\\])\6(?![\w*])`, // 6,7 emphasis
    String.raw`~~(?=\S)([\s\S]*?\S)~~`, // 8 strike
    String.raw`(!?)\[([^\]\n]*)\]\(\s*<?([^\s)>]*)>?(?:\s+["']([^"'\n]*)["'])?\s*\)`, // 9-12 link or image
    String.raw`<((?:https?:\/\/|mailto:)[^\s>]+)>`, // 13 autolink
    String.raw`(https?:\/\/[^\s<]*[^\s<.,:;"')\]!?*_~])`, // 14 bare URL
    String.raw`(?: {2,}|\\)\n`, // hard break
  ].join('|'),
  'g'
)

export function renderInline(text: string): Part[] {
  const parts: Part[] = []
  let last = 0
  INLINE.lastIndex = 0
  for (let match = INLINE.exec(text); match; match = INLINE.exec(text)) {
    const [whole, , code, escaped, , strong, , em, strike, bang, label, url, title, auto, bare] =
      match
    if (match.index > last) parts.push(text.slice(last, match.index))
    last = match.index + whole.length
    // Sub-templates recurse with a fresh scan, so save and restore the shared regex position.
    const resume = INLINE.lastIndex
    if (code !== undefined) parts.push(html`<code>${code.replace(/^ (.*) $/s, '$1')}</code>`)
    else if (escaped !== undefined) parts.push(escaped)
    else if (strong !== undefined) parts.push(html`<strong>${renderInline(strong)}</strong>`)
    else if (em !== undefined) parts.push(html`<em>${renderInline(em)}</em>`)
    else if (strike !== undefined) parts.push(html`<del>${renderInline(strike)}</del>`)
    else if (label !== undefined) {
      const href = safeUrl(url)
      const content = bang ? label || url : renderInline(label)
      parts.push(
        href && title
          ? html`<a
              href=${href}
              title=${title}
              target="_blank"
              rel="noopener noreferrer nofollow ugc"
              >${content}</a
            >`
          : link(href, content)
      )
    } else if (auto !== undefined) parts.push(link(safeUrl(auto), auto))
    else if (bare !== undefined) parts.push(link(safeUrl(bare), bare))
    else parts.push(html`<br />`)
    INLINE.lastIndex = resume
  }
  if (last < text.length) parts.push(text.slice(last))
  return parts
}

function splitRow(line: string): string[] {
  const cells = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
  return cells.map((cell) => cell.trim().replace(/\\\|/g, '|'))
}

const startsBlock = (line: string) =>
  FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || ITEM.test(line)

/** Renders Markdown text to a list of Lit templates (block level). */
export function renderMarkdown(source: string): TemplateResult[] {
  return blocks(source.replace(/\r\n?/g, '\n').split('\n'))
}

function blocks(lines: string[]): TemplateResult[] {
  const out: TemplateResult[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i]
    if (!line.trim()) {
      i++
      continue
    }
    const fence = FENCE.exec(line)
    if (fence) {
      const body: string[] = []
      const close = new RegExp(`^ {0,3}${fence[1][0]}{${fence[1].length},}\\s*$`)
      for (i++; i < lines.length && !close.test(lines[i]); i++) body.push(lines[i])
      i++
      out.push(html`<pre><code data-lang=${fence[2] || nothing}>${body.join('\n')}</code></pre>`)
      continue
    }
    const heading = HEADING.exec(line)
    if (heading) {
      out.push(headingTemplate(heading[1].length, renderInline(heading[2] ?? '')))
      i++
      continue
    }
    if (RULE.test(line)) {
      out.push(html`<hr />`)
      i++
      continue
    }
    if (QUOTE.test(line)) {
      const body: string[] = []
      for (
        ;
        i < lines.length && lines[i].trim() && (QUOTE.test(lines[i]) || !startsBlock(lines[i]));
        i++
      ) {
        body.push(lines[i].replace(QUOTE, ''))
      }
      out.push(html`<blockquote>${blocks(body)}</blockquote>`)
      continue
    }
    const item = ITEM.exec(line)
    if (item) {
      i = list(lines, i, out)
      continue
    }
    if (
      line.includes('|') &&
      i + 1 < lines.length &&
      TABLE_DIVIDER.test(lines[i + 1]) &&
      lines[i + 1].includes('-')
    ) {
      i = table(lines, i, out)
      continue
    }
    const paragraph: string[] = [line]
    for (i++; i < lines.length && lines[i].trim() && !startsBlock(lines[i]); i++)
      paragraph.push(lines[i])
    out.push(html`<p>${renderInline(paragraph.join('\n').trim())}</p>`)
  }
  return out
}

function headingTemplate(level: number, content: Part[]): TemplateResult {
  // Inside a widget, model headings sit below the host page's own: shift them down two levels.
  switch (Math.min(level + 2, 6)) {
    case 3:
      return html`<h3>${content}</h3>`
    case 4:
      return html`<h4>${content}</h4>`
    case 5:
      return html`<h5>${content}</h5>`
    default:
      return html`<h6>${content}</h6>`
  }
}

function list(lines: string[], start: number, out: TemplateResult[]): number {
  const first = ITEM.exec(lines[start])!
  const indent = first[1].length
  const ordered = /\d/.test(first[2])
  const items: TemplateResult[] = []
  let i = start
  while (i < lines.length) {
    const item = ITEM.exec(lines[i])
    if (!item || item[1].length !== indent || /\d/.test(item[2]) !== ordered) break
    const contentIndent = indent + item[2].length + 1
    const body: string[] = [item[3] ?? '']
    for (i++; i < lines.length; i++) {
      const next = lines[i]
      if (!next.trim()) {
        // A blank line continues the item only when indented content follows.
        const following = lines[i + 1]
        if (
          following !== undefined &&
          /^\s+\S/.test(following) &&
          following.search(/\S/) > indent
        ) {
          body.push('')
          continue
        }
        break
      }
      const nextItem = ITEM.exec(next)
      if (nextItem && nextItem[1].length <= indent) break
      if (!nextItem && !/^\s/.test(next) && startsBlock(next)) break
      body.push(next.slice(Math.min(contentIndent, next.search(/\S/))))
    }
    const nested = body.length > 1 && body.slice(1).some((l) => startsBlock(l) || !l.trim())
    items.push(html`<li>${nested ? blocks(body) : renderInline(body.join('\n').trim())}</li>`)
    if (i < lines.length && !lines[i].trim()) i++
  }
  const startAt = ordered ? Number.parseInt(first[2], 10) : 1
  out.push(
    ordered
      ? html`<ol start=${startAt === 1 ? nothing : startAt}>
          ${items}
        </ol>`
      : html`<ul>
          ${items}
        </ul>`
  )
  return i
}

function table(lines: string[], start: number, out: TemplateResult[]): number {
  const head = splitRow(lines[start])
  const align = splitRow(lines[start + 1]).map((cell) =>
    cell.endsWith(':') ? (cell.startsWith(':') ? 'center' : 'end') : 'start'
  )
  let i = start + 2
  const rows: string[][] = []
  for (; i < lines.length && lines[i].includes('|') && lines[i].trim(); i++)
    rows.push(splitRow(lines[i]))
  const cell = (text: string, column: number, header: boolean) =>
    header
      ? html`<th scope="col" class=${align[column] ?? 'start'}>${renderInline(text)}</th>`
      : html`<td class=${align[column] ?? 'start'}>${renderInline(text)}</td>`
  out.push(
    html`<div class="table">
      <table>
        <thead>
          <tr>
            ${head.map((text, column) => cell(text, column, true))}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (row) =>
              html`<tr>
                ${head.map((_, column) => cell(row[column] ?? '', column, false))}
              </tr>`
          )}
        </tbody>
      </table>
    </div>`
  )
  return i
}
