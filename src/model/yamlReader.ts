// Typed, range-aware access to a parsed YAML document. Wrong types become problems, never throws.
import { isAlias, isMap, isPair, isScalar, isSeq, type Alias, type LineCounter, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Fix, Problem, Range, Severity } from './types';

/**
 * What aliases may expand to while a document is read, in nodes: this many plus the document's
 * own node count. Reading stays linear in the text, whatever the aliases (a bomb,
 * or one big anchor aliased into every container, stops here with a problem).
 */
const ALIAS_BUDGET = 5_000;

/** Source offsets -> zero-based line/character range. */
export function offsetRange(lines: LineCounter, start: number, end: number): Range {
  return { start: position(lines.lineStarts, start), end: position(lines.lineStarts, Math.max(start, end)) };
}

/** Binary search over line starts: as `LineCounter.linePos`, without its throw-away objects. */
function position(starts: number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - (starts[lo] ?? 0) };
}

export class YamlReader {
  /** Anchored nodes by name, in document order, and the document's node count: made on the first alias. */
  private anchors: { byName: Map<string, Node[]>; budget: number } | undefined;
  /** What each anchored node expands to, in nodes, nested aliases included. */
  private readonly sizes = new Map<Node, number>();
  /** Aliases already charged: the field check and the reader follow the same ones. */
  private readonly charged = new Set<Alias>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    readonly problems: Problem[],
    readonly text: string,
  ) {}

  rangeOf(start: number, end: number): Range {
    return offsetRange(this.lines, start, end);
  }

  range(node: Node | null | undefined, fallback?: Range): Range {
    if (node?.range) return this.rangeOf(node.range[0], node.range[1]);
    return fallback ?? this.rangeOf(0, 0);
  }

  report(severity: Severity, code: string, message: string, range: Range, stops?: Problem['stops']): void {
    this.problems.push(stops ? { severity, code, message, range, stops } : { severity, code, message, range });
  }

  /**
   * Follows an alias to its anchor (the last one of that name before it, as YAML says), charging
   * what it expands to against the document's budget. `yaml`'s own Alias.resolve walks the whole
   * document for each alias: a file of thousands of aliases took seconds.
   */
  resolve(node: unknown): Node | null {
    if (!isAlias(node)) return (node as Node | null) ?? null;
    const anchors = (this.anchors ??= this.indexAnchors());
    const target = lastBefore(anchors.byName.get(node.source), node);
    if (!target) return null;
    if (this.charged.has(node)) return target;
    if (anchors.budget < 0) return null;
    this.charged.add(node);
    anchors.budget -= this.expandedSize(target, anchors.byName);
    if (anchors.budget < 0) {
      this.report('error', 'alias-limit', 'Too many alias expansions: the aliases of this document expand to far more than the document itself, so the rest of it is not read.', this.range(node));
      return null;
    }
    return target;
  }

  /**
   * The anchors, and what each expands to, measured in the order anchors end: an alias names an
   * anchor that ended before it, or one around it (a cycle), so no measure waits on a later one.
   */
  private indexAnchors(): { byName: Map<string, Node[]>; budget: number } {
    const anchors = collectAnchors(this.doc.contents);
    const all = [...anchors.byName.values()].flat().sort((a, b) => (a.range?.[1] ?? 0) - (b.range?.[1] ?? 0));
    for (const n of all) this.expandedSize(n, anchors.byName);
    return anchors;
  }

  /**
   * What a node expands to, in nodes: its own, and for each alias inside it what that alias
   * expands to, nested ones included (an env anchor inside a container anchor, the container
   * aliased a thousand times, costs a thousand envs). Memoized per anchored node, so the walk is
   * linear in the document; a cycle (`&a [*a]`) counts as one node.
   */
  private expandedSize(root: Node, byName: Map<string, Node[]>): number {
    const known = this.sizes.get(root);
    if (known !== undefined) return known;
    this.sizes.set(root, 1);
    let count = 0;
    const stack: unknown[] = [root];
    while (stack.length) {
      const n = stack.pop();
      if (isPair(n)) {
        stack.push(n.key, n.value);
        continue;
      }
      if (!n) continue;
      if (isAlias(n)) {
        const target = lastBefore(byName.get(n.source), n);
        count += target ? this.expandedSize(target, byName) : 1;
        continue;
      }
      const inner = n !== root ? this.sizes.get(n as Node) : undefined;
      if (inner !== undefined) {
        count += inner;
        continue;
      }
      count++;
      if (isMap(n) || isSeq(n)) for (const item of n.items) stack.push(item);
    }
    this.sizes.set(root, count);
    return count;
  }

  /** A fix deleting a `key: value` pair's whole lines; none when another key shares its first line. */
  removePair(pair: Pair<Node, Node>, title: string): Fix | undefined {
    const lines = this.lineSpan(pair.key.range![0], (pair.value?.range ?? pair.key.range!)[1]);
    // The first key of a list item (`- key:`) carries the item: removing its line would break the list.
    if (!lines || lines.lead.trim() !== '') return undefined;
    return { title, edits: [{ range: this.rangeOf(lines.start, lines.end), newText: '' }] };
  }

  /**
   * The whole lines from the one holding `start` to the one holding `end - 1`, when nothing but
   * indentation (and a list's `- `) stands before `start` on its line.
   */
  lineSpan(start: number, end: number): { start: number; end: number; lead: string } | undefined {
    const lineStart = this.text.lastIndexOf('\n', start - 1) + 1;
    const lead = this.text.slice(lineStart, start);
    if (!/^[ ]*(- )?[ ]*$/.test(lead)) return undefined;
    const newline = this.text.indexOf('\n', Math.max(end - 1, start));
    return { start: lineStart, end: newline < 0 ? this.text.length : newline + 1, lead };
  }

  pair(map: YAMLMap, key: string): Pair<Node, Node> | undefined {
    for (const item of map.items as Pair<Node, Node>[]) {
      const k = item.key;
      if (isScalar(k) && k.value === key) return item;
    }
    return undefined;
  }

  /** The value under `key`, following aliases; null when absent or empty. */
  get(map: YAMLMap, key: string): Node | null {
    const p = this.pair(map, key);
    return p ? this.resolve(p.value) : null;
  }

  /** The range of `key: value` (or of the key alone) for pointing at a field. */
  keyRange(map: YAMLMap, key: string, fallback: Range): Range {
    const p = this.pair(map, key);
    return p?.key ? this.range(p.key) : fallback;
  }

  map(node: Node | null, path: string, fallback: Range): YAMLMap | undefined {
    if (node == null || isEmptyScalar(node)) return undefined;
    if (isMap(node)) return node;
    this.wrongType(node, path, 'a mapping', fallback);
    return undefined;
  }

  seq(node: Node | null, path: string, fallback: Range): YAMLSeq | undefined {
    if (node == null || isEmptyScalar(node)) return undefined;
    if (isSeq(node)) return node;
    this.wrongType(node, path, 'a list', fallback);
    return undefined;
  }

  /** Items of a list, each alias resolved. */
  items(seq: YAMLSeq | undefined): Node[] {
    if (!seq) return [];
    const out: Node[] = [];
    for (const item of seq.items) {
      const n = this.resolve(item);
      if (n) out.push(n);
    }
    return out;
  }

  /** A string scalar (numbers and booleans are turned into text, as Kubernetes would not). */
  string(node: Node | null, path: string, fallback: Range): string | undefined {
    if (node == null || isEmptyScalar(node)) return undefined;
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    }
    this.wrongType(node, path, 'a string', fallback);
    return undefined;
  }

  integer(node: Node | null, path: string, fallback: Range): number | undefined {
    if (node == null || isEmptyScalar(node)) return undefined;
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value)) return node.value;
    this.wrongType(node, path, 'a whole number', fallback);
    return undefined;
  }

  boolean(node: Node | null, path: string, fallback: Range): boolean | undefined {
    if (node == null || isEmptyScalar(node)) return undefined;
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.wrongType(node, path, 'true or false', fallback);
    return undefined;
  }

  private wrongType(node: Node, path: string, expected: string, fallback: Range): void {
    this.report('error', 'wrong-type', `\`${path}\` should be ${expected}, not ${describe(node)}.`, this.range(node, fallback));
  }
}

function isEmptyScalar(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

export function describe(node: Node): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (typeof v === 'string') return `the text "${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
    if (typeof v === 'number') return `the number ${v}`;
    if (typeof v === 'boolean') return `${v}`;
  }
  return 'something else';
}

/** Every anchored node of a document by anchor name, in document order, and the alias budget. */
function collectAnchors(root: Node | null): { byName: Map<string, Node[]>; budget: number } {
  const byName = new Map<string, Node[]>();
  let count = 0;
  const stack: unknown[] = root ? [root] : [];
  while (stack.length) {
    const n = stack.pop();
    if (isPair(n)) {
      stack.push(n.value, n.key);
      continue;
    }
    if (!n || isAlias(n)) continue;
    count++;
    const anchor = (n as { anchor?: string }).anchor;
    if (anchor) {
      const list = byName.get(anchor);
      if (list) list.push(n as Node);
      else byName.set(anchor, [n as Node]);
    }
    if (isMap(n) || isSeq(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
  }
  // The walk is depth-first in reverse; each name's anchors must be in source order.
  for (const list of byName.values()) list.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
  return { byName, budget: ALIAS_BUDGET + count };
}

/** The last node of `list` (in source order) that starts before the alias. */
function lastBefore(list: Node[] | undefined, alias: Alias): Node | undefined {
  if (!list) return undefined;
  const at = alias.range?.[0] ?? Infinity;
  let lo = 0;
  let hi = list.length - 1;
  let found: Node | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid].range?.[0] ?? 0) < at) {
      found = list[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
