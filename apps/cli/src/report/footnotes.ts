/**
 * Numbered footnotes of one report section: identical notes (after trimming) share one number and
 * are printed once, under the first block that uses them.
 */
export class Footnotes {
  private readonly texts: string[] = [];
  private printed = 0;

  /** The number of `note`, adding it when new. */
  ref(note: string): number {
    const text = note.trim();
    const i = this.texts.indexOf(text);
    return (i >= 0 ? i : this.texts.push(text) - 1) + 1;
  }

  /** Lines `[n] text` for the notes added since the last call (none printed twice). */
  flush(): string[] {
    const lines = this.texts.slice(this.printed).map((t, i) => `[${this.printed + i + 1}] ${t}`);
    this.printed = this.texts.length;
    return lines;
  }
}
