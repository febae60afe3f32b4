/**
 * With REDIS_URL the gateway's tokens live in the shared Redis: one created with the admin command works
 * on every instance, a revoke reaches all of them (open event streams included), the listen check counts
 * them, and Redis holds only the secrets' digests.
 */
import { createHash } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'

import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'

import { tokensCommand } from '../../../src/gateway/admin/tokens-command.js'
import { withTokenStorage } from '../../../src/gateway/auth/token-store.js'
import type { TokenRecord } from '../../../src/gateway/auth/tokens.js'
import { ConfigError } from '../../../src/gateway/env.js'
import { redisAvailable, uniquePrefix } from '../../../testkit/redis-server.js'
import { tempDataDir } from '../durable/temp-dir.js'
import { fixture, GatedProvider, relightForm, startTestGateway, STUDIO, waitFor } from '../helpers.js'
import { startInstances, useRedisGateways } from './instances.js'

interface Command {
  readonly code: number
  readonly out: string[]
  readonly err: string[]
}

describe.skipIf(!redisAvailable)('tokens shared through Redis', () => {
  const redis = useRedisGateways()
  const running = redis.running

  /** `relight-gateway tokens …` as an admin runs it on some machine with the deployment's REDIS_URL. */
  const admin = async (prefix: string, ...args: string[]): Promise<Command> => {
    const out: string[] = []
    const err: string[] = []
    // A data directory of its own: the command must not find the tokens in a local auth.sqlite.
    const env = { REDIS_URL: redis.url, RELIGHT_REDIS_PREFIX: prefix, RELIGHT_DATA_DIR: tempDataDir() }
    const code = await tokensCommand(args, {
      env,
      out: (line) => out.push(line),
      err: (line) => err.push(line)
    })
    return { code, out, err }
  }

  const errorCode = async (response: Response): Promise<string> =>
    ((await response.json()) as { error: { code: string } }).error.code

  it('a token created once works on both instances; revoked, it gets a 401 on both and its open stream ends', async () => {
    const prefix = uniquePrefix()
    const created = await admin(prefix, 'create', '--name', 'ann', '--quota', '50/day')
    expect(created.code).toBe(0)
    const token = created.out[0]!
    expect(token).toMatch(/^rlt_/)

    const gated = new GatedProvider()
    // Each instance has its own data directory: nothing reaches them but Redis.
    const [a, b] = [
      await startTestGateway(
        { dataDir: tempDataDir(), redisUrl: redis.url, redisPrefix: prefix },
        { providers: { local: gated } }
      ),
      await startTestGateway(
        { dataDir: tempDataDir(), redisUrl: redis.url, redisPrefix: prefix },
        { providers: { local: gated } }
      )
    ] as const
    running.push(a, b)
    const headers = { authorization: `Bearer ${token}` }
    for (const gw of [a, b]) {
      expect((await fetch(`${gw.url}/v1/models`)).status).toBe(401)
      expect((await fetch(`${gw.url}/v1/models`, { headers })).status).toBe(200)
    }

    const listed = await admin(prefix, 'list', '--json')
    expect(listed.code).toBe(0)
    const records = JSON.parse(listed.out.join('\n')) as TokenRecord[]
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ name: 'ann', dailyQuota: 50, revokedAt: null })
    expect(records[0]!.lastUsedAt).not.toBeNull()

    const submitted = await fetch(`${a.url}/v1/relight`, {
      method: 'POST',
      body: relightForm(STUDIO, fixture('coffee.png')),
      headers
    })
    expect(submitted.status).toBe(202)
    const id = ((await submitted.json()) as { id: string }).id
    await waitFor(async () => (gated.started.includes(id) ? true : undefined), 'the job to start')
    const stream = await fetch(`${b.url}/v1/jobs/${id}/events`, { headers })
    expect(stream.status).toBe(200)
    const reader = stream.body!.getReader()
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return performance.now()
    })()
    await delay(200)

    const revokedAt = performance.now()
    const revoked = await admin(prefix, 'revoke', 'ann')
    expect(revoked.code).toBe(0)
    expect(revoked.err.join('\n')).toContain('Revoked token "ann"')
    for (const gw of [a, b]) {
      const response = await fetch(`${gw.url}/v1/models`, { headers })
      expect(response.status).toBe(401)
      expect(await errorCode(response)).toBe('token_revoked')
    }
    const endedAt = await Promise.race([ended, delay(8000).then(() => Number.POSITIVE_INFINITY)])
    expect(endedAt - revokedAt).toBeLessThan(7000)
    gated.release(id)

    const after = JSON.parse((await admin(prefix, 'list', '--json')).out.join('\n')) as TokenRecord[]
    expect(after[0]!.revokedAt).not.toBeNull()
  }, 30_000)

  it('a name is taken while its token is active, also by two admins at once; free again after revoke', async () => {
    const prefix = uniquePrefix()
    const both = await Promise.all([admin(prefix, 'create', 'bo'), admin(prefix, 'create', 'bo')])
    expect(both.map((run) => run.code).sort()).toEqual([0, 1])
    const refused = both.find((run) => run.code === 1)!
    expect(refused.err.join('\n')).toContain('A token named "bo" already exists; revoke it first.')
    expect((await admin(prefix, 'revoke', 'bo')).code).toBe(0)
    expect((await admin(prefix, 'create', 'bo')).code).toBe(0)
    const names = JSON.parse((await admin(prefix, 'list', '--json')).out.join('\n')) as TokenRecord[]
    // Oldest first: the revoked one, then the new active one.
    expect(names.map((record) => [record.name, record.revokedAt === null])).toEqual([
      ['bo', false],
      ['bo', true]
    ])
    const unknown = await admin(prefix, 'revoke', 'nobody')
    expect(unknown.code).toBe(1)
    expect(unknown.err.join('\n')).toContain('No active token "nobody"')
  })

  it('Redis keeps the digest of a secret, never the secret', async () => {
    const prefix = uniquePrefix()
    const created = await withTokenStorage(
      { dataDir: tempDataDir(), redisUrl: redis.url, redisPrefix: prefix },
      true,
      (tokens) => tokens.create('cy', null)
    )
    const client = new Redis(redis.url)
    try {
      const keys = await client.keys(`${prefix}*`)
      expect(keys.length).toBeGreaterThan(0)
      const dump: string[] = []
      for (const key of keys) {
        const type = await client.type(key)
        if (type === 'hash') dump.push(...Object.entries(await client.hgetall(key)).flat())
        else if (type === 'list') dump.push(...(await client.lrange(key, 0, -1)))
        else dump.push(String(await client.get(key)))
      }
      const secret = created!.token
      expect(dump.some((value) => value.includes(secret.slice(4)))).toBe(false)
      expect(dump).toContain(createHash('sha256').update(secret).digest('hex'))
    } finally {
      client.disconnect()
    }
  })

  it('an unreachable Redis is one line saying what to check, from the command and from the listen check', async () => {
    const nowhere = 'redis://127.0.0.1:1'
    const err: string[] = []
    const env = { REDIS_URL: nowhere, RELIGHT_DATA_DIR: tempDataDir() }
    expect(await tokensCommand(['list'], { env, out: () => {}, err: (line) => err.push(line) })).toBe(1)
    expect(err.join('\n')).toMatch(
      /^relight-gateway: Cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*Check REDIS_URL/
    )
    await expect(
      startTestGateway({ dataDir: tempDataDir(), redisUrl: nowhere, authRequired: true })
    ).rejects.toThrow(/Cannot reach Redis.*Check REDIS_URL/)
  })

  it('RELIGHT_AUTH=required refuses to listen until a token exists in the shared Redis', async () => {
    const prefix = uniquePrefix()
    const config = { dataDir: tempDataDir(), redisUrl: redis.url, redisPrefix: prefix, authRequired: true }
    await expect(startInstances(1, redis.url, config)).rejects.toThrow(ConfigError)
    expect((await admin(prefix, 'create', 'dee')).code).toBe(0)
    running.push(...(await startInstances(1, redis.url, config)))
  })
})
