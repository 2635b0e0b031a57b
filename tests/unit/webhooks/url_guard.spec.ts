import { test } from '@japa/runner'
import {
  blockedReason,
  UnsafeUrlError,
  UrlGuard,
  type Resolver,
} from '#services/webhooks/url_guard'
import { createSender } from '#services/webhooks/http_sender'
import { HOSTILE_URLS, startReceiver } from '#tests/helpers/webhook_receiver'

const PUBLIC = '93.184.216.34'
const staticResolver =
  (table: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const addresses = table[hostname]
    if (!addresses) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }

async function rejection(guard: UrlGuard, url: string) {
  try {
    await guard.assertSafe(url)
  } catch (error) {
    if (error instanceof UnsafeUrlError) return error.code
    throw error
  }
  return null
}

test.group('Webhook URL safety (SSRF)', () => {
  const guard = new UrlGuard(
    { allowHttp: true, allowedPrivateHosts: ['127.0.0.1'] },
    staticResolver({
      'example.com': [PUBLIC],
      'localhost': ['127.0.0.1', '::1'],
      'internal.test': ['10.1.2.3'],
      'mixed.test': [PUBLIC, '192.168.0.10'],
      'v6.test': ['2606:4700::6810:85e5'],
    })
  )

  test('every hostile URL in the matrix is refused at registration', async ({ assert }) => {
    for (const url of HOSTILE_URLS) {
      assert.isNotNull(await rejection(guard, url), `${url} was accepted`)
    }
  })

  test('numeric IPv4 spellings are refused as obfuscated, not resolved', async ({ assert }) => {
    for (const url of [
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://0x7f.1/',
      'http://127.1/',
    ]) {
      assert.equal(await rejection(guard, url), 'webhook_url_obfuscated_ip', url)
    }
  })

  test('a host name is refused if any one of its addresses is private', async ({ assert }) => {
    assert.equal(
      await rejection(guard, 'https://internal.test/hook'),
      'webhook_url_forbidden_address'
    )
    assert.equal(await rejection(guard, 'https://mixed.test/hook'), 'webhook_url_forbidden_address')
    assert.equal(await rejection(guard, 'https://nowhere.test/hook'), 'webhook_url_unresolvable')
  })

  test('public https hosts pass, and an operator-named private host passes only as written', async ({
    assert,
  }) => {
    assert.isNull(await rejection(guard, 'https://example.com/hooks?x=1'))
    assert.isNull(await rejection(guard, 'https://v6.test/hooks'))
    assert.isNull(await rejection(guard, 'http://127.0.0.1:8080/hooks'))
    assert.isNotNull(await rejection(guard, 'http://127.0.0.2:8080/hooks'))
  })

  test('without the development setting only https is accepted', async ({ assert }) => {
    const strict = new UrlGuard(
      { allowHttp: false, allowedPrivateHosts: [] },
      staticResolver({ 'example.com': [PUBLIC] })
    )
    assert.equal(await rejection(strict, 'http://example.com/'), 'webhook_url_scheme')
    assert.isNull(await rejection(strict, 'https://example.com/'))
    assert.equal(await rejection(strict, 'http://127.0.0.1/'), 'webhook_url_scheme')
  })

  test('address classification', ({ assert }) => {
    assert.isNull(blockedReason(PUBLIC))
    assert.isNull(blockedReason('2606:4700::1'))
    assert.equal(blockedReason('::ffff:8.8.8.8'), 'ipv4_mapped')
    assert.equal(blockedReason('100.100.100.100'), 'carrierGradeNat')
    assert.equal(blockedReason('fd00::1'), 'uniqueLocal')
  })

  test('DNS rebinding: a host that resolved publicly at registration and privately at delivery is not contacted', async ({
    assert,
  }) => {
    const receiver = await startReceiver()
    try {
      let calls = 0
      const rebinding: Resolver = async () => [
        { address: calls++ === 0 ? PUBLIC : '127.0.0.1', family: 4 },
      ]
      const rebindGuard = new UrlGuard({ allowHttp: true, allowedPrivateHosts: [] }, rebinding)
      const url = `http://rebind.test:${receiver.port}/hooks`
      await rebindGuard.assertSafe(url)

      const checked = rebindGuard.check(url)
      const result = await createSender(rebindGuard)({
        url: checked.url,
        privateAllowed: checked.privateAllowed,
        headers: {},
        body: '{}',
        timeoutMs: 2000,
      })
      assert.equal(result.error, 'blocked_address')
      assert.isNull(result.statusCode)
      assert.lengthOf(receiver.requests, 0)
      assert.equal(calls, 2)

      // Control: the same request reaches the receiver when the host is operator-allowed.
      const allowed = new UrlGuard(
        { allowHttp: true, allowedPrivateHosts: ['rebind.test'] },
        async () => [{ address: '127.0.0.1', family: 4 }]
      )
      const ok = await createSender(allowed)({
        ...allowed.check(url),
        headers: {},
        body: '{}',
        timeoutMs: 2000,
      })
      assert.equal(ok.statusCode, 200)
      assert.lengthOf(receiver.requests, 1)
    } finally {
      await receiver.close()
    }
  })
})
