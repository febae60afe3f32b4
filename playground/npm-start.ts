/**
 * `npm start`: builds the plugin for the playground's own gateway, whatever PORT says, then starts the
 * playground. The plugin may only reach the origin baked into its build (manifest allowedDomains), so
 * `PORT=9000 npm start` must build for http://localhost:9000, not the default 8787.
 */
import { spawnSync } from 'node:child_process'

import { main } from './start.js'

/** The build's environment: RELIGHT_GATEWAY_URL from PORT unless it is set explicitly. */
export function buildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.RELIGHT_GATEWAY_URL !== undefined && env.RELIGHT_GATEWAY_URL !== '') return env
  const port = env.PORT !== undefined && env.PORT !== '' ? env.PORT : '8787'
  return { ...env, RELIGHT_GATEWAY_URL: `http://localhost:${port}` }
}

if (process.argv[1] !== undefined && /npm-start\.[jt]s$/.test(process.argv[1])) {
  const build = spawnSync('npm', ['run', 'build'], {
    env: buildEnv(process.env),
    stdio: 'inherit',
    shell: process.platform === 'win32'
  })
  if (build.status !== 0) process.exit(build.status ?? 1)
  await main()
}
