import { test } from '@japa/runner'

test.group('Health', () => {
  test('liveness answers ok', async ({ client }) => {
    const response = await client.get('/health')
    response.assertStatus(200)
    response.assertBodyContains({ status: 'ok' })
  })

  test('readiness reports the database and cache', async ({ client, assert }) => {
    const response = await client.get('/health/ready')
    response.assertStatus(200)
    assert.equal(response.body().checks.database.status, 'ok')
    assert.equal(response.body().checks.cache.status, 'ok')
  })
})
