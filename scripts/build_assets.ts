/* `npm run build`: builds the widget and console bundles (always, ignoring the change stamps). */
import { buildAssets } from './lib/assets.ts'

await buildAssets(true)
