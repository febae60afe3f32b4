import { render } from '@create-figma-plugin/ui'

import { Relight } from './components/relight.js'
import { installFocusStyles } from './lib/install-focus-styles.js'

installFocusStyles()

export default render(Relight)
