/** Which field a blocker names, for the "Go to" beside it; none when no single field fixes it. */
import { describe, expect, it } from 'vitest'

import { blockerField } from '../../ui/lib/blocker-field.js'

describe('blockerField', () => {
  it('names the first More value to fix and the empty prompt', () => {
    const size = { longSide: 'The output size must be between 1 and 4096 (got 5000).' }
    expect(blockerField('Fix Output size under More first.', 'warm', size)).toEqual({
      id: 'relight-more-longSide',
      label: 'Output size'
    })
    expect(blockerField('Describe the light in the prompt, e.g. "warm sunset".', '  ', {})).toEqual({
      id: 'relight-prompt',
      label: 'Prompt'
    })
  })

  it('offers nothing for blockers no field fixes, or when nothing blocks', () => {
    expect(blockerField('Select a layer to relight.', '', {})).toBeUndefined()
    expect(
      blockerField('IC-Light v2 (fal.ai) can’t be used: FAL_KEY is not set.', 'warm', {})
    ).toBeUndefined()
    expect(blockerField(undefined, '', { seed: 'The seed must be a whole number.' })).toBeUndefined()
  })
})
