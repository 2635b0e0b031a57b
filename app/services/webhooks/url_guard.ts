import { lookup as dnsLookup } from 'node:dns/promises'
import { isIP, isIPv4, type LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

/**
 * SSRF protection for webhook URLs. A URL is checked when an endpoint is registered, and every
 * delivery connects through `lookup()`, which resolves the host and refuses the connection if
 * any address it returned is not public unicast. Because the address checked is the address
 * connected to, a DNS answer that changes between registration and delivery (rebinding) cannot
 * reach a private network.
 */
export interface GuardSettings {
  allowHttp: boolean
  allowedPrivateHosts: string[]
}

export type ResolvedAddress = { address: string; family: number }
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>

export const systemResolver: Resolver = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true })

export class UnsafeUrlError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

/** Why an address may not be contacted, or null when it is public unicast. */
export function blockedReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid_address'
  const parsed = ipaddr.parse(address)
  // ::ffff:10.0.0.1 reaches 10.0.0.1 on dual-stack hosts; refuse the form outright.
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    return 'ipv4_mapped'
  // Only plain unicast passes: this also refuses NAT64, 6to4 and Teredo, which embed IPv4 targets.
  const range = parsed.range()
  return range === 'unicast' ? null : range
}

/** The host exactly as the user wrote it (lower-cased, no brackets or trailing dot). */
function rawHost(input: string) {
  const authority = /^[a-z][a-z0-9+.-]*:[/\\]{2}([^/?#\\]*)/i.exec(input)?.[1] ?? ''
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1)
  const host = hostPort.startsWith('[')
    ? hostPort.slice(1, hostPort.indexOf(']'))
    : hostPort.replace(/:\d*$/, '')
  return host.toLowerCase().replace(/\.$/, '')
}

function stripBrackets(host: string) {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
}

export interface CheckedUrl {
  url: URL
  /** Host without IPv6 brackets. */
  host: string
  /** The operator named this host in WEBHOOK_ALLOWED_PRIVATE_HOSTS. */
  privateAllowed: boolean
}

export class UrlGuard {
  constructor(
    readonly settings: GuardSettings,
    private resolver: Resolver = systemResolver
  ) {}

  /** Checks that need no DNS: scheme, credentials, literal and obfuscated addresses. */
  check(input: string): CheckedUrl {
    let url: URL
    try {
      url = new URL(input)
    } catch {
      throw new UnsafeUrlError('webhook_url_invalid', 'The URL is not valid')
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.settings.allowHttp)) {
      throw new UnsafeUrlError('webhook_url_scheme', 'Webhook URLs must use https')
    }
    if (url.username || url.password) {
      throw new UnsafeUrlError('webhook_url_credentials', 'Webhook URLs cannot carry credentials')
    }
    const host = stripBrackets(url.hostname)
    const written = rawHost(input)
    // 2130706433, 0177.0.0.1, 0x7f.1 and 127.1 all mean 127.0.0.1: only the dotted-quad form is
    // accepted, so an allow-list entry or a reviewer never misreads which address is meant.
    if (isIPv4(host) && written !== host) {
      throw new UnsafeUrlError(
        'webhook_url_obfuscated_ip',
        'Write IPv4 addresses in dotted-decimal form'
      )
    }
    const privateAllowed = this.settings.allowedPrivateHosts.some(
      (allowed) => stripBrackets(allowed) === written
    )
    if (isIP(host) && !privateAllowed) {
      const reason = blockedReason(host)
      if (reason)
        throw new UnsafeUrlError(
          'webhook_url_forbidden_address',
          `The URL points at a non-public address (${reason})`
        )
    }
    return { url, host, privateAllowed }
  }

  /** Registration-time check: the static rules, then every address the host resolves to. */
  async assertSafe(input: string): Promise<CheckedUrl> {
    const checked = this.check(input)
    if (isIP(checked.host) || checked.privateAllowed) return checked
    let addresses: ResolvedAddress[]
    try {
      addresses = await this.resolver(checked.host)
    } catch {
      throw new UnsafeUrlError('webhook_url_unresolvable', 'The host name does not resolve')
    }
    if (addresses.length === 0)
      throw new UnsafeUrlError('webhook_url_unresolvable', 'The host name does not resolve')
    for (const { address } of addresses) {
      const reason = blockedReason(address)
      if (reason)
        throw new UnsafeUrlError(
          'webhook_url_forbidden_address',
          `The host resolves to a non-public address (${reason})`
        )
    }
    return checked
  }

  /**
   * A `lookup` for http.request: the connection goes only to addresses checked here, at connect
   * time. (Node skips lookup for IP literals; `check()` has vetted those.)
   */
  lookup(privateAllowed: boolean): LookupFunction {
    return (hostname, options, callback) => {
      this.resolver(hostname).then(
        (addresses) => {
          const blocked = privateAllowed
            ? undefined
            : addresses.find(({ address }) => blockedReason(address))
          if (addresses.length === 0 || blocked) {
            const error = Object.assign(new Error(`blocked address for ${hostname}`), {
              code: 'EWEBHOOKBLOCKED',
            })
            return callback(error, '', 0)
          }
          const wanted =
            options.family === 4 || options.family === 6
              ? addresses.filter((a) => a.family === options.family)
              : addresses
          if (options.all) return (callback as any)(null, wanted)
          const first = wanted[0] ?? addresses[0]
          callback(null, first.address, first.family)
        },
        (error) => callback(error, '', 0)
      )
    }
  }
}
