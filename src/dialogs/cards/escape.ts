/**
 * Escaping for anything a person typed before it is shown back to them. Adaptive Card TextBlocks and
 * message text are rendered as markdown (and by some channels as HTML), so a typed `*`, `[x](y)` or
 * `<b>` must arrive as the literal characters, never as formatting, links or markup.
 */

/** Longest piece of typed text ever echoed back; quotes are short by design. */
export const MAX_ECHO_LENGTH = 120;

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escape user text for markdown/HTML TextBlocks: HTML entities for `& < >`, backslashes for markdown punctuation. */
export function escapeText(raw: string): string {
  const oneLine = raw.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
  const short = oneLine.length > MAX_ECHO_LENGTH ? `${oneLine.slice(0, MAX_ECHO_LENGTH - 1)}…` : oneLine;
  return short.replace(/[&<>]/g, (c) => HTML[c] ?? c).replace(/[\\`*_[\]#]/g, (c) => `\\${c}`);
}

/** Quote what the person said, escaped: “…”. */
export function quote(raw: string): string {
  return `“${escapeText(raw)}”`;
}
