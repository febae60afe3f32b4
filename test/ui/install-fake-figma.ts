/**
 * @create-figma-plugin/utilities binds figma.ui when imported outside a browser: UI modules that emit events
 * need a `figma` first. Import this before them (side-effect imports are evaluated first, in order).
 */
import { createFakeFigma, installFigma } from '../plugin/fake-figma.js'

installFigma(createFakeFigma())
