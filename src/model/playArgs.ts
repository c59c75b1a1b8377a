// The arguments of `podman kube play` that change what the model predicts, read from a command
// line's words (the check CLI's after `--`, a unit's PodmanArgs=, the play.extraArgs setting).
// Flags as podman's cobra parses them (cmd/podman/kube/play.go): `--flag value` or `--flag=value`.

export interface PlayArgs {
  network?: string;
  publishAll: boolean;
  configMapFiles: string[];
  noPodPrefix: boolean;
  /** `--build` (true), `--build=false` (false), or neither. */
  build?: boolean;
  /** `--context-dir`: where podman looks for build folders instead of its working directory. */
  contextDir?: string;
  /** Every flag given, as written before any `=` (`--build`, `-P`): some podmans lack some. */
  flags: string[];
}

/** `--flag=value` -> the flag and its inline value; any other word as it is. */
export function splitFlag(word: string): [string, string | undefined] {
  const eq = word.startsWith('--') ? word.indexOf('=') : -1;
  return eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
}

export function readPlayArgs(words: readonly string[]): PlayArgs {
  const out: PlayArgs = { publishAll: false, configMapFiles: [], noPodPrefix: false, flags: [] };
  for (let i = 0; i < words.length; i++) {
    const [flag, inline] = splitFlag(words[i]);
    if (flag.startsWith('-') && flag !== '-') out.flags.push(flag);
    const value = () => inline ?? words[++i];
    if (flag === '--network' || flag === '--net') out.network = value();
    else if (flag === '--publish-all' || flag === '-P') out.publishAll = inline === undefined || inline === 'true';
    else if (flag === '--no-pod-prefix') out.noPodPrefix = inline === undefined || inline === 'true';
    else if (flag === '--build') out.build = inline === undefined || inline === 'true';
    else if (flag === '--context-dir') out.contextDir = value();
    // podman takes the flag more than once, or its paths separated by commas.
    else if (flag === '--configmap') out.configMapFiles.push(...(value() ?? '').split(',').filter(Boolean));
  }
  return out;
}
