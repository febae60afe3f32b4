/**
 * Tells access control when a job reaches a final state, whoever moved it there (the runner, a cancel, a
 * resumed job after a restart): a thin wrapper over the store's `update`, so the job core stays unaware.
 */
import { isFinalStatus } from '../../protocol/api.js'
import type { JobRecord, JobStore } from '../jobs/types.js'

export type FinalListener = (job: JobRecord) => void

export function withFinalHook(store: JobStore, listener: FinalListener): JobStore {
  const update: JobStore['update'] = async (id, patch, now) => {
    const job = await store.update(id, patch, now)
    if (patch.status !== undefined && isFinalStatus(patch.status)) listener(job)
    return job
  }
  // A Proxy rather than a spread: stores are classes with private fields and may grow methods.
  return new Proxy(store, {
    get(target, property) {
      if (property === 'update') return update
      const value: unknown = Reflect.get(target, property, target)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    }
  })
}
