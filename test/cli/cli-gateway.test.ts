import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { configWith } from '../../src/gateway/env.js'
import { type RunningGateway, startGateway } from '../../src/gateway/server.js'
import { removeTempDirs, type SecureGateway, startSecureGateway } from '../security/helpers.js'
import { BOTTLE, raw, run } from './run-cli.js'

async function jobCount(base: string): Promise<number> {
  const response = await fetch(`${base}/v1/jobs?limit=100`)
  return ((await response.json()) as { jobs: unknown[] }).jobs.length
}

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'relight-cli-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('relight CLI, through a gateway', () => {
  let gateway: RunningGateway

  beforeAll(async () => {
    gateway = await startGateway(configWith({ port: 0, logLevel: 'silent', dataDir: dir }))
  })

  afterAll(async () => {
    await gateway.close()
  })

  it('relights through --gateway with the same result as in-process', async () => {
    const viaGateway = path.join(dir, 'gw.png')
    const inProcess = path.join(dir, 'local.png')
    const args = [BOTTLE, '-p', 'golden hour', '-l', 'right', '--output', 'cutout', '-q']
    expect((await run([...args, '-o', viaGateway, '--gateway', gateway.url])).code).toBe(0)
    expect((await run([...args, '-o', inProcess])).code).toBe(0)
    expect((await raw(viaGateway)).data.equals((await raw(inProcess)).data)).toBe(true)
  })

  it('exits 1 saying the gateway cannot be reached, pointing at --gateway (not the plugin Settings)', async () => {
    const result = await run([
      BOTTLE,
      '-p',
      'x',
      '--gateway',
      'http://127.0.0.1:9',
      '-o',
      path.join(dir, 'u.png')
    ])
    expect(result.code).toBe(1)
    const err = result.err.join('\n')
    expect(err).toMatch(/reach/i)
    expect(err).toMatch(/--gateway is right/)
    expect(err).not.toMatch(/settings/i)
  })

  it('a wrong --gateway path says to check --gateway', async () => {
    const result = await run(['--models', '--gateway', `${gateway.url}/not-here`])
    expect(result.code).toBe(1)
    const err = result.err.join('\n')
    expect(err).toMatch(/Check that --gateway is right/)
    expect(err).not.toMatch(/settings/i)
  })

  it('a refused parameter is not relit: the gateway gets no job', async () => {
    const before = await jobCount(gateway.url)
    const result = await run([
      BOTTLE,
      '-p',
      'x',
      '-n',
      '7',
      '--gateway',
      gateway.url,
      '-o',
      path.join(dir, 'g.png')
    ])
    expect(result.code).toBe(2)
    expect(result.err.join('\n')).toMatch(/--variations must be between 1 and 4/)
    expect(await jobCount(gateway.url)).toBe(before)
  })

  it('an output directory that does not exist is refused before anything is sent', async () => {
    const before = await jobCount(gateway.url)
    const out = path.join(dir, 'missing', 'x.png')
    const result = await run([BOTTLE, '-p', 'x', '--gateway', gateway.url, '-o', out])
    expect(result.code).toBe(2)
    expect(result.err).toEqual([`relight: cannot write ${out}: no such directory`])
    expect(await jobCount(gateway.url)).toBe(before)
  })
})

describe('relight CLI, through a gateway with tokens', () => {
  let secure: SecureGateway

  beforeAll(async () => {
    secure = await startSecureGateway()
  })

  afterAll(async () => {
    await secure.dispose()
    removeTempDirs()
  })

  it('without a token, says to pass --token (not to paste it in Settings)', async () => {
    const result = await run(['--models', '--gateway', secure.url])
    expect(result.code).toBe(1)
    const err = result.err.join('\n')
    expect(err).toMatch(/needs a token/)
    expect(err).toMatch(/--token/)
    expect(err).not.toMatch(/settings/i)
  })

  it('with a wrong token, says to check --token', async () => {
    const result = await run(['--models', '--gateway', secure.url, '--token', 'rlt_wrong'])
    expect(result.code).toBe(1)
    const err = result.err.join('\n')
    expect(err).toMatch(/did not accept/)
    expect(err).toMatch(/--token/)
    expect(err).not.toMatch(/settings/i)
  })

  it('with the token from RELIGHT_TOKEN, lists the models', async () => {
    const result = await run(['--models', '--gateway', secure.url], { RELIGHT_TOKEN: secure.tokens.alice! })
    expect(result.code).toBe(0)
    expect(result.out.join('\n')).toMatch(/local\/studio/)
  })
})
