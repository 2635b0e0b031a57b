/**
 * Node-side checks of the pure pieces (no page needed): the SSE parser against awkward chunking,
 * and the URL filter of the Markdown renderer.
 */
import { readSse, type SseMessage } from '../../../widgets/src/shared/sse.ts'
import { assertEqual } from './helpers.ts'

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk))
      controller.close()
    },
  })
}

async function parse(chunks: string[]): Promise<SseMessage[]> {
  const messages: SseMessage[] = []
  for await (const message of readSse(streamOf(chunks))) messages.push(message)
  return messages
}

export const tests: Record<string, () => Promise<void>> = {
  async 'SSE: events, multi-line data, comments and every line ending'() {
    assertEqual(
      await parse([
        ': hello\n',
        'event: token\r\ndata: {"text":"a"}\r\n\r\n',
        'data: one\ndata: two\n\n',
        'event: done\rdata: {}\r\r',
      ]),
      [
        { event: 'token', data: '{"text":"a"}' },
        { event: 'message', data: 'one\ntwo' },
        { event: 'done', data: '{}' },
      ],
      'parsed messages'
    )
  },

  async 'SSE: chunks split anywhere, even inside a CRLF or a multi-byte character'() {
    const text = 'event: token\r\ndata: {"text":"héllo ✓"}\r\n\r\nevent: done\ndata: {}\n\n'
    const bytes = new TextEncoder().encode(text)
    for (let cut = 1; cut < bytes.length; cut++) {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice(0, cut))
          controller.enqueue(bytes.slice(cut))
          controller.close()
        },
      })
      const messages: SseMessage[] = []
      for await (const message of readSse(stream)) messages.push(message)
      assertEqual(
        messages,
        [
          { event: 'token', data: '{"text":"héllo ✓"}' },
          { event: 'done', data: '{}' },
        ],
        `cut at byte ${cut}`
      )
    }
  },

  async 'SSE: an event cut off by the end of the stream is not delivered'() {
    assertEqual(
      await parse(['event: token\ndata: {"text":"a"}\n\n', 'event: done\ndata: {"exec']),
      [{ event: 'token', data: '{"text":"a"}' }],
      'partial event dropped'
    )
  },

  async 'Markdown: only absolute http(s) and mailto links survive'() {
    const { safeUrl } = await import('../../../widgets/src/shared/markdown.ts')
    const cases: [string, string | undefined][] = [
      ['https://example.com/a?b=c', 'https://example.com/a?b=c'],
      ['http://example.com', 'http://example.com/'],
      ['mailto:someone@example.com', 'mailto:someone@example.com'],
      ['javascript:alert(1)', undefined],
      ['JaVaScRiPt:alert(1)', undefined],
      ['java\tscript:alert(1)', undefined],
      ['data:text/html,<script>alert(1)</script>', undefined],
      ['vbscript:msgbox', undefined],
      ['/relative/path', undefined],
      ['//evil.example/x', undefined],
      ['https://', undefined],
    ]
    assertEqual(
      cases.map(([url]) => safeUrl(url)),
      cases.map(([, expected]) => expected),
      'safeUrl'
    )
  },
}
