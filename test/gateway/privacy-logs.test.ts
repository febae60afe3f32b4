/**
 * Prompts stay out of the gateway's log lines and out of the audit trail unless RELIGHT_LOG_PROMPTS=1.
 * Tokens are on (so the audit trail is written), the gateway's own logger is used (its redaction
 * included), and a provider that fails with an error quoting the request stands for any internal error
 * that would otherwise carry the prompt into a log line.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { loadConfig } from '../../src/gateway/env.js'
import type { ProviderInput, SyncProvider } from '../../src/gateway/providers/contract.js'
import { createTokens, removeTempDirs, tempDataDir } from '../security/helpers.js'
import { fixture } from './helpers.js'
import { finalJob, type PrivateGateway, startPrivateGateway, submitAs } from './privacy-helpers.js'

const PROMPT = 'golden hour on the unreleased Aurora X2 bottle for client Fjordlys'

/** Fails the way an unexpected bug does: an Error whose message quotes what it was given. */
const quotingProvider: SyncProvider = {
  name: 'local',
  kind: 'sync',
  async run(input: ProviderInput) {
    throw new Error(
      `cannot shade ${JSON.stringify({ prompt: input.params.prompt })} (${input.params.prompt})`
    )
  }
}

let gw: PrivateGateway | undefined
afterEach(async () => {
  await gw?.close()
  gw = undefined
})
afterAll(removeTempDirs)

/** Every byte the audit database keeps, WAL included. */
function authBytes(dataDir: string): string {
  return readdirSync(dataDir)
    .filter((name) => name.startsWith('auth.sqlite'))
    .map((name) => readFileSync(join(dataDir, name)).toString('latin1'))
    .join('')
}

async function run(logPrompts: boolean): Promise<{ gw: PrivateGateway; dataDir: string }> {
  const dataDir = tempDataDir()
  const { alice } = createTokens(dataDir, { alice: null })
  gw = await startPrivateGateway({ logPrompts }, {}, dataDir)
  const ok = await submitAs(gw, { model: 'local/studio', prompt: PROMPT }, fixture('coffee.png'), alice)
  expect((await finalJob(gw, ok, alice)).status).toBe('succeeded')
  await gw.close()
  gw = await startPrivateGateway({ logPrompts }, { providers: { local: quotingProvider } }, dataDir)
  const bad = await submitAs(gw, { model: 'local/studio', prompt: PROMPT }, fixture('coffee.png'), alice)
  expect((await finalJob(gw, bad, alice)).status).toBe('failed')
  return { gw, dataDir }
}

describe('prompts in logs and the audit trail', () => {
  it('by default no log line and no byte of the audit trail holds the prompt', async () => {
    const { gw, dataDir } = await run(false)
    const logs = gw.logLines.join('')
    expect(logs).toMatch(/"msg":"job failed"/) // the failure was logged…
    expect(logs).toMatch(/cannot shade/)
    expect(logs).not.toContain(PROMPT) // …without the prompt it quoted
    expect(logs).not.toContain('Aurora')
    expect(logs).toMatch(/"msg":"job accepted"/)
    expect(authBytes(dataDir)).toMatch(/alice/) // the audit trail was written…
    expect(authBytes(dataDir)).not.toContain('Aurora') // …without the prompt
  })

  it('with RELIGHT_LOG_PROMPTS=1 the accepted-job line carries the prompt; the audit trail still does not', async () => {
    const { gw, dataDir } = await run(true)
    const accepted = gw.logLines
      .map((line) => JSON.parse(line) as { msg: string; prompt?: string })
      .filter((line) => line.msg === 'job accepted')
    expect(accepted.map((line) => line.prompt)).toEqual([PROMPT])
    expect(authBytes(dataDir)).not.toContain('Aurora')
  })

  it('RELIGHT_LOG_PROMPTS is 1 or 0', () => {
    expect(loadConfig({}).logPrompts).toBe(false)
    expect(loadConfig({ RELIGHT_LOG_PROMPTS: '1' }).logPrompts).toBe(true)
    expect(() => loadConfig({ RELIGHT_LOG_PROMPTS: 'yes please' })).toThrow(
      /RELIGHT_LOG_PROMPTS must be 1 or 0/
    )
  })
})

describe('RELIGHT_KEEP_AFTER_INSERT', () => {
  it('is a duration; unset keeps results for the retention', () => {
    expect(loadConfig({}).keepAfterInsertMs).toBeUndefined()
    expect(loadConfig({ RELIGHT_KEEP_AFTER_INSERT: '1h' }).keepAfterInsertMs).toBe(3600_000)
    expect(loadConfig({ RELIGHT_KEEP_AFTER_INSERT: '0' }).keepAfterInsertMs).toBe(0)
    expect(() => loadConfig({ RELIGHT_KEEP_AFTER_INSERT: 'soon' })).toThrow(
      /RELIGHT_KEEP_AFTER_INSERT must be a duration like "1h"/
    )
  })
})
