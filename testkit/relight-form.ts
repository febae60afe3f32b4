/** The body of POST /v1/relight: `params` as JSON, the layer's image, and any other parts (mask, background). */
export function relightForm(params: unknown, image?: Uint8Array, extra: Record<string, Blob> = {}): FormData {
  const form = new FormData()
  form.set('params', typeof params === 'string' ? params : JSON.stringify(params))
  if (image) form.set('image', new Blob([image as Uint8Array<ArrayBuffer>]), 'layer.png')
  for (const [name, blob] of Object.entries(extra)) form.set(name, blob, name)
  return form
}
