import type { ApplicationService } from '@adonisjs/core/types'

/**
 * The AI gateway's process lifecycle: execution rows buffered in memory are flushed after the
 * HTTP server has stopped taking requests and before the database closes (providers shut down in
 * reverse order, and this one is registered after Lucid), so a SIGTERM loses none of them.
 */
export default class AiGatewayProvider {
  constructor(protected app: ApplicationService) {}

  async shutdown() {
    const { default: executionRecorder } = await import('#services/ai_gateway/execution_recorder')
    await executionRecorder.stop()
  }
}
