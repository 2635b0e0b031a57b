/** One Server-Sent Events message. */
export interface SseMessage {
  event: string
  data: string
}

const LINE_END = /\r\n|\r|\n/

/**
 * Parses a `text/event-stream` body as it arrives (WHATWG SSE rules: `event:`/`data:` fields,
 * multi-line data, comments, CR/LF/CRLF line ends split across chunks). `onActivity` is called for
 * every chunk, keep-alive comments included, so the caller can run an idle watchdog. Aborting the
 * fetch's signal ends the loop with an `AbortError` and releases the connection.
 */
export async function* readSse(
  body: ReadableStream<Uint8Array>,
  onActivity?: () => void
): AsyncGenerator<SseMessage> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  let event = ''
  let data: string[] = []
  try {
    for (;;) {
      const { value, done } = await reader.read()
      if (done) buffer += decoder.decode()
      else {
        onActivity?.()
        buffer += decoder.decode(value, { stream: true })
      }
      for (;;) {
        const match = LINE_END.exec(buffer)
        // A lone CR at the end may be the first half of a CRLF still in flight.
        if (!match || (!done && match[0] === '\r' && match.index === buffer.length - 1)) break
        const line = buffer.slice(0, match.index)
        buffer = buffer.slice(match.index + match[0].length)
        if (line === '') {
          if (data.length) yield { event: event || 'message', data: data.join('\n') }
          event = ''
          data = []
          continue
        }
        if (line[0] === ':') continue
        const colon = line.indexOf(':')
        const field = colon < 0 ? line : line.slice(0, colon)
        let fieldValue = colon < 0 ? '' : line.slice(colon + 1)
        if (fieldValue[0] === ' ') fieldValue = fieldValue.slice(1)
        if (field === 'event') event = fieldValue
        else if (field === 'data') data.push(fieldValue)
      }
      if (done) return
    }
  } finally {
    reader.cancel().catch(() => {})
  }
}
