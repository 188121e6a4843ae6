/**
 * Remembers the last answers of a function of one string, for the readings
 * that several checks make of the same text (its sentences, dates and spans):
 * a checklist run reads each of them once. The answers are shared, so callers
 * must not change them.
 */
export function memoByText<T>(read: (text: string) => T, size = 512): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    const known = seen.get(text);
    if (known !== undefined) return known;
    const answer = read(text);
    if (seen.size >= size) seen.delete(seen.keys().next().value as string);
    seen.set(text, answer);
    return answer;
  };
}
