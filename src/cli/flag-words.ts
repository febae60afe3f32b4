import type { HintWords } from '../protocol/client.js'

/** Where a terminal user fixes what an error names: the flags (or the environment) that set it. */
export const flagWords: HintWords = (hint) => {
  switch (hint.kind) {
    case 'url':
      return 'Check that --gateway is right.'
    case 'token':
      return hint.problem === 'missing'
        ? 'Pass the token your admin gave you with --token (or set RELIGHT_TOKEN).'
        : 'Check --token (or RELIGHT_TOKEN), or ask your admin for a new one.'
    case 'field':
      // inFlagTerms puts the flag at the front of the message instead.
      return undefined
  }
}
