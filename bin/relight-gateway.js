#!/usr/bin/env node
// The gateway's command line: `relight-gateway` (or `relight-gateway serve`) runs the server; `tokens`,
// `jobs` and `audit` are the admin's commands. Each command loads only what it needs.
import { register } from 'tsx/esm/api'

register()

const COMMANDS = {
  serve: async () => (await import('../src/gateway/server.ts')).serve(),
  tokens: async (args) => {
    process.exitCode = await (await import('../src/gateway/admin/tokens-command.ts')).tokensCommand(args)
  },
  jobs: async (args) => {
    process.exitCode = await (await import('../src/gateway/admin/jobs-command.ts')).jobsCommand(args)
  },
  audit: async (args) => {
    process.exitCode = await (await import('../src/gateway/admin/audit-command.ts')).auditCommand(args)
  }
}

const [name = 'serve', ...args] = process.argv.slice(2)
const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
if (!command) {
  console.error(`relight-gateway: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}.`)
  process.exit(2)
}
await command(args)
