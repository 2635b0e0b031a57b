import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { aiPublicRoutes } from '#start/routes/ai'

const ApiKeysController = () => import('#controllers/api_keys_controller')
const PromptsController = () => import('#controllers/prompts_controller')
const PromptVersionsController = () => import('#controllers/prompt_versions_controller')
const PromptLabelsController = () => import('#controllers/prompt_labels_controller')
const PromptRatingsController = () => import('#controllers/prompt_ratings_controller')
const PromptFavoritesController = () => import('#controllers/prompt_favorites_controller')
const PublicPromptsController = () => import('#controllers/public_prompts_controller')

/** API keys and the prompt library, inside the /orgs/:orgId group (auth -> tenant -> throttle). */
export function promptLibraryRoutes() {
  router
    .group(() => {
      router.get('/', [ApiKeysController, 'index']).as('index')
      router.post('/', [ApiKeysController, 'store']).as('store')
      router.post('/:keyId/rotate', [ApiKeysController, 'rotate']).as('rotate')
      router.delete('/:keyId', [ApiKeysController, 'destroy']).as('destroy')
    })
    .prefix('/api-keys')
    .as('api_keys')

  router
    .group(() => {
      router.get('/', [PromptsController, 'index']).as('index').use(middleware.cached())
      router.post('/', [PromptsController, 'store']).as('store')
      router.get('/featured', [PromptsController, 'featured']).as('featured')
      router.post('/duplicate', [PromptsController, 'duplicate']).as('duplicate')
      router.get('/:promptId', [PromptsController, 'show']).as('show')
      router.patch('/:promptId', [PromptsController, 'update']).as('update')
      router.delete('/:promptId', [PromptsController, 'destroy']).as('destroy')
      router.post('/:promptId/publish', [PromptsController, 'publish']).as('publish')
      router
        .get('/:promptId/versions', [PromptVersionsController, 'index'])
        .as('versions.index')
        .use(middleware.cached())
      router
        .get('/:promptId/versions/:versionId', [PromptVersionsController, 'show'])
        .as('versions.show')
      router.get('/:promptId/labels', [PromptLabelsController, 'index']).as('labels.index')
      router.put('/:promptId/labels/:label', [PromptLabelsController, 'update']).as('labels.update')
      router
        .delete('/:promptId/labels/:label', [PromptLabelsController, 'destroy'])
        .as('labels.destroy')
      router.get('/:promptId/ratings', [PromptRatingsController, 'index']).as('ratings.index')
      router.post('/:promptId/ratings', [PromptRatingsController, 'store']).as('ratings.store')
      router.put('/:promptId/favorite', [PromptFavoritesController, 'update']).as('favorite.update')
      router
        .delete('/:promptId/favorite', [PromptFavoritesController, 'destroy'])
        .as('favorite.destroy')
    })
    .prefix('/prompts')
    .as('prompts')
}

/**
 * The key-only public API. CORS wraps everything (including errors and the preflight that
 * cross-origin widgets send because of their Authorization header); the guard then requires a
 * key, checks its type, origin and rate limit. `POST /prompts/:slug/run` joins this group with
 * the AI gateway.
 */
export function publicApiRoutes() {
  router
    .group(() => {
      router.route('/*', ['OPTIONS'], () => {}).as('preflight')
      router
        .group(() => {
          router.get('/prompts', [PublicPromptsController, 'index']).as('prompts.index')
          router.get('/prompts/:slug', [PublicPromptsController, 'show']).as('prompts.show')
          router
            .post('/prompts/:slug/ratings', [PublicPromptsController, 'rate'])
            .as('prompts.ratings.store')
          aiPublicRoutes()
        })
        .use(middleware.apiKey())
    })
    .prefix('/public')
    .as('public')
    .use(middleware.publicCors())
}
