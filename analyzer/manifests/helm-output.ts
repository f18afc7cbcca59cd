/**
 * Collects output and, per output line, the template line it came from: the line of its
 * first non-blank character (text keeps its own lines; all lines an action prints map to
 * the action's line).
 */
export class RenderedOutput {
  parts: string[] = [];
  lines: number[] = [1];
  size = 0;
  full = false;
  stoppedAt: number | undefined;
  private fixed = false;

  constructor(private readonly max: number) {}

  emit(text: string, line: number, ownLines: boolean): void {
    if (this.full || !text) return;
    if (this.size + text.length > this.max) {
      this.full = true;
      this.stoppedAt = line;
      return;
    }
    let at = line;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (!this.fixed && /\S/.test(text.slice(start, nl < 0 ? undefined : nl))) {
        this.lines[this.lines.length - 1] = at;
        this.fixed = true;
      }
      if (nl < 0) break;
      if (ownLines) at++;
      this.lines.push(at);
      this.fixed = false;
      start = nl + 1;
    }
    this.parts.push(text);
    this.size += text.length;
  }
}
