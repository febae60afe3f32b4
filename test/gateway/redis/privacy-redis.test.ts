/**
 * Encryption at rest on the Redis store (RELIGHT_DATA_KEY), against a real redis-server: what Redis holds is
 * not the image, the store reads it back whole, a rotated key list still reads it, and a store without the
 * key cannot. Erasure and keep-after-insert run in the shared store contract.
 */
import { randomBytes } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type DataKey, DataKeyError, sealedKeyId } from '../../../src/gateway/store/at-rest.js'
import { connectRedis } from '../../../src/gateway/store/redis/connection.js'
import { RedisJobStore } from '../../../src/gateway/store/redis/store.js'
import {
  redisAvailable,
  startTestRedis,
  type TestRedis,
  uniquePrefix
} from '../../../testkit/redis-server.js'
import { sampleJob } from '../durable/store-contract.js'
import { fixture } from '../helpers.js'

const JOB = sampleJob(new Date().toISOString())
const key = (id: string): DataKey => ({ id, key: new Uint8Array(randomBytes(32)) })

describe.skipIf(!redisAvailable)('RedisJobStore with RELIGHT_DATA_KEY', () => {
  let redis: TestRedis
  beforeAll(async () => {
    redis = await startTestRedis()
  })
  afterAll(() => redis?.close())

  it('holds sealed bytes in Redis and reads them back only with the key', async () => {
    const prefix = uniquePrefix()
    const k1 = key('k1')
    const png = fixture('coffee.png')
    const image = { bytes: png, contentType: 'image/png', width: 1, height: 1 }
    const writer = await RedisJobStore.open({ url: redis.url, prefix, dataKeys: [k1] })
    const rotated = await RedisJobStore.open({ url: redis.url, prefix, dataKeys: [key('k2'), k1] })
    const keyless = await RedisJobStore.open({ url: redis.url, prefix })
    const raw = await connectRedis(redis.url)
    try {
      await writer.create(JOB, { input: image })
      await writer.putImage(JOB.id, 'result/0', image)
      for (const slot of ['input', 'result/0']) {
        const held = (await raw.hgetBuffer(`${prefix}img:${JOB.id}`, slot))!
        expect(held.subarray(0, 4).equals(Buffer.from(png.subarray(0, 4)))).toBe(false)
        expect(held.includes(Buffer.from('IDAT'))).toBe(false)
        expect(sealedKeyId(held)).toBe('k1')
      }
      expect(Buffer.from((await writer.getImage(JOB.id, 'result/0'))!.bytes).equals(Buffer.from(png))).toBe(
        true
      )
      expect(Buffer.from((await rotated.getImage(JOB.id, 'input'))!.bytes).equals(Buffer.from(png))).toBe(
        true
      )
      await expect(keyless.getImage(JOB.id, 'result/0')).rejects.toBeInstanceOf(DataKeyError)
    } finally {
      await raw.quit()
      await Promise.all([writer.close(), rotated.close(), keyless.close()])
    }
  })
})
