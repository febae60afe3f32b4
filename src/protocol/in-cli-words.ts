import { GatewayError } from './gateway-error.js'

/**
 * The plugin's words for where the gateway address and token are set (its own messages and the gateway's
 * say "in Settings"), and the CLI's flags instead.
 */
const CLI_WORDING: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bthe (?:gateway )?(?:address|URL) in (?:the plugin's )?settings\b/gi, '--gateway'],
  [
    /\bPaste (a valid token|the token your admin gave you) in Settings\b/g,
    'Pass $1 with --token (or set RELIGHT_TOKEN)'
  ],
  [/\bCheck it in Settings\b/g, 'Check --token (or RELIGHT_TOKEN)'],
  [/\bin (?:the plugin's )?Settings\b/gi, 'with --gateway and --token']
]

/** The same error with its message reworded for the CLI; the error itself when nothing needs rewording. */
export function inCliWords(error: GatewayError): GatewayError {
  const message = CLI_WORDING.reduce((text, [pattern, flags]) => text.replace(pattern, flags), error.message)
  if (message === error.message) return error
  return new GatewayError(error.status, error.code, message, error.field, error.retryAfterSeconds)
}
