import net from 'node:net'
import type { AddressInfo } from 'node:net'

/**
 * A TCP proxy in front of the Engify server that ends the browser's connection in the middle of
 * a streamed answer (after its second `token` event), as a flaky network or a proxy timeout
 * would. The server sees its client go away; the browser sees a stream without `done`.
 */
export async function startCuttingProxy(target: string) {
  const { hostname, port } = new URL(target)
  const proxy = { url: '', cuts: 0, close: async () => {} }
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    }
    let running = false
    let tokens = 0
    client.on('data', (chunk) => {
      if (/^POST \/api\/v1\/public\/prompts\/[^ ]+\/run /m.test(chunk.toString('latin1')))
        running = true
      upstream.write(chunk)
    })
    upstream.on('data', (chunk) => {
      if (client.writableEnded) return
      client.write(chunk)
      if (!running) return
      tokens += chunk.toString('utf8').match(/^event: token$/gm)?.length ?? 0
      if (tokens >= 2) {
        proxy.cuts++
        // What was written still reaches the browser; then the connection ends mid-response.
        client.end()
        upstream.destroy()
      }
    })
    const close = () => {
      // After a cut the client socket is ending gracefully, so what was written still arrives.
      if (!client.writableEnded) client.destroy()
      upstream.destroy()
    }
    client.on('error', close)
    upstream.on('error', close)
    client.on('close', close)
    upstream.on('close', close)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  proxy.close = async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  }
  return proxy
}
