/** "did you mean …?" for misspelled names and keys, by edit distance. */

/** Damerau-free Levenshtein distance, case-insensitive. */
export const editDistance = (a: string, b: string): number => {
  const s = a.toLowerCase(), t = b.toLowerCase()
  const prev = new Array<number>(t.length + 1)
  for (let j = 0; j <= t.length; j++) prev[j] = j
  for (let i = 1; i <= s.length; i++) {
    let diag = prev[0]!
    prev[0] = i
    for (let j = 1; j <= t.length; j++) {
      const up = prev[j]!
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (s[i - 1] === t[j - 1] ? 0 : 1))
      diag = up
    }
  }
  return prev[t.length]!
}

/** The closest candidate within a third of the word's length (at least 2 edits), if any. */
export const closest = (word: string, candidates: ReadonlyArray<string>): string | undefined => {
  let best: string | undefined
  let bestD = Infinity
  const limit = Math.max(2, Math.floor(word.length / 3))
  for (const c of candidates) {
    const d = editDistance(word, c)
    if (d < bestD && d <= limit && c !== word) {
      best = c
      bestD = d
    }
  }
  return best
}

/** ` — did you mean "x"?` or the empty string. */
export const didYouMean = (word: string, candidates: ReadonlyArray<string>): string => {
  const c = closest(word, candidates)
  return c === undefined ? "" : ` — did you mean "${c}"?`
}
