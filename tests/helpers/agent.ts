/**
 * A minimal browser stand-in for functional tests: real HTTP with fetch, a cookie jar, and the
 * XSRF-TOKEN cookie echoed in X-XSRF-TOKEN on unsafe methods, as the console does.
 */
function randomIp() {
  const octet = () => Math.floor(Math.random() * 254) + 1
  return `198.18.${octet()}.${octet()}`
}

export const baseUrl = () => `http://${process.env.HOST}:${process.env.PORT}`

export interface AgentResponse<T = any> {
  status: number
  headers: Headers
  body: T
  text: string
}

export class Agent {
  cookies = new Map<string, string>()
  /** Sent on every request (e.g. Authorization for API keys). */
  headers: Record<string, string> = {}

  /**
   * Each agent comes from its own client address (the test server trusts X-Forwarded-For), so
   * per-IP rate limits apply per simulated client, as they would in production.
   */
  constructor(public ip: string = randomIp()) {}

  static withKey(key: string) {
    const agent = new Agent()
    agent.headers.authorization = `Bearer ${key}`
    return agent
  }

  private store(response: Response) {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';')
      const index = pair.indexOf('=')
      const name = pair.slice(0, index).trim()
      const value = pair.slice(index + 1).trim()
      const expired = attributes.some((attr) =>
        /max-age=0|expires=thu, 01 jan 1970/i.test(attr.trim())
      )
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {}
  ): Promise<AgentResponse<T>> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...this.headers,
      ...extraHeaders,
    }
    if (this.cookies.size) headers.cookie = this.cookieHeader()
    const xsrf = this.cookies.get('XSRF-TOKEN')
    if (xsrf && method !== 'GET' && !('x-xsrf-token' in extraHeaders))
      headers['x-xsrf-token'] = decodeURIComponent(xsrf)
    let payload: string | undefined
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body)
      headers['content-type'] ??= 'application/json'
    }
    if (this.ip) headers['x-forwarded-for'] = this.ip
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers,
      body: payload,
      redirect: 'manual',
    })
    this.store(response)
    const text = await response.text()
    let parsed: any = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {}
    return { status: response.status, headers: response.headers, body: parsed, text }
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers)
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers)
  }
  patch<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body ?? {}, headers)
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, headers)
  }

  /** A first GET hands out the XSRF-TOKEN cookie, as loading the console would. */
  async prime() {
    await this.get('/api/v1/me')
    return this
  }
}
