import { configApp } from '@adonisjs/eslint-config'

export default configApp({
  ignores: ['build/**', 'tmp/**', '.tools/**', 'widgets/dist/**', 'admin/dist/**', 'public/**', 'test-artifacts/**'],
})
