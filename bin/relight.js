#!/usr/bin/env node
// `relight` command: relight image files from a terminal, in-process or through a gateway.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
