import type { HintWords } from '../../src/protocol/client.js'

/** Where the plugin's user fixes what an error names: the address and the token live in Settings. */
export const settingsWords: HintWords = (hint) => {
  switch (hint.kind) {
    case 'url':
      return 'Check that the gateway address in Settings is right.'
    case 'token':
      return hint.problem === 'missing'
        ? 'Paste the token your admin gave you in Settings.'
        : 'Check it in Settings, or ask your admin for a new one.'
    case 'field':
      // The form's own controls name the field; the message already says what it must be.
      return undefined
  }
}
