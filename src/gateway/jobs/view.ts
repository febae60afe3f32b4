import type { JobEstimate, JobView } from '../../protocol/api.js'
import type { JobRecord } from './types.js'

export function imageUrl(jobId: string, n: number): string {
  return `/v1/jobs/${encodeURIComponent(jobId)}/images/${n}`
}

/**
 * The job as clients see it. `localPosition` is the place in the gateway's own line; once the job is at
 * the provider, the provider's reported position is shown instead. `estimate` comes from `estimateFor`.
 */
export function toJobView(job: JobRecord, localPosition?: number, estimate?: JobEstimate): JobView {
  const queuePosition = job.status === 'queued' ? (localPosition ?? job.queuePosition) : undefined
  return {
    id: job.id,
    status: job.status,
    model: job.model,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    params: job.seed === undefined ? job.params : { ...job.params, seed: job.seed },
    ...(queuePosition !== undefined ? { queuePosition } : {}),
    ...(job.progress !== undefined ? { progress: job.progress } : {}),
    ...(estimate ? { estimate } : {}),
    ...(job.logs.length ? { logs: job.logs } : {}),
    ...(job.error ? { error: job.error } : {}),
    images: job.images.map((image, n) => ({
      url: imageUrl(job.id, n),
      width: image.width,
      height: image.height,
      contentType: image.contentType
    })),
    ...(job.insertedAt ? { insertedAt: job.insertedAt } : {})
  }
}
