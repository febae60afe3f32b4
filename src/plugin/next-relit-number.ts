/** The number after the highest "<name> · relit N" among `names`, so a second run does not reuse names. */
export function nextRelitNumber(names: readonly string[], sourceName: string): number {
  const prefix = `${sourceName} · relit `
  let highest = 0
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const number = Number(name.slice(prefix.length))
    if (Number.isInteger(number) && number > highest) highest = number
  }
  return highest + 1
}
