import type { JobView } from '../../src/protocol/api.js'

/** Job `job1` on the Studio model in `status`, as the gateway reports it. */
export function job(status: JobView['status'], extra: Partial<JobView> = {}): JobView {
  return {
    id: 'job1',
    status,
    model: 'local/studio',
    createdAt: '2026-11-22T00:00:00Z',
    updatedAt: '2026-11-22T00:00:00Z',
    params: {
      model: 'local/studio',
      prompt: 'warm',
      negativePrompt: '',
      lightSource: 'left',
      maskMode: 'alpha',
      output: 'cutout',
      seed: 0,
      steps: null,
      guidance: null,
      numImages: 1,
      width: null,
      height: null,
      outputFormat: 'png',
      options: {}
    },
    images: [],
    ...extra
  }
}
