import { createHash } from 'node:crypto'
import cache from '@adonisjs/cache/services/main'
import type { ChatRequest, FinishReason } from '#ai/types'

export interface CachedAnswer {
  text: string
  model: string
  provider: string
  finishReason: FinishReason
  source: 'org' | 'platform' | 'emulator'
}

/**
 * The optional per-prompt response cache: an exact match on the organization, the model and the
 * full rendered request (messages and sampling parameters). Keys are hashes, so neither prompts
 * nor answers appear in cache key listings; entries are tagged per organization.
 */
export default class AnswerCache {
  static key(organizationId: string, model: string, request: Omit<ChatRequest, 'model'>) {
    const digest = createHash('sha256')
      .update(
        JSON.stringify([
          model,
          request.messages,
          request.maxTokens ?? null,
          request.temperature ?? null,
          request.topP ?? null,
          request.stop ?? null,
          request.responseFormat ?? null,
        ])
      )
      .digest('base64url')
    return `answers:${organizationId}:${digest}`
  }

  static async get(key: string): Promise<CachedAnswer | undefined> {
    return (await cache.get({ key })) as CachedAnswer | undefined
  }

  static async set(organizationId: string, key: string, answer: CachedAnswer, ttlSeconds: number) {
    await cache.set({
      key,
      value: answer,
      ttl: ttlSeconds * 1000,
      tags: [`answers:${organizationId}`],
    })
  }
}
