import { configApp } from '@adonisjs/eslint-config'

export default configApp(
  {
    ignores: ['build/**', 'tmp/**', '.tools/**', 'widgets/dist/**', 'admin/dist/**', 'public/**', 'test-artifacts/**'],
  },
  {
    // `(await agent.get(url)).status` is the clearest way to state an expectation in a test.
    files: ['tests/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@unicorn/no-await-expression-member': 'off' },
  }
)
