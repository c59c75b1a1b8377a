// A compose file to a kube manifest, from its path: the files it names are read here, each checked
// for type and size first (readBoundedSync). Synchronous: the CLI calls it, and the extension
// through a worker thread (composeWorker.ts), never on the extension host's own thread.
import { statSync } from 'fs';
import { dirname, resolve } from 'path';
import { readBuildContextSync } from '../files/buildFolders';
import { FileRefusedError, readBoundedSync } from '../files/read';
import { parseManifest } from '../model';
import { ConversionError, convertCompose, type Layout } from './convert';
import { readCompose, type ComposeProblem } from './read';

/** A compose file and what it reads (.env, env_file, a config) are pages, not megabytes. */
const MAX_BYTES = 4 * 1024 * 1024;

export interface ComposeRequest {
  file: string;
  text: string;
  layout: Layout;
  env: Record<string, string | undefined>;
  profiles?: string[];
  /** The podman the manifest is checked for. */
  podmanVersion?: string;
}

export interface ComposeResult {
  /** Undefined when the compose file has a problem: nothing is written then. */
  text?: string;
  problems: ComposeProblem[];
  dropped: string[];
  changed: string[];
  /** What the model says of the manifest for that podman: errors and warnings, as `line: message`. */
  checked: string[];
}

function pathKind(path: string): 'file' | 'directory' | 'socket' | 'other' | undefined {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'directory' : s.isFile() ? 'file' : s.isSocket() ? 'socket' : 'other';
  } catch {
    return undefined;
  }
}

export function composeToKube(r: ComposeRequest): ComposeResult {
  const dir = dirname(r.file);
  const readFile = (path: string): string | undefined => {
    try {
      return readBoundedSync(resolve(dir, path), { maxBytes: MAX_BYTES }).toString('utf8');
    } catch (e) {
      if (e instanceof FileRefusedError && e.why === 'missing') return undefined;
      throw e;
    }
  };
  // COMPOSE_PROFILES, as compose reads it, besides the profiles asked for.
  const profiles = [
    ...(r.profiles ?? []),
    ...(r.env.COMPOSE_PROFILES ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  ];
  const { project, problems } = readCompose(r.text, { dir, env: r.env, readFile, profiles });
  if (!project) return { problems, dropped: [], changed: [], checked: [] };
  const folders = readBuildContextSync(dir).files;
  let converted;
  try {
    converted = convertCompose(project, { layout: r.layout, readFile, buildFolder: (name) => !!folders[name], pathKind });
  } catch (e) {
    if (e instanceof ConversionError) return { problems: [{ message: e.message }], dropped: [], changed: [], checked: [] };
    throw e;
  }
  const { text, dropped, changed } = converted;
  const manifest = parseManifest(text, { podmanVersion: r.podmanVersion, dns: true });
  const checked = manifest.problems.filter((p) => p.severity === 'error' || p.severity === 'warning').map((p) => `${p.range.start.line + 1}: ${p.severity}: ${p.message}`);
  return { text, problems, dropped, changed, checked };
}
