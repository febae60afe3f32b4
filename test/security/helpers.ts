/**
 * The security suite's gateway: the real server on loopback with tokens created in a temp data directory,
 * every log line captured, and every response the test reads kept, so a test can scan all of it for keys
 * and tokens.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'

import { pino } from 'pino'

import { openAuthDb } from '../../src/gateway/auth/db.js'
import { TokenStore } from '../../src/gateway/auth/tokens.js'
import type { GatewayConfig } from '../../src/gateway/env.js'
import type { GatewayOverrides } from '../../src/gateway/gateway.js'
import type { RunningGateway } from '../../src/gateway/server.js'
import { startTestGateway } from '../gateway/helpers.js'

/** Provider keys as sentinels: if one shows up anywhere a client or a log can see, a test fails. */
export const SENTINEL_KEYS = {
  FAL_KEY: 'sentinel-fal-key-7f3a9c:do-not-leak',
  REPLICATE_API_TOKEN: 'r8_sentinel-replicate-token-do-not-leak',
  SEGMIND_API_KEY: 'SG_sentinelSegmindKeyDoNotLeak'
}

export interface SecureGateway extends RunningGateway {
  readonly dataDir: string
  /** name → secret, for the tokens created before start. */
  readonly tokens: Record<string, string>
  readonly logLines: string[]
  /** Every response (status, headers, body text) fetched through `call`. */
  readonly responses: string[]
  /** fetch against the gateway, recording the whole response for leak scans. */
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>
  /** Stops the server and removes the data directory. */
  dispose(): Promise<void>
}

const made: string[] = []

export function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relight-security-'))
  made.push(dir)
  return dir
}

/** Removes every data directory `tempDataDir` made (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** Creates tokens in `dataDir` the way the admin command does; returns name → secret. */
export function createTokens(dataDir: string, specs: Record<string, number | null>): Record<string, string> {
  const db = openAuthDb(dataDir, { create: true })!
  try {
    const store = new TokenStore(db)
    return Object.fromEntries(
      Object.entries(specs).map(([name, quota]) => [name, store.create(name, quota).token])
    )
  } finally {
    db.close()
  }
}

export function captureLogger(lines: string[]): NonNullable<GatewayOverrides['logger']> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'))
      done()
    }
  })
  return pino({ level: 'trace' }, sink)
}

export async function startSecureGateway(
  options: {
    tokens?: Record<string, number | null>
    config?: Partial<GatewayConfig>
    overrides?: GatewayOverrides
    dataDir?: string
  } = {}
): Promise<SecureGateway> {
  const dataDir = options.dataDir ?? tempDataDir()
  const tokens = createTokens(dataDir, options.tokens ?? { alice: null, bob: null })
  const logLines: string[] = []
  const responses: string[] = []
  const running = await startTestGateway(
    { dataDir, keys: SENTINEL_KEYS, ...options.config },
    { logger: captureLogger(logLines), ...options.overrides }
  )
  async function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
    const { token, ...rest } = init
    const headers = new Headers(rest.headers)
    if (token !== undefined) headers.set('Authorization', `Bearer ${token}`)
    const response = await fetch(`${running.url}${path}`, { ...rest, headers })
    const body = await response.clone().text()
    responses.push(`${response.status} ${JSON.stringify([...response.headers])} ${body}`)
    return response
  }
  return Object.assign(running, {
    dataDir,
    tokens,
    logLines,
    responses,
    call,
    async dispose() {
      await running.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
}

/** Every place a secret must never appear: response bodies and headers, and log lines. */
export function leaks(gw: SecureGateway, secrets: readonly string[]): string[] {
  const everything = [...gw.responses, ...gw.logLines]
  return secrets.flatMap((secret) =>
    everything.filter((text) => text.includes(secret)).map((text) => `${secret} in ${text.slice(0, 200)}`)
  )
}

export async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error
}

export function form(params: unknown, image?: Uint8Array): FormData {
  const body = new FormData()
  body.set('params', typeof params === 'string' ? params : JSON.stringify(params))
  if (image) body.set('image', new Blob([image as Uint8Array<ArrayBuffer>]), 'layer.png')
  return body
}
