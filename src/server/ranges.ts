// Position arithmetic shared by hover and code actions (model and LSP ranges have one shape).
import type { Position, Range } from '../model';

const before = (x: Position, y: Position) => x.line < y.line || (x.line === y.line && x.character < y.character);

/** Whether two ranges share a position, ends included (a cursor is an empty range). */
export function overlaps(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}
