import router from '@adonisjs/core/services/router'

const WebhooksController = () => import('#controllers/webhooks_controller')

/** Under /orgs/:orgId (tenant resolved); see docs/webhooks.md. */
export function webhookRoutes() {
  router
    .group(() => {
      router.get('/', [WebhooksController, 'index']).as('index')
      router.post('/', [WebhooksController, 'store']).as('store')
      router.get('/:id', [WebhooksController, 'show']).as('show')
      router.patch('/:id', [WebhooksController, 'update']).as('update')
      router.delete('/:id', [WebhooksController, 'destroy']).as('destroy')
      router.post('/:id/secret/rotate', [WebhooksController, 'rotateSecret']).as('secret.rotate')
      router.post('/:id/secret/reveal', [WebhooksController, 'revealSecret']).as('secret.reveal')
      router.post('/:id/test', [WebhooksController, 'test']).as('test')
      router.get('/:id/deliveries', [WebhooksController, 'deliveries']).as('deliveries.index')
      router
        .post('/:id/deliveries/:deliveryId/redeliver', [WebhooksController, 'redeliver'])
        .as('deliveries.redeliver')
    })
    .prefix('/webhooks')
    .as('webhooks')
}
