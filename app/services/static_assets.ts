import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import app from '@adonisjs/core/services/app'

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
}

export interface StaticFile {
  body: Buffer
  type: string
  /** Vite names content-hashed files `name-<hash>.ext`; those can be cached forever. */
  immutable: boolean
}

/**
 * Reads a built file from one of the asset folders (admin/dist, widgets/dist). Paths that leave
 * the folder (`..`, absolute, encoded) resolve to nothing. Files are cached in memory in production.
 */
export default class StaticAssets {
  private static memo = new Map<string, StaticFile | null>()

  static async read(
    folder: 'admin/dist' | 'widgets/dist',
    relative: string
  ): Promise<StaticFile | null> {
    const root = app.makePath(folder)
    const target = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`)
    if (!target.startsWith(root + path.sep)) return null
    if (app.inProduction && StaticAssets.memo.has(target)) return StaticAssets.memo.get(target)!
    let file: StaticFile | null = null
    try {
      const info = await stat(target)
      if (info.isFile()) {
        file = {
          body: await readFile(target),
          type: TYPES[path.extname(target)] ?? 'application/octet-stream',
          immutable: /-[A-Za-z0-9_-]{8,}\.(js|css|woff2|svg|png)$/.test(target),
        }
      }
    } catch {
      file = null
    }
    if (app.inProduction) StaticAssets.memo.set(target, file)
    return file
  }
}
