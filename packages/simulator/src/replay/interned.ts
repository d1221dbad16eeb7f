/**
 * Strings as small numbers, each kept once: rep ids, activity kinds, node ids — a few hundred
 * distinct values repeated over millions of rows.
 */
export class Interned {
  private readonly numbers = new Map<string, number>();
  private readonly texts: string[] = [];

  of(text: string): number {
    let n = this.numbers.get(text);
    if (n === undefined) {
      n = this.texts.length;
      this.texts.push(text);
      this.numbers.set(text, n);
    }
    return n;
  }

  /** The text's number, or undefined if it was never given one. */
  find(text: string): number | undefined {
    return this.numbers.get(text);
  }

  at(n: number): string {
    return this.texts[n]!;
  }
}
