/**
 * The Lua scripts that make each store write atomic in Redis: a job and its inputs appear together,
 * a status change applies only to the record it was computed from (compare-and-set, retried by the
 * caller), and a job reaching a final state starts its retention as a TTL. ARGV[1] is always the key
 * prefix; keys are built inside the scripts, so a standalone Redis (or one primary) is required.
 */

/** ARGV: prefix, id, owner, json, idempotency key ('' for none), then slot, bytes, meta triples. */
export const CREATE = `
local p, id, owner, json, key = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local jobKey = p .. 'job:' .. id
if redis.call('EXISTS', jobKey) == 1 then return redis.error_reply('RELIGHT_EXISTS Job ' .. id .. ' already exists.') end
if key ~= '' then
  local other = redis.call('HGET', p .. 'idem:' .. owner, key)
  if other and redis.call('EXISTS', p .. 'job:' .. other) == 1 then
    return redis.error_reply('RELIGHT_EXISTS Idempotency key already used by job ' .. other .. '.')
  end
  redis.call('HSET', p .. 'idem:' .. owner, key, id)
end
local seq = redis.call('INCR', p .. 'seq')
redis.call('SET', jobKey, json)
redis.call('ZADD', p .. 'owner:' .. owner, seq, id)
redis.call('ZADD', p .. 'unfinished', seq, id)
for i = 6, #ARGV, 3 do
  redis.call('HSET', p .. 'img:' .. id, ARGV[i], ARGV[i + 1], 'meta:' .. ARGV[i], ARGV[i + 2])
end
return seq
`

/** ARGV: prefix, id, expected json, next json, ttl ms ('' unless the job becomes final), expiresAt ms. */
export const UPDATE = `
local p, id = ARGV[1], ARGV[2]
local jobKey = p .. 'job:' .. id
local current = redis.call('GET', jobKey)
if not current then return -1 end
if current ~= ARGV[3] then return 0 end
redis.call('SET', jobKey, ARGV[4], 'KEEPTTL')
if ARGV[5] ~= '' then
  redis.call('ZREM', p .. 'unfinished', id)
  redis.call('ZADD', p .. 'expiring', ARGV[6], id)
  redis.call('PEXPIRE', jobKey, ARGV[5])
  redis.call('PEXPIRE', p .. 'img:' .. id, ARGV[5])
end
return 1
`

/** ARGV: prefix, id, slot, bytes, meta. An image of a finished job expires with it. */
export const PUT_IMAGE = `
local p, id = ARGV[1], ARGV[2]
local jobKey = p .. 'job:' .. id
if redis.call('EXISTS', jobKey) == 0 then return redis.error_reply('RELIGHT_MISSING Job ' .. id .. ' does not exist.') end
local imgKey = p .. 'img:' .. id
redis.call('HSET', imgKey, ARGV[3], ARGV[4], 'meta:' .. ARGV[3], ARGV[5])
local ttl = redis.call('PTTL', jobKey)
if ttl > 0 then redis.call('PEXPIRE', imgKey, ttl) end
return 1
`

/** ARGV: prefix, id. Deletes a job with its images and index entries; 1 when it was still there. */
export const PURGE = `
local p, id = ARGV[1], ARGV[2]
local jobKey = p .. 'job:' .. id
local json = redis.call('GET', jobKey)
redis.call('ZREM', p .. 'expiring', id)
redis.call('ZREM', p .. 'unfinished', id)
redis.call('DEL', p .. 'img:' .. id)
if not json then return 0 end
local job = cjson.decode(json)
redis.call('ZREM', p .. 'owner:' .. job.owner, id)
if type(job.idempotencyKey) == 'string' and redis.call('HGET', p .. 'idem:' .. job.owner, job.idempotencyKey) == id then
  redis.call('HDEL', p .. 'idem:' .. job.owner, job.idempotencyKey)
end
redis.call('DEL', jobKey)
return 1
`

/**
 * ARGV: prefix, id. Drops the result images unless the job succeeded: then they are its results, and a
 * second run of the job (an instance that lost its lock and ran on) must not take them away.
 */
export const DELETE_RESULTS = `
local p, id = ARGV[1], ARGV[2]
local json = redis.call('GET', p .. 'job:' .. id)
if json and cjson.decode(json).status == 'succeeded' then return 0 end
local key = p .. 'img:' .. id
local dropped = 0
for _, field in ipairs(redis.call('HKEYS', key)) do
  if string.sub(field, 1, 7) == 'result/' or string.sub(field, 1, 12) == 'meta:result/' then
    redis.call('HDEL', key, field)
    dropped = dropped + 1
  end
end
return dropped
`
