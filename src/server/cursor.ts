// Where the cursor is in a manifest: the document's kind, the keys above it, and whether it is on
// a key or in a value. Read from indentation, line by line, because completion runs while the
// line being typed is not valid YAML yet.

export interface Place {
  /** `kind` of the YAML document the cursor is in. */
  kind?: string;
  /** Keys above the cursor; `[]` marks a list item. */
  path: string[];
  /** On a key (or where one may be typed), or in the value of `key`. */
  at: 'key' | 'value';
  /** The key of the line (at 'key': as typed so far); for a `- item` of a list, the list's key. */
  key?: string;
  /** The word under the cursor: characters on the line [start, end). */
  word: { start: number; end: number; text: string };
  /** Keys already present beside the cursor's key. */
  siblings: Set<string>;
  /** On `- text` with no colon: a key being typed in a new item, or a value of a plain list (args). */
  listItem: boolean;
}

interface Line {
  blank: boolean;
  /** Column of the first `- `, or -1. */
  dash: number;
  /** Column where the key or value starts. */
  content: number;
  key?: string;
  /** Column just after the colon. */
  colon?: number;
}

const LINE_RE = /^( *)((?:- +)*)(.*)$/;
const KEY_RE = /^("[^"]*"|'[^']*'|[^\s#'"{[\]}:,][^:#]*?)[ \t]*:(?=\s|$)/;
const WORD_RE = /[A-Za-z0-9_.-]/;

function parseLine(text: string): Line {
  const m = LINE_RE.exec(text)!;
  const content = m[3];
  const blank = content.trim() === '' || content.trimStart().startsWith('#');
  const line: Line = { blank: blank && m[2] === '', dash: m[2] ? m[1].length : -1, content: m[1].length + m[2].length };
  const k = KEY_RE.exec(content);
  if (k) {
    line.key = k[1].replace(/^["']|["']$/g, '');
    line.colon = line.content + k[0].length;
  }
  return line;
}

const isSeparator = (text: string) => /^(---|\.\.\.)(\s|$)/.test(text);

export function placeAt(lines: string[], lineNo: number, character: number): Place {
  const text = lines[lineNo] ?? '';
  const here = parseLine(text);
  const word = wordAt(text, character);
  let at: Place['at'] = 'key';
  let key: string | undefined;
  const path: string[] = [];
  // `col`: the column of what is located so far; parents start left of it. After a list item,
  // the list's key may sit at the dash's own column (`containers:` over `- name:`).
  let col: number;
  let inclusive = false;
  if (here.blank || here.content >= character) {
    // An empty line (or the cursor in the indentation): a key may start at the cursor's column.
    col = character;
  } else {
    if (here.key !== undefined && character >= here.colon!) {
      at = 'value';
      key = here.key;
    } else if (here.key !== undefined) {
      key = here.key;
    }
    col = here.content;
  }
  if (here.dash >= 0 && here.dash < character) {
    path.push('[]');
    col = here.dash;
    inclusive = true;
  }
  const siblings = siblingKeys(lines, lineNo, here, character);
  for (let i = lineNo - 1; i >= 0 && (col > 0 || inclusive); i--) {
    const raw = lines[i];
    if (isSeparator(raw)) break;
    const l = parseLine(raw);
    if (l.blank) continue;
    if (l.content < col || (inclusive && l.content === col && l.dash < 0)) {
      if (l.key !== undefined) path.push(l.key);
      if (l.dash >= 0) {
        path.push('[]');
        col = l.dash;
        inclusive = true;
      } else {
        col = l.content;
        inclusive = false;
      }
    } else if (l.dash >= 0 && l.dash < col) {
      // A sibling key inside the same list item.
      path.push('[]');
      col = l.dash;
      inclusive = true;
    }
  }
  path.reverse();
  const listItem = at === 'key' && here.key === undefined && here.dash >= 0 && here.dash < character;
  return { kind: kindOf(lines, lineNo), path, at, key, word, siblings, listItem };
}

function wordAt(text: string, character: number): Place['word'] {
  let start = character;
  let end = character;
  while (start > 0 && WORD_RE.test(text[start - 1])) start--;
  while (end < text.length && WORD_RE.test(text[end])) end++;
  return { start, end, text: text.slice(start, end) };
}

/** Keys at the same column in the same mapping as the cursor's line. */
function siblingKeys(lines: string[], lineNo: number, here: Line, character: number): Set<string> {
  const out = new Set<string>();
  const col = here.blank ? character : here.content;
  for (const step of [-1, 1]) {
    // The first key of a list item sits on its `- ` line: stop after it, going up.
    if (step === -1 && here.dash >= 0) continue;
    for (let i = lineNo + step; i >= 0 && i < lines.length; i += step) {
      if (isSeparator(lines[i])) break;
      const l = parseLine(lines[i]);
      if (l.blank || l.content > col) continue;
      if (l.content < col) break;
      if (l.dash >= 0 && step === 1) break; // the next list item
      if (l.key !== undefined) out.add(l.key);
      if (l.dash >= 0) break; // went up to this item's first line
    }
  }
  return out;
}

/** The `kind:` of the YAML document holding `lineNo`. */
function kindOf(lines: string[], lineNo: number): string | undefined {
  let start = lineNo;
  while (start > 0 && !isSeparator(lines[start])) start--;
  for (let i = start; i < lines.length; i++) {
    if (i > start && isSeparator(lines[i])) break;
    const m = /^kind:[ \t]*["']?([A-Za-z]+)/.exec(lines[i]);
    if (m) return m[1];
  }
  return undefined;
}
