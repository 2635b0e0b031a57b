import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const ProvidersController = () => import('#controllers/providers_controller')
const PromptRunsController = () => import('#controllers/prompt_runs_controller')
const ExecutionsController = () => import('#controllers/executions_controller')
const AnalyticsController = () => import('#controllers/analytics_controller')
const BudgetsController = () => import('#controllers/budgets_controller')
const OpenAiCompatController = () => import('#controllers/openai_compat_controller')
const EndUserTokensController = () => import('#controllers/end_user_tokens_controller')

/** The AI gateway's console routes, inside the /orgs/:orgId group (auth -> tenant -> throttle). */
export function aiOrgRoutes() {
  router
    .group(() => {
      router.get('/', [ProvidersController, 'index']).as('index')
      router.put('/:provider', [ProvidersController, 'update']).as('update')
      router.delete('/:provider', [ProvidersController, 'destroy']).as('destroy')
    })
    .prefix('/providers')
    .as('providers')

  router.get('/models', [ProvidersController, 'models']).as('models.index')
  router.get('/ai-settings', [ProvidersController, 'showSettings']).as('ai_settings.show')
  router.put('/ai-settings', [ProvidersController, 'updateSettings']).as('ai_settings.update')

  router.post('/prompts/:promptId/run', [PromptRunsController, 'store']).as('prompt_runs.store')
  router
    .get('/prompts/:promptId/run-settings', [PromptRunsController, 'showSettings'])
    .as('prompt_run_settings.show')
  router
    .put('/prompts/:promptId/run-settings', [PromptRunsController, 'updateSettings'])
    .as('prompt_run_settings.update')

  router.get('/executions', [ExecutionsController, 'index']).as('executions.index')

  router
    .group(() => {
      router.get('/usage', [AnalyticsController, 'usage']).as('usage')
      router.get('/breakdown', [AnalyticsController, 'breakdown']).as('breakdown')
      router.get('/summary', [AnalyticsController, 'summary']).as('summary')
    })
    .prefix('/analytics')
    .as('analytics')

  router.get('/budgets', [BudgetsController, 'show']).as('budgets.show')
  router.put('/budgets', [BudgetsController, 'update']).as('budgets.update')
}

/**
 * Secret-key routes outside the public prompt API: the OpenAI-compatible endpoint (point an
 * OpenAI SDK at `${APP_URL}/api/v1/openai`) and end-user token minting. The key guard refuses
 * publishable keys on anything outside /api/v1/public/.
 */
export function aiKeyRoutes() {
  router
    .group(() => {
      router
        .post('/openai/chat/completions', [OpenAiCompatController, 'chatCompletions'])
        .as('openai.chat_completions')
      router.get('/openai/models', [OpenAiCompatController, 'models']).as('openai.models')
      router
        .post('/end-user-tokens', [EndUserTokensController, 'store'])
        .as('end_user_tokens.store')
    })
    .use(middleware.apiKey())
}

/** The run route of the public prompt API (registered inside its key-only, CORS-wrapped group). */
export function aiPublicRoutes() {
  router.post('/prompts/:slug/run', [PromptRunsController, 'publicRun']).as('prompts.run')
}
