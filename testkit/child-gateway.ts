/**
 * The gateway as a child process (`node --import tsx src/gateway/server.ts`), as an admin runs it: its
 * own env, a data directory, PORT=0. The base URL comes from the line the server prints on start.
 * `kill9` is a crash — no shutdown code runs.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const LISTENING = /Relight gateway listening on (http:\/\/\S+)/

export interface ChildGateway {
  readonly url: string
  readonly child: ChildProcess
  /** Everything the child wrote, for failure messages. */
  output(): string
  kill9(): Promise<void>
  /** SIGTERM: the graceful shutdown path. */
  stop(): Promise<void>
}

export async function spawnGateway(
  env: Record<string, string>,
  startTimeoutMs = 20_000
): Promise<ChildGateway> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/gateway/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', RELIGHT_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${output}`)), startTimeoutMs)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = LISTENING.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`gateway exited with ${code}:\n${output}`))
    })
  })
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name)
    await exited
  }
  return { url, child, output: () => output, kill9: () => signal('SIGKILL'), stop: () => signal('SIGTERM') }
}
