// Text inside a Mermaid diagram, escaped by Mermaid's own rules: no name from a manifest can add
// Mermaid syntax, HTML, links, KaTeX or icons.

/** Characters that reorder or hide text (bidi controls, zero-width marks): shown by name. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;
/** A zero-width space, as an entity: it breaks a sequence Mermaid would interpret, invisibly. */
const BREAK = '#8203;';

/**
 * Text for inside a quoted Mermaid label. Everything but plain letters, digits and a few safe
 * marks becomes a Mermaid entity (`#35;`), so quotes, brackets, `%%`, `<`, `click` ... are text.
 * Mermaid reads more inside labels once entities are decoded: `$$...$$` as KaTeX and `fa:fa-x`
 * as an icon, so each `$` and such a colon is followed by a zero-width space; `&` becomes
 * `&amp;` after Mermaid's decoding, as the label is HTML and would be decoded a second time.
 * Bidi controls and zero-width characters are shown by name. Newlines become line breaks.
 */
export function label(text: string): string {
  let out = '';
  let previous = '';
  for (const ch of text) {
    if (ch === '\n') out += '<br>';
    else if (INVISIBLE.test(ch)) out += `#10216;U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}#10217;`;
    else if (ch === ':' && /fa[bklrs]?$/.test(previous)) out += `:${BREAK}`;
    else if (/[A-Za-z0-9 .,/@_+=→✗-]/.test(ch)) out += ch;
    else if (ch === ':') out += ch;
    else if (ch === '$') out += `#36;${BREAK}`;
    else out += `#${ch.codePointAt(0)};`;
    previous = (previous + ch).slice(-3);
  }
  return out;
}

/** A comment must stay on its line. */
export function comment(text: string): string {
  return text.replace(/[^A-Za-z0-9 ._:/@-]/g, '?');
}
