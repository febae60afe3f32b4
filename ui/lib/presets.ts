/** Starting points for the prompt, in the words the Studio engine and the IC-Light models both read. */
export const PRESETS: readonly { readonly label: string; readonly prompt: string }[] = [
  { label: 'Golden hour', prompt: 'golden hour, warm low sun' },
  { label: 'Softbox', prompt: 'studio softbox, soft light' },
  { label: 'Window', prompt: 'soft window light, daylight' },
  { label: 'Neon', prompt: 'neon night, pink and blue' },
  { label: 'Candle', prompt: 'candlelight, warm and dim' },
  { label: 'Overcast', prompt: 'overcast daylight, diffused' },
  { label: 'Blue hour', prompt: 'blue hour, cool twilight' },
  { label: 'Studio', prompt: 'studio light, bright' },
  { label: 'Moonlight', prompt: 'moonlight, cold night' },
  { label: 'Dramatic', prompt: 'dramatic spotlight, dark' }
]
