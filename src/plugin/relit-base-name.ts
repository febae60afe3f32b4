/** A name without its " · relit N" suffixes, so a result's results are named after the original. */
export function relitBaseName(name: string): string {
  return name.replace(/(?: · relit \d+)+$/, '')
}
