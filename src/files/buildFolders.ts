// The build folders where podman plays: each subfolder holding a Containerfile (or else a
// Dockerfile), which podman builds an image of the folder's name from (play.go getBuildFile: an
// os.Stat, so any kind of file counts, as it does for podman). Only stat calls, no file is read;
// a folder with very many entries is looked at up to a bound. No `vscode` import: the CLI uses it.
import { opendirSync, statSync, type Dirent } from 'fs';
import { opendir, stat } from 'fs/promises';
import { join } from 'path';
import type { BuildContext } from '../model/types';

/** Entries of the folder looked at: a repository root has tens, never thousands, of subfolders that are build folders. */
const MAX_ENTRIES = 2000;
const MAX_FOLDERS = 200;
const BUILD_FILES = ['Containerfile', 'Dockerfile'] as const;

/** The entries worth a look: folders and links (to folders, perhaps), within the bounds. */
function* folders(entries: Iterable<Dirent>): Generator<string> {
  let seen = 0;
  let found = 0;
  for (const entry of entries) {
    if (++seen > MAX_ENTRIES || found >= MAX_FOLDERS) return;
    if (!entry.isDirectory() && !entry.isSymbolicLink()) continue;
    found++;
    yield entry.name;
  }
}

/** The build folders of `dir`; an unreadable folder has none. Never blocks the caller's thread. */
export async function readBuildContext(dir: string): Promise<BuildContext> {
  const files: BuildContext['files'] = {};
  try {
    const entries: Dirent[] = [];
    for await (const entry of await opendir(dir)) if (entries.push(entry) > MAX_ENTRIES) break;
    for (const name of folders(entries)) {
      for (const file of BUILD_FILES) {
        if (
          await stat(join(dir, name, file)).then(
            () => true,
            () => false,
          )
        ) {
          files[name] = file;
          break;
        }
      }
    }
  } catch {
    // Not a folder, gone, or not readable: podman finds nothing there either.
  }
  return { dir, files };
}

/** The same, for the command line. */
export function readBuildContextSync(dir: string): BuildContext {
  const files: BuildContext['files'] = {};
  try {
    const d = opendirSync(dir);
    const entries: Dirent[] = [];
    try {
      for (let e = d.readSync(); e && entries.push(e) <= MAX_ENTRIES; e = d.readSync());
    } finally {
      d.closeSync();
    }
    for (const name of folders(entries)) {
      const file = BUILD_FILES.find((f) => {
        try {
          return !!statSync(join(dir, name, f));
        } catch {
          return false; // missing, or `name` a link to a file (ENOTDIR)
        }
      });
      if (file) files[name] = file;
    }
  } catch {
    // As above.
  }
  return { dir, files };
}
