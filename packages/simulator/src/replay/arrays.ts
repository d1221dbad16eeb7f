/**
 * A JS array of `n` undefined entries, its storage made once at its size. A column grown by push
 * to a million entries was copied into fresh memory a few dozen times on the way (~130–180 ms at
 * a million, most of it page faults on this VM), against ~25–60 ms made at its size; V8 keeps it
 * in fast (holey) elements, so reads stay an index away.
 */
export function slots<T>(n: number): Array<T | undefined> {
  return new Array<T | undefined>(n).fill(undefined);
}
