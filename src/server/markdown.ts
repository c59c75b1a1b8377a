// Text from a manifest or a setting, made inert in hover Markdown: a name is shown as itself,
// never as a link, an image, emphasis or HTML.

/**
 * Prose, mid-line: every character that starts Markdown or HTML syntax there is backslash-escaped
 * (names never start our lines, so `-`, `+` and `1.` cannot make lists).
 */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#!|<>~&$]/g, '\\$&').replace(/\r?\n/g, ' ');
}

/** Inline code: a fence longer than any run of backticks inside, as CommonMark allows. */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
