// A compose project as a kube play manifest. Two layouts: `pods`, one pod per service named like
// the service, played on one network with DNS, where a pod's name resolves on every podman (so
// the service name does, as in compose); `pod`, every service in one pod, reaching the others on
// localhost (each service name is made a host alias of 127.0.0.1, and said). What cannot be carried
// over is listed, never dropped silently. Pure: the caller reads env_file and config files.
import { stringify } from 'yaml';
import type { ComposeProject, ComposeService } from './read';
import { keyValueMap, parseEnvFile } from './read';

export type Layout = 'pods' | 'pod';

export interface ConvertOptions {
  layout: Layout;
  /** Reads a file relative to the compose file's folder (env_file, a config's file): undefined when there is none; throws when it cannot. */
  readFile: (path: string) => string | undefined;
  /** Whether a folder beside the compose file holds a Containerfile or Dockerfile (for `build`). */
  buildFolder: (name: string) => boolean;
  /** What an absolute path is on this machine, for bind mounts: compose creates a missing folder. */
  pathKind: (path: string) => 'file' | 'directory' | 'socket' | 'other' | undefined;
}

export interface Conversion {
  /** The manifest, its first lines a comment saying where it comes from and what was not carried over. */
  text: string;
  /** Each thing not carried over, as `service web: ...`. */
  dropped: string[];
  /** Renames and rewrites that keep the behaviour, said too. */
  changed: string[];
}

type Obj = Record<string, unknown>;

/** Keys converted below; any other key a service has is reported as not carried over. */
const CONVERTED = new Set([
  'image',
  'build',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'ports',
  'expose',
  'volumes',
  'tmpfs',
  'healthcheck',
  'restart',
  'depends_on',
  'networks',
  'network_mode',
  'secrets',
  'configs',
  'user',
  'working_dir',
  'cap_add',
  'cap_drop',
  'privileged',
  'read_only',
  'extra_hosts',
  'hostname',
  'labels',
  'tty',
  'stdin_open',
  'mem_limit',
  'mem_reservation',
  'cpus',
  'deploy',
  'container_name',
  'profiles',
  'pull_policy',
  'stop_grace_period',
]);

const MAX_PORT_RANGE = 1000;

/** A scalar of the file as written; anything else as JSON (a value of the wrong shape, said as it is). */
function text(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? `${v}` : (JSON.stringify(v) ?? '');
}

/** A project that makes no manifest (no service left). */
export class ConversionError extends Error {}

export function convertCompose(project: ComposeProject, o: ConvertOptions): Conversion {
  const dropped: string[] = [];
  const changed: string[] = [];
  const claims = new Map<string, Obj>();
  const configMaps: Obj[] = [];
  const pods: Obj[] = [];
  for (const s of project.skipped) dropped.push(`service ${s.name}: not converted (${s.why})`);
  dropped.push(...project.notes);
  const ordered = startOrder(project.services, dropped);
  if (!ordered.length) throw new ConversionError('No service to convert: every one is in a profile that is not enabled (COMPOSE_PROFILES, --profile).');
  const sink: Sink = { dropped, changed, claims, configMaps, names: new Map() };
  const containers = ordered.map(({ name, spec }) => container(project, name, spec, o, sink));
  if (o.layout === 'pods') {
    for (const c of containers) pods.push(pod(c.name, [c]));
  } else {
    const names = containers.map((c) => c.name);
    const all = pod(project.name, containers);
    const spec = all.spec as Obj;
    spec.hostAliases = [...((spec.hostAliases as Obj[] | undefined) ?? []), { ip: '127.0.0.1', hostnames: names }];
    changed.push(`one pod ${project.name}: the services reach each other on localhost; ${names.join(', ')} are host aliases of 127.0.0.1 so their names still resolve`);
    const ports = new Map<string, string>();
    for (const c of containers)
      for (const p of (c.container.ports as Obj[] | undefined) ?? []) {
        const protocol = (p.protocol as string | undefined) ?? 'TCP';
        for (const key of [`${p.containerPort as number}/${protocol}`, ...(p.hostPort !== undefined ? [`host ${p.hostPort as number}/${protocol}`] : [])]) {
          const other = ports.get(key);
          if (other && other !== c.name) dropped.push(`service ${c.name}: port ${key} is also ${other}'s: in one pod only one of them can have it (use the pods layout)`);
          else ports.set(key, c.name);
        }
      }
    // One pod has one restart policy: the one that restarts most, said when the services differ.
    const policies = [...new Set(containers.map((c) => c.pod.restartPolicy as string))];
    if (policies.length > 1) {
      spec.restartPolicy = ['Always', 'OnFailure', 'Never'].find((p) => policies.includes(p));
      changed.push(`one pod ${project.name}: the services restart differently (${containers.map((c) => `${c.name} ${c.pod.restartPolicy as string}`).join(', ')}); the pod has restartPolicy ${spec.restartPolicy as string} for all`);
    }
    for (const key of ['hostname', 'hostNetwork', 'terminationGracePeriodSeconds']) {
      const values = new Set(containers.filter((c) => c.pod[key] !== undefined).map((c) => JSON.stringify(c.pod[key])));
      if (values.size > 1) dropped.push(`one pod ${project.name}: the services' ${key} differ (${[...values].join(', ')}); the pod has ${JSON.stringify(spec[key])}`);
    }
    pods.push(all);
  }
  for (const n of Object.keys(project.networks)) if (n !== 'default') dropped.push(`network ${n}: every pod plays on the one network of the play (podman kube play --net NAME)`);
  const docs = [...configMaps, ...claims.values(), ...pods];
  const header = [
    `Converted from compose project ${project.name} by Podman Kube Play (layout: ${o.layout === 'pods' ? 'one pod per service' : 'one pod'}).`,
    o.layout === 'pods' ? 'Play on a network with DNS so the service names resolve: podman kube play --net NAME FILE' : 'podman kube play FILE',
    ...(changed.length ? ['', 'Changed to keep what compose does:', ...changed.map((c) => `- ${c}`)] : []),
    ...(dropped.length ? ['', 'Not carried over:', ...dropped.map((d) => `- ${d}`)] : ['', 'Everything was carried over.']),
  ];
  const text = `${header.map((l) => (l ? `# ${commentSafe(l)}` : '#')).join('\n')}\n${docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n')}`;
  return { text, dropped, changed };
}

/**
 * A comment line cannot end early, for any YAML parser: control characters and every character
 * some parser takes as a line break (NEL U+0085, U+2028, U+2029; YAML 1.1's libyaml and go-yaml
 * do) or as a byte-order mark become spaces.
 */
function commentSafe(s: string): string {
  return [...s]
    .map((ch) => {
      const c = ch.codePointAt(0)!;
      return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff ? ' ' : ch;
    })
    .join('');
}

function pod(name: string, containers: { container: Obj; pod: Obj; volumes: Obj[] }[]): Obj {
  const spec: Obj = {};
  for (const c of containers) Object.assign(spec, c.pod);
  const hostAliases = containers.flatMap((c) => (c.pod.hostAliases as Obj[] | undefined) ?? []);
  if (hostAliases.length) spec.hostAliases = hostAliases;
  spec.containers = containers.map((c) => c.container);
  const volumes = containers.flatMap((c) => c.volumes);
  const seen = new Set<string>();
  const unique = volumes.filter((v) => !seen.has(v.name as string) && seen.add(v.name as string));
  if (unique.length) spec.volumes = unique;
  const labels: Obj = {};
  for (const c of containers) Object.assign(labels, c.pod.annotations ?? {});
  delete spec.annotations;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, ...(Object.keys(labels).length ? { annotations: labels } : {}) }, spec };
}

/** depends_on first (podman plays the documents in order); file order otherwise, and on a cycle. */
function startOrder(services: ComposeProject['services'], dropped: string[]): ComposeProject['services'] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const out: ComposeProject['services'] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (s: ComposeProject['services'][number], path: string[]) => {
    if (state.get(s.name) === 'done') return;
    if (state.get(s.name) === 'visiting') {
      dropped.push(`depends_on: ${[...path, s.name].join(' → ')} is a cycle: file order kept`);
      return;
    }
    state.set(s.name, 'visiting');
    for (const d of dependsOn(s.spec)) {
      const dep = byName.get(d.name);
      if (dep) visit(dep, [...path, s.name]);
    }
    state.set(s.name, 'done');
    out.push(s);
  };
  for (const s of services) visit(s, []);
  return out;
}

function dependsOn(spec: ComposeService): { name: string; condition?: string }[] {
  const d = spec.depends_on;
  if (Array.isArray(d)) return d.map((name) => ({ name: text(name) }));
  if (d && typeof d === 'object') return Object.entries(d as Obj).map(([name, v]) => ({ name, condition: (v as Obj | null)?.condition as string | undefined }));
  return [];
}

interface Sink {
  dropped: string[];
  changed: string[];
  claims: Map<string, Obj>;
  configMaps: Obj[];
  /** Each volume name given, with what it stands for: two sources never share a name. */
  names: Map<string, string>;
}

/** `base`, or `base-2`, `base-3`... when another source has it (names are cut and folded). */
function uniqueName(sink: Sink, base: string, source: string): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base.slice(0, 58)}-${i}`;
    const had = sink.names.get(name);
    if (had === undefined) sink.names.set(name, source);
    if (had === undefined || had === source) return name;
  }
}

/** A service as a container (and what it needs of its pod: restart policy, host aliases, volumes). */
function container(project: ComposeProject, name: string, spec: ComposeService, o: ConvertOptions, sink: Sink): { name: string; container: Obj; pod: Obj; volumes: Obj[] } {
  const drop = (what: string) => sink.dropped.push(`service ${name}: ${what}`);
  const c: Obj = { name };
  const podSpec: Obj = {};
  const volumes: Obj[] = [];
  // `x-` keys are extensions compose itself ignores.
  for (const key of Object.keys(spec)) if (!CONVERTED.has(key) && !key.startsWith('x-')) drop(`\`${key}\` is not carried over`);

  c.image = image(name, spec, o, sink, drop);
  const entrypoint = words(spec.entrypoint);
  if (entrypoint?.length === 0) drop('entrypoint "" (no entrypoint) is not carried over: kube play keeps the image\'s');
  const command = words(spec.command);
  if (entrypoint?.length) c.command = entrypoint;
  if (command) c.args = command;

  const env = environment(spec, o, drop);
  if (env.length) c.env = env;

  const ports = [...publishedPorts(spec.ports, drop), ...exposed(spec.expose)];
  const seenPorts = new Set<string>();
  const uniquePorts = ports.filter((p) => {
    const k = `${p.containerPort as number}/${(p.protocol as string | undefined) ?? 'TCP'}/${(p.hostPort as number | undefined) ?? ''}`;
    return !seenPorts.has(k) && seenPorts.add(k);
  });
  if (uniquePorts.length) c.ports = uniquePorts;

  const mounts: Obj[] = [];
  mountVolumes(project, name, spec.volumes, mounts, volumes, o, sink, drop);
  for (const t of listOf(spec.tmpfs)) {
    const [path, options] = text(t).split(':');
    if (options) drop(`tmpfs ${path}: its options (${options}) are not carried over`);
    const vname = uniqueName(sink, volumeName(`tmpfs-${name}-${path}`), `tmpfs:${name}:${path}`);
    mounts.push({ name: vname, mountPath: path });
    volumes.push({ name: vname, emptyDir: { medium: 'Memory' } });
  }
  mountFiles(project, spec, mounts, volumes, o, sink, drop);
  if (mounts.length) c.volumeMounts = mounts;

  const probe = healthcheck(spec.healthcheck, drop);
  if (probe) c.livenessProbe = probe;
  const security = securityContext(spec, drop);
  if (security) c.securityContext = security;
  if (typeof spec.working_dir === 'string') c.workingDir = spec.working_dir;
  if (truthy(spec.tty)) c.tty = true;
  if (truthy(spec.stdin_open)) c.stdin = true;
  const resources = limits(spec, drop);
  if (resources) c.resources = resources;
  if (spec.pull_policy !== undefined) {
    const policy = { always: 'Always', never: 'Never', missing: 'IfNotPresent', if_not_present: 'IfNotPresent' }[text(spec.pull_policy)];
    if (policy) c.imagePullPolicy = policy;
    else drop(`pull_policy ${text(spec.pull_policy)} has no kube equivalent`);
  }

  const restart = spec.restart as string | undefined;
  if (restart !== undefined) {
    const policy = restart === 'no' ? 'Never' : restart === 'always' || restart === 'unless-stopped' ? 'Always' : restart.startsWith('on-failure') ? 'OnFailure' : undefined;
    if (policy) podSpec.restartPolicy = policy;
    if (restart === 'unless-stopped') sink.changed.push(`service ${name}: restart unless-stopped is restartPolicy Always (kube has no "unless stopped")`);
    if (/^on-failure:\d+$/.test(restart)) drop(`restart ${restart}: the retry count is not carried over (OnFailure retries without a limit)`);
    if (!policy) drop(`restart ${restart} has no kube equivalent`);
  } else podSpec.restartPolicy = 'Never';
  if (probe && podSpec.restartPolicy !== 'Never')
    sink.changed.push(`service ${name}: podman restarts the container when its healthcheck fails (a liveness probe with restartPolicy ${podSpec.restartPolicy as string}); compose only marks it unhealthy`);
  for (const d of dependsOn(spec)) if (d.condition && d.condition !== 'service_started') drop(`depends_on ${d.name} (${d.condition}): podman plays ${d.name} first but does not wait for it`);
  if (spec.network_mode === 'host') podSpec.hostNetwork = true;
  else if (spec.network_mode !== undefined) drop(`network_mode ${text(spec.network_mode)} is not carried over`);
  if (spec.networks !== undefined && Object.keys(asMap(spec.networks)).some((n) => n !== 'default')) drop(`networks ${Object.keys(asMap(spec.networks)).join(', ')}: it plays on the play's one network`);
  if (typeof spec.hostname === 'string') podSpec.hostname = spec.hostname;
  if (spec.container_name !== undefined) sink.changed.push(`service ${name}: container_name ${text(spec.container_name)} is not kept: podman names it ${name}-${name} (pod-container)`);
  const aliases = extraHosts(spec.extra_hosts, drop);
  if (aliases.length) podSpec.hostAliases = aliases;
  const labels = asMap(keyValueMap(spec.labels, /=/));
  if (Object.keys(labels).length) podSpec.annotations = Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, text(v ?? '')]));
  if (spec.stop_grace_period !== undefined) {
    const s = seconds(spec.stop_grace_period);
    if (s !== undefined) podSpec.terminationGracePeriodSeconds = s;
  }
  return { name, container: c, pod: podSpec, volumes };
}

function image(name: string, spec: ComposeService, o: ConvertOptions, sink: Sink, drop: (w: string) => void): string {
  const build = spec.build;
  const given = typeof spec.image === 'string' ? spec.image : undefined;
  if (build === undefined) {
    if (!given) drop('has neither `image` nor `build`: image left empty');
    return given ?? '';
  }
  const b: Obj = typeof build === 'string' ? { context: build } : (build as Obj);
  const context = text(b.context ?? '.').replace(/\/+$/, '');
  const folder = /^(\.\/)?[^/.][^/]*$/.test(context) ? context.replace(/^\.\//, '') : undefined;
  const dockerfile = b.dockerfile as string | undefined;
  const standard = dockerfile === undefined || dockerfile === 'Containerfile' || dockerfile === 'Dockerfile';
  // kube play builds an image from the folder named like it, beside the manifest.
  const imageName = given ?? folder;
  const prefix = imageName ? imageName.split(':')[0].split('/').pop()!.split('@')[0] : undefined;
  if (folder && standard && prefix === folder && o.buildFolder(folder)) {
    sink.changed.push(`service ${name}: built by podman kube play from ${folder}/ (play with --build to rebuild)`);
    for (const k of Object.keys(b)) if (!['context', 'dockerfile'].includes(k)) drop(`build.${k} is not carried over (kube play builds with the folder alone)`);
    return imageName!;
  }
  drop(
    `build ${context}${dockerfile ? ` (${dockerfile})` : ''}: kube play builds only from a folder named like the image beside the manifest, holding a Containerfile or Dockerfile; ${folder && standard ? `name the image ${folder}` : `move the build to such a folder`}, or build it first (podman build -t ${given ?? name} ${context})`,
  );
  return given ?? name;
}

/** Compose's strings are split as a shell splits words (quotes, backslashes), lists kept. */
export function words(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String);
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | undefined;
  const s = text(v);
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < s.length && '"\\$`'.includes(s[i + 1])) cur += s[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < s.length) {
      cur += s[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

/** `true` as compose reads it: the boolean, or an interpolated "true"/"yes". */
function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^(true|yes|y|on|1)$/i.test(v));
}

function asMap(v: unknown): Obj {
  if (Array.isArray(v)) return Object.fromEntries(v.map((x) => [text(x), null]));
  return v && typeof v === 'object' ? (v as Obj) : {};
}

function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

function environment(spec: ComposeService, o: ConvertOptions, drop: (w: string) => void): Obj[] {
  const values = new Map<string, string>();
  for (const f of listOf(spec.env_file)) {
    const path = typeof f === 'string' ? f : text((f as Obj).path);
    const required = typeof f === 'string' || (f as Obj).required !== false;
    try {
      const text = o.readFile(path);
      if (text === undefined) throw new Error('there is no such file');
      for (const [k, v] of Object.entries(parseEnvFile(text))) values.set(k, v);
    } catch (e) {
      if (required) drop(`env_file ${path} cannot be read (${e instanceof Error ? e.message : text(e)})`);
    }
  }
  const env = spec.environment;
  const entries: [string, unknown][] = Array.isArray(env) ? env.map((e) => text(e)).map((e) => (e.includes('=') ? [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] : [e, null])) : Object.entries(asMap(env));
  for (const [k, v] of entries) {
    if (v === null || v === undefined) {
      drop(`environment ${k} takes its value from the shell compose runs in: not written into the manifest`);
      values.delete(k);
    } else values.set(k, text(v));
  }
  return [...values].map(([k, v]) => ({ name: k, value: v }));
}

/** Short (`[[ip:]host:]container[/proto]`, ranges) and long syntax. */
export function publishedPorts(v: unknown, drop: (w: string) => void): Obj[] {
  const out: Obj[] = [];
  for (const p of listOf(v)) {
    if (p && typeof p === 'object') {
      const l = p as Obj;
      const target = Number(l.target);
      const published = l.published === undefined ? undefined : text(l.published);
      add(out, { ip: l.host_ip as string | undefined, host: published, container: text(target), protocol: l.protocol as string | undefined }, drop);
      continue;
    }
    const s = text(p);
    const m = /^(?:(?:(\[[^\]]+\]|[^:[\]]+):)?([\d-]*):)?([\d-]+)(?:\/(\w+))?$/.exec(s);
    if (!m) {
      drop(`port ${s} is not understood`);
      continue;
    }
    add(out, { ip: m[1]?.replace(/^\[|\]$/g, ''), host: m[2] || undefined, container: m[3], protocol: m[4] }, drop);
  }
  return out;
}

function add(out: Obj[], p: { ip?: string; host?: string; container: string; protocol?: string }, drop: (w: string) => void): void {
  const range = (s: string) => {
    const [a, b = a] = s.split('-').map(Number);
    return [a, b] as const;
  };
  const [c0, c1] = range(p.container);
  const [h0, h1] = p.host ? range(p.host) : [undefined, undefined];
  const count = c1 - c0 + 1;
  if (!Number.isInteger(c0) || count < 1 || count > MAX_PORT_RANGE || (h0 !== undefined && h1 - h0 + 1 !== count && h1 !== h0)) {
    drop(`port ${p.host ? `${p.host}:` : ''}${p.container} is not a range kube can say port by port`);
    return;
  }
  const protocol = p.protocol ? p.protocol.toUpperCase() : undefined;
  for (let i = 0; i < count; i++) {
    const port: Obj = { containerPort: c0 + i };
    if (h0 !== undefined) port.hostPort = h1 === h0 && count > 1 ? h0 : h0 + i;
    if (p.ip && h0 !== undefined) port.hostIP = p.ip;
    if (protocol && protocol !== 'TCP') port.protocol = protocol;
    out.push(port);
  }
  if (h0 === undefined) drop(`port ${p.container}: compose publishes it on a random host port; kube play does not publish a containerPort without hostPort (from podman 4.8)`);
}

function exposed(v: unknown): Obj[] {
  return listOf(v).flatMap((e) => {
    const [port, proto] = text(e).split('/');
    const n = Number(port);
    return Number.isInteger(n) ? [{ containerPort: n, ...(proto && proto.toUpperCase() !== 'TCP' ? { protocol: proto.toUpperCase() } : {}) }] : [];
  });
}

/** A volume's kube name: lower case letters, digits and dashes. */
function volumeName(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'volume'
  );
}

function mountVolumes(project: ComposeProject, service: string, v: unknown, mounts: Obj[], volumes: Obj[], o: ConvertOptions, sink: Sink, drop: (w: string) => void): void {
  for (const entry of listOf(v)) {
    let type: string;
    let source: string | undefined;
    let target: string;
    let readOnly = false;
    if (entry && typeof entry === 'object') {
      const l = entry as Obj;
      type = text(l.type ?? 'volume');
      source = l.source === undefined ? undefined : text(l.source);
      target = text(l.target);
      readOnly = truthy(l.read_only);
      for (const k of ['bind', 'volume', 'tmpfs', 'consistency']) if (l[k] !== undefined) drop(`volume ${source ?? ''}:${target}: its ${k} options are not carried over`);
    } else {
      const s = text(entry);
      if (/^[A-Za-z]:[\\/]/.test(s)) {
        drop(`volume ${s}: a Windows path is not carried over; give the folder as podman's machine sees it`);
        continue;
      }
      const parts = s.split(':');
      if (parts.length === 1) [type, source, target] = ['volume', undefined, parts[0]];
      else {
        source = parts[0];
        target = parts[1];
        const options = (parts[2] ?? '').split(',').filter(Boolean);
        readOnly = options.includes('ro');
        const other = options.filter((x) => x !== 'ro' && x !== 'rw');
        if (other.length) drop(`volume ${s}: the options ${other.join(',')} are not carried over${other.some((x) => /^z$/i.test(x)) ? ' (an SELinux host may then deny the mount)' : ''}`);
        type = /^[./~]/.test(source) ? 'bind' : 'volume';
      }
    }
    if (type === 'tmpfs') {
      const n = uniqueName(sink, volumeName(`tmpfs-${service}-${target}`), `tmpfs:${service}:${target}`);
      mounts.push({ name: n, mountPath: target });
      volumes.push({ name: n, emptyDir: { medium: 'Memory' } });
    } else if (type === 'bind') {
      const path = absolute(project.dir, source ?? '');
      if (!path) {
        drop(`volume ${source ?? ''}:${target}: a path from the home folder (~) is not carried over; give it as an absolute path`);
        continue;
      }
      const n = uniqueName(sink, volumeName(`${service}-${path}`), `bind:${path}`);
      mounts.push({ name: n, mountPath: target, ...(readOnly ? { readOnly: true } : {}) });
      // podman refuses a hostPath that is not there unless told to make it; compose makes a folder.
      const kind = o.pathKind(path);
      const type = kind === undefined ? 'DirectoryOrCreate' : { file: 'File', directory: 'Directory', socket: 'Socket', other: undefined }[kind];
      volumes.push({ name: n, hostPath: { path, ...(type ? { type } : {}) } });
    } else if (type === 'volume' && !source) {
      const n = uniqueName(sink, volumeName(`anon-${service}-${target}`), `anon:${service}:${target}`);
      mounts.push({ name: n, mountPath: target });
      volumes.push({ name: n, emptyDir: {} });
      sink.changed.push(`service ${service}: the anonymous volume at ${target} is an emptyDir (it goes with the pod)`);
    } else if (type === 'volume') {
      const top = project.volumes[source!];
      const claim = volumeName(typeof top?.name === 'string' ? top.name : source!);
      if (top?.external) sink.changed.push(`volume ${source}: external, used as podman volume ${claim} (a claim of that name is podman's volume)`);
      else if (typeof top?.name !== 'string' && !sink.claims.has(claim)) sink.changed.push(`volume ${source}: the claim ${claim}; compose names it ${project.name}_${source}, so data podman-compose kept there is not used`);
      if (top?.driver && top.driver !== 'local') drop(`volume ${source}: driver ${text(top.driver)} is not carried over`);
      if (!sink.claims.has(claim)) sink.claims.set(claim, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: claim }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
      mounts.push({ name: claim, mountPath: target, ...(readOnly ? { readOnly: true } : {}) });
      volumes.push({ name: claim, persistentVolumeClaim: { claimName: claim } });
    } else drop(`volume of type ${type} is not carried over`);
  }
}

function absolute(dir: string, source: string): string | undefined {
  if (source.startsWith('~')) return undefined;
  if (source.startsWith('/')) return source.replace(/\/+$/, '') || '/';
  const parts = dir.replace(/\/+$/, '').split('/');
  for (const p of source.split('/')) {
    if (p === '..') parts.pop();
    else if (p && p !== '.') parts.push(p);
  }
  return parts.join('/') || '/';
}

/** Configs: a ConfigMap of the file, mounted at the file's path (subPath); secrets are said, not converted. */
function mountFiles(project: ComposeProject, spec: ComposeService, mounts: Obj[], volumes: Obj[], o: ConvertOptions, sink: Sink, drop: (w: string) => void): void {
  for (const secret of listOf(spec.secrets)) {
    const source = typeof secret === 'string' ? secret : text((secret as Obj).source);
    drop(`secret ${source} is not carried over yet: create a podman secret (Podman: Create Podman Secret...) and read it with secretKeyRef or a secret volume`);
  }
  for (const c of listOf(spec.configs)) {
    const ref = typeof c === 'string' ? { source: c } : (c as Obj);
    const source = text(ref.source);
    const top = project.configs[source];
    const target = text(ref.target ?? `/${source}`);
    const name = volumeName(`${project.name}-${source}`);
    if (!sink.configMaps.some((m) => (m.metadata as Obj).name === name)) {
      let content: string | undefined;
      if (typeof top?.content === 'string') content = top.content;
      else if (typeof top?.file === 'string')
        try {
          content = o.readFile(top.file);
          if (content === undefined) throw new Error('there is no such file');
        } catch (e) {
          drop(`config ${source}: ${top.file} cannot be read (${e instanceof Error ? e.message : text(e)})`);
          continue;
        }
      if (content === undefined) {
        drop(`config ${source}: only a config from a file or with content is carried over`);
        continue;
      }
      sink.configMaps.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { [source]: content } });
    }
    const n = volumeName(`config-${source}`);
    mounts.push({ name: n, mountPath: target, subPath: source, readOnly: true });
    volumes.push({ name: n, configMap: { name } });
  }
}

/** Compose durations (`1m30s`, `10s`, `500ms`) in whole seconds, rounded up. */
export function seconds(v: unknown): number | undefined {
  if (typeof v === 'number') return Math.ceil(v);
  const s = text(v);
  let total = 0;
  let any = false;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/g)) {
    any = true;
    total += Number(m[1]) * { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, ns: 1e-9 }[m[2] as 'h'];
  }
  return any ? Math.ceil(total) : undefined;
}

function healthcheck(v: unknown, drop: (w: string) => void): Obj | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const h = v as Obj;
  if (h.disable === true) return undefined;
  const test = h.test;
  let command: string[] | undefined;
  if (typeof test === 'string') command = ['/bin/sh', '-c', test];
  else if (Array.isArray(test)) {
    const [kind, ...rest] = test.map(String);
    if (kind === 'NONE') return undefined;
    command = kind === 'CMD-SHELL' ? ['/bin/sh', '-c', rest.join(' ')] : kind === 'CMD' ? rest : test.map(String);
  }
  if (!command?.length) return undefined;
  const probe: Obj = { exec: { command } };
  const set = (key: string, value: number | undefined) => value !== undefined && (probe[key] = value);
  // Compose's defaults (30 s, 30 s, 3 retries), not podman's (10 s, 1 s).
  set('periodSeconds', h.interval === undefined ? 30 : seconds(h.interval));
  set('timeoutSeconds', h.timeout === undefined ? 30 : seconds(h.timeout));
  set('failureThreshold', /^\d+$/.test(text(h.retries)) ? Number(h.retries) : 3);
  set('initialDelaySeconds', h.start_period === undefined ? undefined : seconds(h.start_period));
  if (h.start_interval !== undefined) drop('healthcheck.start_interval is not carried over');
  return probe;
}

function securityContext(spec: ComposeService, drop: (w: string) => void): Obj | undefined {
  const out: Obj = {};
  if (spec.user !== undefined) {
    const [u, g] = text(spec.user).split(':');
    if (/^\d+$/.test(u)) out.runAsUser = Number(u);
    else drop(`user ${text(spec.user)}: kube takes a numeric user id only`);
    if (g !== undefined) {
      if (/^\d+$/.test(g)) out.runAsGroup = Number(g);
      else drop(`user ${text(spec.user)}: kube takes a numeric group id only`);
    }
  }
  const add = listOf(spec.cap_add).map(String);
  const remove = listOf(spec.cap_drop).map(String);
  if (add.length || remove.length) out.capabilities = { ...(add.length ? { add } : {}), ...(remove.length ? { drop: remove } : {}) };
  if (truthy(spec.privileged)) out.privileged = true;
  if (truthy(spec.read_only)) out.readOnlyRootFilesystem = true;
  return Object.keys(out).length ? out : undefined;
}

function limits(spec: ComposeService, drop: (w: string) => void): Obj | undefined {
  const deploy = (spec.deploy ?? {}) as Obj;
  const res = (deploy.resources ?? {}) as Obj;
  const lim = (res.limits ?? {}) as Obj;
  const req = (res.reservations ?? {}) as Obj;
  for (const k of Object.keys(deploy)) if (k !== 'resources') drop(`deploy.${k} is not carried over`);
  const memory = (v: unknown) => (v === undefined ? undefined : text(v).replace(/^(\d+(?:\.\d+)?)\s*([kmgt])b?$/i, (_, n: string, u: string) => `${n}${u.toUpperCase()}i`));
  const limitsOut: Obj = {};
  const cpus = spec.cpus ?? lim.cpus;
  if (cpus !== undefined) limitsOut.cpu = text(cpus);
  const mem = memory(spec.mem_limit ?? lim.memory);
  if (mem) limitsOut.memory = mem;
  const requests: Obj = {};
  const rmem = memory(spec.mem_reservation ?? req.memory);
  if (rmem) requests.memory = rmem;
  if (req.cpus !== undefined) requests.cpu = text(req.cpus);
  const out: Obj = {};
  if (Object.keys(limitsOut).length) out.limits = limitsOut;
  if (Object.keys(requests).length) out.requests = requests;
  return Object.keys(out).length ? out : undefined;
}

function extraHosts(v: unknown, drop: (w: string) => void): Obj[] {
  const pairs: [string, string][] = Array.isArray(v)
    ? v.map(String).map((e) => {
        const i = e.search(/[:=]/);
        return [e.slice(0, i), e.slice(i + 1)];
      })
    : Object.entries(asMap(v)).map(([k, x]) => [k, text(x)]);
  const byIp = new Map<string, string[]>();
  for (const [host, ip] of pairs) {
    if (!host || !ip) {
      drop(`extra_hosts ${host}${ip}: not a host and an address`);
      continue;
    }
    const addr = ip.replace(/^\[|\]$/g, '');
    byIp.set(addr, [...(byIp.get(addr) ?? []), host]);
  }
  return [...byIp].map(([ip, hostnames]) => ({ ip, hostnames }));
}
