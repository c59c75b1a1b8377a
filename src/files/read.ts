// The one door for reading a file of the workspace or a unit folder: asynchronous (never on the
// extension host's thread), regular files only, bounded in bytes, symlinks resolved. A FIFO, a
// device, `/dev/zero` behind a link, a sparse file of gigabytes: each is refused with a reason.
// No `vscode` import: the CLI and the unit tests use it too.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'fs';
import { open, realpath, stat } from 'fs/promises';
import { sep } from 'path';

export type RefusedWhy = 'missing' | 'not-a-file' | 'too-big' | 'outside';

export class FileRefusedError extends Error {
  constructor(
    readonly path: string,
    readonly why: RefusedWhy,
    message: string,
  ) {
    super(message);
  }
}

export interface ReadLimits {
  /** The most bytes read; a bigger file is refused, not cut. */
  maxBytes: number;
  /** When given, the file (its links resolved) must lie in one of these folders. */
  within?: readonly string[];
}

/** Opening a FIFO for reading would wait for a writer: O_NONBLOCK returns at once, and fstat then refuses it. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

function inside(path: string, folder: string): boolean {
  const f = folder.endsWith(sep) ? folder : folder + sep;
  return path === folder || path.startsWith(f);
}

/** The bytes of a regular file of at most `maxBytes`; throws FileRefusedError saying why not. */
export async function readBounded(path: string, limits: ReadLimits): Promise<Buffer> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw new FileRefusedError(path, 'missing', `${path} does not exist (or a link in its path leads nowhere).`);
  }
  if (limits.within) {
    const roots = await Promise.all(limits.within.map((r) => realpath(r).catch(() => r)));
    if (!roots.some((r) => inside(real, r))) throw new FileRefusedError(path, 'outside', `${path} leads to ${real}, outside the folders it may be read from.`);
  }
  const fh = await open(real, OPEN_FLAGS).catch(() => {
    throw new FileRefusedError(path, 'missing', `${path} cannot be opened.`);
  });
  try {
    check(await fh.stat(), path, real, limits);
    const chunks = new Chunks(path, limits.maxBytes);
    for (let buf = chunks.next(); chunks.add((await fh.read(buf, 0, buf.length, chunks.length)).bytesRead); buf = chunks.next());
    return chunks.bytes();
  } finally {
    await fh.close();
  }
}

/** The same checks and bound, blocking: for the CLI, which has no editor to keep answering. */
export function readBoundedSync(path: string, limits: ReadLimits): Buffer {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new FileRefusedError(path, 'missing', `${path} does not exist (or a link in its path leads nowhere).`);
  }
  let fd: number;
  try {
    fd = openSync(real, OPEN_FLAGS);
  } catch {
    throw new FileRefusedError(path, 'missing', `${path} cannot be opened.`);
  }
  try {
    check(fstatSync(fd), path, real, limits);
    const chunks = new Chunks(path, limits.maxBytes);
    for (let buf = chunks.next(); chunks.add(readSync(fd, buf, 0, buf.length, chunks.length)); buf = chunks.next());
    return chunks.bytes();
  } finally {
    closeSync(fd);
  }
}

function check(st: Stats, path: string, real: string, limits: ReadLimits): void {
  if (!st.isFile()) throw new FileRefusedError(path, 'not-a-file', `${path} is not a regular file${real !== path ? ` (it leads to ${real})` : ''}: not read.`);
  if (st.size > limits.maxBytes) throw new FileRefusedError(path, 'too-big', `${path} is ${st.size} bytes, over the ${limits.maxBytes} read here: not read.`);
}

/**
 * Bytes read until the end or one byte past the limit: a file that grew since fstat (or whose
 * size lies, as in /proc) is still bounded.
 */
class Chunks {
  private readonly chunks: Buffer[] = [];
  private current = Buffer.alloc(0);
  length = 0;

  constructor(
    private readonly path: string,
    private readonly max: number,
  ) {}

  /** The buffer for the next read. */
  next(): Buffer {
    return (this.current = Buffer.alloc(Math.min(64 * 1024, this.max + 1 - this.length)));
  }

  /** Takes what the read put in `next()`'s buffer; false at the end. */
  add(bytesRead: number): boolean {
    if (!bytesRead) return false;
    this.chunks.push(this.current.subarray(0, bytesRead));
    this.length += bytesRead;
    if (this.length > this.max) throw new FileRefusedError(this.path, 'too-big', `${this.path} is over the ${this.max} bytes read here: not read.`);
    return true;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

export async function readBoundedText(path: string, limits: ReadLimits): Promise<string> {
  return (await readBounded(path, limits)).toString('utf8');
}

/** Whether a regular file is at `path` (links followed), asked without blocking. */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
