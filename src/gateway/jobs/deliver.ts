/** A provider's results made into what the job stores and serves (see results.ts), one at a time. */
import type { Size } from '../../protocol/size.js'
import type { Provider, ProviderResult } from '../providers/contract.js'
import { providerLabel } from './recovery.js'
import { deliverResult, type ResultTarget } from './results.js'
import type { RunnerDeps } from './runner.js'
import type { JobRecord, StoredImage } from './types.js'

/** One result at a time: each may be decoded at the upload's full size. */
export async function deliverAll(
  result: ProviderResult,
  job: JobRecord,
  working: Size,
  provider: Provider,
  deps: Pick<RunnerDeps, 'store' | 'maxPixels'>
): Promise<StoredImage[]> {
  const upload = job.params.output === 'cutout' ? await deps.store.getImage(job.id, 'input') : undefined
  const target: ResultTarget = {
    params: job.params,
    upload,
    working,
    maxPixels: deps.maxPixels,
    label: providerLabel(provider.name),
    keepsAlpha: provider.name === 'local'
  }
  const out: StoredImage[] = []
  for (const image of result.images) out.push(await deliverResult(image, target))
  return out
}
