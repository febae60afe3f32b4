/** A bad setting: one line naming the variable and the fix, which stops the gateway at start. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
}
