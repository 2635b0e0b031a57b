import type { HttpContext } from '@adonisjs/core/http'
import type { FinishReason } from '#ai/types'
import { AppError } from '#exceptions/app_error'
import {
  gatewayError,
  GatewayRun,
  type GatewayCall,
  type GatewayResult,
} from '#services/ai_gateway/gateway'
import { SseStream, timeUpstream } from '#services/ai_gateway/http_stream'

/*
 * OpenAI's Chat Completions response format, so OpenAI's own SDKs (and everything built on
 * them) can use Engify as their base URL. Engify's extras travel in `x-engify-*` headers and an
 * `engify` object the SDKs ignore.
 */

function finishReason(reason: FinishReason) {
  return reason === 'other' ? 'stop' : reason
}

function usageOf(result: GatewayResult) {
  return {
    prompt_tokens: result.usage.inputTokens,
    completion_tokens: result.usage.outputTokens,
    total_tokens: result.usage.inputTokens + result.usage.outputTokens,
  }
}

function engify(result: GatewayResult) {
  return {
    execution_id: result.executionId,
    provider: result.provider,
    cost_usd: result.costMicros / 1_000_000,
    latency_ms: result.latencyMs,
    ttft_ms: result.ttftMs,
    cached: result.cached,
  }
}

/** OpenAI's error body, so the SDKs raise their usual APIError with our code in it. */
export function openAiError(error: AppError) {
  const type =
    error.status === 429
      ? 'rate_limit_error'
      : error.status >= 500
        ? 'api_error'
        : 'invalid_request_error'
  return {
    error: {
      message: error.message,
      type,
      param: (error.details?.param as string | undefined) ?? null,
      code: error.code,
    },
  }
}

export async function respondOpenAi(ctx: HttpContext, call: GatewayCall, includeUsage: boolean) {
  const run = await GatewayRun.start(call)
  const id = `chatcmpl-${run.executionId.replace(/-/g, '')}`
  const created = Math.floor(run.startedAt / 1000)
  const model = call.candidates[0].model

  if (!call.stream) {
    const result = await run.complete()
    timeUpstream(ctx, result)
    ctx.response.header('x-engify-execution-id', result.executionId)
    ctx.response.header('x-engify-provider', result.provider)
    return ctx.response.json({
      id,
      object: 'chat.completion',
      created,
      model: result.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: result.text, refusal: null },
          logprobs: null,
          finish_reason: finishReason(result.finishReason),
        },
      ],
      usage: usageOf(result),
      system_fingerprint: null,
      engify: engify(result),
    })
  }

  ctx.response.header('x-engify-execution-id', run.executionId)
  const sse = new SseStream(ctx)
  // Every chunk shares this prefix; only the delta changes.
  const head = `{"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":null,"choices":`
  const tokens = run.tokens()
  try {
    let next = await sse.openWhenReady(tokens.next(), run)
    await sse.write(
      `data: ${head}[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n`
    )
    for (let first = true; ; first = false) {
      if (!first) next = await tokens.next()
      if (next.done) {
        const result = next.value
        await sse.write(
          `data: ${head}[{"index":0,"delta":{},"logprobs":null,"finish_reason":"${finishReason(result.finishReason)}"}],"engify":${JSON.stringify(engify(result))}}\n\n`
        )
        if (includeUsage)
          await sse.write(`data: ${head}[],"usage":${JSON.stringify(usageOf(result))}}\n\n`)
        await sse.write('data: [DONE]\n\n')
        break
      }
      await sse.write(
        `data: ${head}[{"index":0,"delta":{"content":${JSON.stringify(next.value)}},"logprobs":null,"finish_reason":null}]}\n\n`
      )
    }
  } catch (error) {
    // Before the stream opened: a plain HTTP error, which the SDKs raise with its status.
    if (!sse.opened) throw error
    // OpenAI's SDKs raise an APIError for a chunk carrying `error`.
    const mapped = error instanceof AppError ? error : gatewayError(error)
    await sse.write(`data: ${JSON.stringify(openAiError(mapped))}\n\n`)
  } finally {
    sse.end()
  }
}
