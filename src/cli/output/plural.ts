// "1 account", "2 accounts": counts in the CLI's words.

/** `n` and `noun`, the noun plural unless `n` is 1 (`plural` for irregular ones: entry → entries). */
export function countOf(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
