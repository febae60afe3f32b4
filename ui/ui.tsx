import { render } from '@create-figma-plugin/ui'

import { Relight } from './components/relight.js'

export default render(Relight)
