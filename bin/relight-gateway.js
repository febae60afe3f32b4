#!/usr/bin/env node
// The gateway's command line: `relight-gateway` (or `relight-gateway serve`) runs the server. More
// subcommands (e.g. `tokens create`) are added to COMMANDS, each loading only what it needs.
import { register } from 'tsx/esm/api'

register()

const COMMANDS = {
  serve: async () => (await import('../src/gateway/server.ts')).serve()
}

const [name = 'serve', ...args] = process.argv.slice(2)
const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
if (!command) {
  console.error(`relight-gateway: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}.`)
  process.exit(2)
}
await command(args)
