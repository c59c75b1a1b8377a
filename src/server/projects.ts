// The project a document belongs to, as the language server sees it: the one a Quadlet unit of
// the repository defines (several Yaml= and ConfigMap= files), else the files of its folder that
// reference each other (model/project.ts inferProjects), read from the editor when open and
// from disk otherwise (bounded, inside the workspace). A folder past the bounds is not read as a
// project: its files are checked alone, as before.
import { basename, dirname, join, relative } from 'path';
import { readdir, stat } from 'fs/promises';
import { fileURLToPath } from 'url';
import { inferProjects, looksLikeKubeManifest, type ProjectFile } from '../model';
import { readBoundedText } from '../files/read';

/** A folder of more YAML files than this is not read as a project. */
const MAX_FILES = 50;
/** Nor one whose YAML files hold more than this in all: each edit reads them all again. */
const MAX_BYTES = 512 * 1024;

export interface ServerProject {
  /** The unit's name, or the folder's. */
  name: string;
  /** In play order. */
  files: ProjectFile[];
  /** The document's own place among them. */
  index: number;
}

export class Projects {
  /** Texts read from disk, by path, with the size and time they were read at. */
  private readonly disk = new Map<string, { size: number; mtimeMs: number; text: string }>();

  constructor(
    /** The text of an open document, by path. */
    private readonly open: (path: string) => string | undefined,
    /** Folders a file may be read from (the workspace's). */
    private readonly within: () => string[],
    /** Projects the repository defines (Quadlet units naming several files), by paths in play order. */
    private readonly defined: () => { name: string; files: string[] }[],
  ) {}

  /** The project of a document (with its current text), or undefined when it has none. */
  async of(uri: string): Promise<ServerProject | undefined> {
    if (!uri.startsWith('file:')) return undefined;
    const path = fileURLToPath(uri);
    const dir = dirname(path);
    const within = this.within();
    // What the repository says comes first: a unit that plays this file with others.
    const unit = this.defined().find((p) => p.files.includes(path));
    if (unit) return this.read(unit.name, unit.files, path, within);
    if (!within.some((w) => !relative(w, dir).startsWith('..'))) return undefined;
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
    } catch {
      return undefined;
    }
    if (names.length > MAX_FILES || names.length < 2) return undefined;
    const files: ProjectFile[] = [];
    let bytes = 0;
    for (const n of names) {
      const p = join(dir, n);
      const text = this.open(p) ?? (await this.fromDisk(p, within));
      if (text === undefined || !looksLikeKubeManifest(text)) continue;
      if ((bytes += text.length) > MAX_BYTES) return undefined;
      files.push({ path: p, name: n, text });
    }
    const project = inferProjects(files).find((members) => members.includes(path));
    if (!project) return undefined;
    const byPath = new Map(files.map((f) => [f.path, f]));
    return { name: basename(dir), files: project.map((p) => byPath.get(p)!), index: project.indexOf(path) };
  }

  /** A defined project's files, each read (bounded; a file that cannot be read plays as empty). */
  private async read(name: string, paths: string[], path: string, within: string[]): Promise<ServerProject | undefined> {
    const files: ProjectFile[] = [];
    let bytes = 0;
    for (const p of paths) {
      const text = this.open(p) ?? (await this.fromDisk(p, within)) ?? '';
      if ((bytes += text.length) > MAX_BYTES) return undefined;
      files.push({ path: p, name: relative(dirname(path), p) || basename(p), text });
    }
    return { name, files, index: paths.indexOf(path) };
  }

  /** A file changed on disk: read again next time. */
  forget(uri: string): void {
    if (uri.startsWith('file:')) this.disk.delete(fileURLToPath(uri));
  }

  private async fromDisk(path: string, within: string[]): Promise<string | undefined> {
    try {
      const s = await stat(path);
      const cached = this.disk.get(path);
      if (cached && cached.size === s.size && cached.mtimeMs === s.mtimeMs) return cached.text;
      const text = await readBoundedText(path, { maxBytes: MAX_BYTES, within });
      this.disk.set(path, { size: s.size, mtimeMs: s.mtimeMs, text });
      return text;
    } catch {
      this.disk.delete(path);
      return undefined; // gone, not a regular file, too big, outside: not part of a project
    }
  }
}
