/**
 * A typeahead's query mix from real names: what people type into a search box, one keystroke at a time. From
 * each name, the 1–5-letter prefixes of its words (`a`, `ac`, `acm`…) and two-word queries (a whole word, then
 * 1–3 letters of the next: `acme s`, `acme su`). Same names and seed, same list, so runs compare.
 */
import { createRandom, type Random } from '../test/support/seeded-random';

export interface TypeaheadMix {
  /** Distinct queries in the order the load rotates through them. */
  readonly queries: readonly string[];
  /** How many of them are prefixes of one word, by length (index 1–5), and how many are two-word queries. */
  readonly prefixesByLength: readonly number[];
  readonly twoWord: number;
}

/** The words of a name as a person types them: lower case, letters and digits (accents kept). */
export function wordsOf(name: string): string[] {
  return name
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => /\p{L}/u.test(word));
}

/** First `n` characters, counted in code points (a prefix never ends halfway through a character). */
const head = (word: string, n: number) => Array.from(word).slice(0, n).join('');

/** `count` distinct queries from `names` (about a quarter two-word), shuffled with `seed`. */
export function typeaheadMix(names: readonly string[], count: number, seed: number): TypeaheadMix {
  const prefixes = new Set<string>();
  const twoWord = new Set<string>();
  for (const name of names) {
    const words = wordsOf(name);
    words.forEach((word, i) => {
      for (let n = 1; n <= Math.min(5, Array.from(word).length); n++) prefixes.add(head(word, n));
      const next = words[i + 1];
      if (next) for (let n = 1; n <= Math.min(3, Array.from(next).length); n++) twoWord.add(`${word} ${head(next, n)}`);
    });
  }
  const random = createRandom(seed);
  const wantedTwoWord = Math.min(twoWord.size, Math.round(count / 4));
  const chosen = [...shuffled([...twoWord], random).slice(0, wantedTwoWord), ...shuffled([...prefixes], random).slice(0, count - wantedTwoWord)];
  const prefixesByLength = [0, 0, 0, 0, 0, 0];
  for (const q of chosen) if (!q.includes(' ')) prefixesByLength[Array.from(q).length]! += 1;
  return { queries: shuffled(chosen, random), prefixesByLength, twoWord: wantedTwoWord };
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
