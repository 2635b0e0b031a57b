import type { HttpContext } from '@adonisjs/core/http'
import StaticAssets, { type StaticFile } from '#services/static_assets'
import { notFound, AppError } from '#exceptions/app_error'

function send(ctx: HttpContext, file: StaticFile, cache: string) {
  ctx.response.header('Content-Type', file.type)
  ctx.response.header(
    'Cache-Control',
    file.immutable ? 'public, max-age=31536000, immutable' : cache
  )
  ctx.response.header('X-Content-Type-Options', 'nosniff')
  return ctx.response.send(file.body)
}

export default class AssetsController {
  /** The console: real files by path, index.html for every client-side route. */
  async admin(ctx: HttpContext) {
    const wildcard = (ctx.params['*'] as string[] | undefined)?.join('/') ?? ''
    if (wildcard) {
      const file = await StaticAssets.read('admin/dist', wildcard)
      if (file && !wildcard.endsWith('index.html')) return send(ctx, file, 'no-cache')
      if (/\.[a-z0-9]+$/i.test(wildcard)) throw notFound('file')
    }
    const index = await StaticAssets.read('admin/dist', 'index.html')
    if (!index)
      throw new AppError(
        503,
        'console_not_built',
        'The console has not been built; run npm run build'
      )
    return send(ctx, index, 'no-cache')
  }

  /**
   * The widgets' ES modules. Any site may load them (a module script needs CORS); they hold no
   * data, and every API call they make is checked against the key's allowed origins.
   */
  async widgets(ctx: HttpContext) {
    const wildcard = (ctx.params['*'] as string[] | undefined)?.join('/') ?? ''
    const file = await StaticAssets.read('widgets/dist', wildcard)
    if (!file) throw notFound('file')
    ctx.response.header('Access-Control-Allow-Origin', '*')
    ctx.response.header('Cross-Origin-Resource-Policy', 'cross-origin')
    return send(ctx, file, 'public, max-age=300')
  }
}
