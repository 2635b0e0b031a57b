import type { HttpContext } from '@adonisjs/core/http'
import HealthService from '#services/health_service'

export default class HealthController {
  async live() {
    return { status: 'ok' }
  }

  async ready({ response }: HttpContext) {
    const report = await HealthService.check()
    return response.status(report.status === 'ok' ? 200 : 503).json(report)
  }
}
