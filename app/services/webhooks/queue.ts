import { Job, Locator, QueueManager } from '@boringnode/queue'
import { knex } from '@boringnode/queue/drivers/knex_adapter'
import { Redis } from 'ioredis'
import { redis } from '@boringnode/queue/drivers/redis_adapter'
import type { JobOptions, QueueManagerConfig } from '@boringnode/queue/types'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import env from '#start/env'
import webhooksConfig from '#config/webhooks'

/*
 * Delivery jobs ride on @boringnode/queue: Redis when REDIS_URL is set, otherwise the library's
 * database adapter on our own connection (tables from migration 0301). The queue only says *when*
 * to look at a delivery; the durable truth (attempts, lease, next attempt) is the
 * webhook_deliveries row, claimed atomically by whichever worker runs the job. A lost or
 * duplicated job therefore costs nothing: the claim ignores duplicates, and the sweeper
 * (worker.ts) re-dispatches rows whose job vanished (crash between commit and dispatch, a worker
 * killed mid-job, a Redis flush).
 */
export const WEBHOOK_QUEUE = 'webhooks'
export const DELIVER_JOB = 'webhooks.deliver'

export class DeliverWebhookJob extends Job<{ deliveryId: string }> {
  static options: JobOptions = {
    name: DELIVER_JOB,
    queue: WEBHOOK_QUEUE,
    // Retries are ours (retry_schedule.ts); a job that throws is picked up again by the sweeper.
    maxRetries: 0,
    removeOnComplete: true,
    removeOnFail: true,
  }

  async execute() {
    const { defaultDeliverer } = await import('#services/webhooks/delivery_service')
    await defaultDeliverer().attempt(this.payload.deliveryId)
  }
}

/**
 * Our own connection (the library would open one without an error listener, and a Redis outage
 * would then flood stderr). Closed in closeQueue().
 */
const connections = new Set<Redis>()
let lastRedisWarning = 0
function queueConnection(url: string) {
  // One per caller (the dispatcher and each worker), all closed by closeQueue().
  const connection = new Redis({ ...redisOptions(url), keyPrefix: 'boringnode::queue::' })
  connection.on('error', (error) => {
    if (Date.now() - lastRedisWarning < 10_000) return
    lastRedisWarning = Date.now()
    logger.warn({ err: error.message }, 'webhook queue: Redis unavailable; deliveries wait')
  })
  connections.add(connection)
  return connection
}

function redisOptions(url: string) {
  const parsed = new URL(url)
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number(parsed.pathname.slice(1) || 0),
    maxRetriesPerRequest: null,
  }
}

export function queueConfig(): QueueManagerConfig {
  const redisUrl = env.get('REDIS_URL')
  return {
    default: redisUrl ? 'redis' : 'database',
    adapters: redisUrl
      ? { redis: redis(queueConnection(redisUrl)) }
      : { database: knex(db.connection().getWriteClient()) },
    autoLoadJobs: false,
    logger: logger.child({ component: 'webhooks.queue' }) as any,
    worker: {
      concurrency: webhooksConfig.concurrency,
      idleDelay: '250ms',
      // A job whose worker stopped heart-beating is handed to another worker; the delivery
      // lease (checked at claim time) still keeps two workers from sending the same attempt.
      stalledThreshold: webhooksConfig.leaseMs,
      stalledInterval: '5s',
      maxStalledCount: 3,
      // The Adonis process owns signals: app.terminate() stops the worker (providers/webhook_provider.ts).
      gracefulShutdown: false,
    },
  }
}

let ready: Promise<void> | null = null

export function ensureQueue() {
  ready ??= (async () => {
    Locator.register(DELIVER_JOB, DeliverWebhookJob)
    if (!QueueManager.isInitialized()) await QueueManager.init(queueConfig())
  })().catch((error) => {
    ready = null
    throw error
  })
  return ready
}

/** Best effort: a failed dispatch is repaired by the sweeper, so it never fails the caller. */
export async function dispatchDelivery(deliveryId: string, delayMs = 0) {
  try {
    await ensureQueue()
    const dispatch = DeliverWebhookJob.dispatch({ deliveryId })
    await (delayMs > 0 ? dispatch.in(delayMs) : dispatch)
  } catch (error) {
    logger.warn(
      { err: error, deliveryId },
      'webhook delivery dispatch failed; the sweeper will retry'
    )
  }
}

export async function closeQueue() {
  if (ready) {
    ready = null
    await QueueManager.destroy().catch(() => {})
  }
  for (const connection of connections) {
    // quit() waits for a reply, which never comes while Redis is unreachable.
    if (connection.status === 'ready') await connection.quit().catch(() => {})
    connection.disconnect()
  }
  connections.clear()
}
