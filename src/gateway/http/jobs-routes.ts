/** The `/v1/jobs` routes: read, list, download, cancel, mark inserted, erase. */
import { Hono } from 'hono'

import type { JobListView } from '../../protocol/api.js'
import type { StillAllowed } from '../auth/caller.js'
import { badRequest, clip, GatewayError } from '../errors.js'
import { type JobService, LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX } from '../jobs/service.js'
import type { GatewayEnv } from './context.js'
import { eventsRoute } from './events-route.js'
import { allowOnly } from './middleware.js'

function imageNotFound(raw: string): GatewayError {
  return new GatewayError(
    404,
    'image_not_found',
    `There is no image "${clip(raw, 20)}": images are numbered 0, 1, 2, … as the job's images list them.`
  )
}

function listLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return LIST_LIMIT_DEFAULT
  // Digits only: Number() would also take " 5", "0x10", "1e1" or "5.0".
  const limit = /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : NaN
  if (!(limit >= 1 && limit <= LIST_LIMIT_MAX)) {
    throw badRequest('invalid_limit', `limit must be a whole number from 1 to ${LIST_LIMIT_MAX}.`, 'limit')
  }
  return limit
}

export function jobsRoutes(
  jobs: JobService,
  heartbeatMs: number,
  stillAllowed?: StillAllowed
): Hono<GatewayEnv> {
  const routes = new Hono<GatewayEnv>()
  const owner = (c: { get(key: 'caller'): { owner: string } }): string => c.get('caller').owner

  routes.get('/', async (c) => {
    const list = await jobs.list(owner(c), listLimit(c.req.query('limit')))
    return c.json({ jobs: list } satisfies JobListView)
  })
  routes.get('/:id', async (c) => c.json(await jobs.get(owner(c), c.req.param('id'))))
  // Erase: the job's images, upload and record; 204 once gone. Another designer's job is a 404.
  routes.delete('/:id', async (c) => {
    await jobs.erase(owner(c), c.req.param('id'))
    return c.body(null, 204)
  })
  routes.get('/:id/events', eventsRoute(jobs, heartbeatMs, stillAllowed))
  routes.get('/:id/images/:n', async (c) => {
    const raw = c.req.param('n')
    // Only the canonical spelling names an image: "00", "+1" or "1.0" are not its address.
    if (!/^(0|[1-9]\d{0,2})$/.test(raw)) throw imageNotFound(raw)
    const n = Number(raw)
    const image = await jobs.image(owner(c), c.req.param('id'), n)
    const extension = image.contentType.split('/')[1] ?? 'bin'
    return c.body(image.bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': image.contentType,
      'Content-Length': String(image.bytes.byteLength),
      // A result never changes once stored.
      'Cache-Control': 'private, max-age=86400, immutable',
      'Content-Disposition': `inline; filename="relight-${clip(c.req.param('id'), 80)}-${n}.${extension}"`
    })
  })
  routes.post('/:id/cancel', async (c) => c.json(await jobs.cancel(owner(c), c.req.param('id'))))
  routes.post('/:id/inserted', async (c) => c.json(await jobs.markInserted(owner(c), c.req.param('id'))))
  // The right path with the wrong method: 405 naming the allowed one, not a 404.
  routes.all('/:id', allowOnly('GET', 'DELETE'))
  for (const path of ['/', '/:id/events', '/:id/images/:n']) routes.all(path, allowOnly('GET'))
  for (const path of ['/:id/cancel', '/:id/inserted']) routes.all(path, allowOnly('POST'))
  return routes
}
