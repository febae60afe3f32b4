/**
 * A run's error banner knows what it is about: a refused prompt goes once the prompt is edited, a failed
 * run's once the designer chooses other layers, but not when the run selects the results it placed.
 */
import { describe, expect, it } from 'vitest'

import { ApiError } from '../../src/protocol/api-error.js'
import { promptChanged, runErrorCause, selectionChanged } from '../../ui/lib/run-error-cause.js'

const run = { prompt: 'warm sunset', layerIds: ['1:2', '1:3'] }
const tooLong = new ApiError(400, 'invalid_request', 'The prompt is too long.', {
  field: 'prompt',
  hint: { kind: 'field', field: 'prompt' }
})
const wrapped = (error: unknown) => new Error(`Camera: ${(error as Error).message}`, { cause: error })

describe('run error cause', () => {
  it('a refused prompt, even under a layer name, is about the prompt', () => {
    expect(runErrorCause([wrapped(tooLong), tooLong], run)).toEqual({ kind: 'prompt', prompt: 'warm sunset' })
  })

  it('the gateway out of reach or refusing the token is about the connection', () => {
    const down = new ApiError(0, 'unreachable', 'Relight could not reach the gateway.')
    const token = new ApiError(401, 'unauthorized', 'Token refused.', {
      hint: { kind: 'token', problem: 'rejected' }
    })
    expect(runErrorCause([wrapped(down)], run)).toEqual({ kind: 'connection' })
    expect(runErrorCause([token], run)).toEqual({ kind: 'connection' })
  })

  it('anything else is about the layers relit; mixed causes are kept until a new run', () => {
    const failed = new Error('Figma could not export “Camera”.')
    expect(runErrorCause([failed], run)).toEqual({ kind: 'layers', layerIds: ['1:2', '1:3'] })
    expect(runErrorCause([failed, tooLong], run)).toEqual({ kind: 'connection' })
  })

  it('a prompt error clears once the prompt differs from the one refused', () => {
    const cause = runErrorCause([tooLong], run)
    expect(promptChanged(cause, ' warm sunset ')).toBe(false)
    expect(promptChanged(cause, 'warm')).toBe(true)
    expect(promptChanged(runErrorCause([new Error('x')], run), 'warm')).toBe(false)
  })

  it('a layers error clears on a new selection, not on the run selecting its own results', () => {
    const cause = runErrorCause([new Error('Camera: out of credits')], run)
    // The run placed Bottle's result and selected it: it stands for a layer the run relit.
    expect(selectionChanged(cause, [{ id: '1:2', fromResults: 1 }])).toBe(false)
    expect(selectionChanged(cause, [{ id: '1:2' }, { id: '1:3' }])).toBe(false)
    expect(selectionChanged(cause, [{ id: '1:2' }])).toBe(true)
    expect(selectionChanged(cause, [{ id: '1:9' }])).toBe(true)
    expect(selectionChanged(cause, [])).toBe(true)
    expect(selectionChanged(runErrorCause([tooLong], run), [{ id: '1:9' }])).toBe(false)
  })
})
