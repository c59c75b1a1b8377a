// Where podman gets a container's image: built from a folder named like the image, an image it
// has, or a pull. The rules are podman's own, the same at v4.3.1, v5.4.2 and v5.8.2:
// pkg/domain/infra/abi/play.go (imageNamePrefix, getBuildFile, buildImageFromContainerfile) and
// containers/common libimage LookupImage, which says whether the image "exists locally".
import type { BuildContext, ImageSource, LocalImage, ModelOptions, Pod, Problem, Range } from './types';
import { capitalized } from './version';

/**
 * The build folder podman looks for: the name up to its first `:`, after its last `/`, before
 * its `@` (imageNamePrefix). `localhost:5000/web:1` looks in `localhost`, as podman does.
 */
export function buildFolderName(image: string): string {
  let prefix = image.split(':')[0];
  prefix = prefix.split('/').pop() ?? prefix;
  return prefix.split('@')[0];
}

const HEX = /^[0-9a-f]+$/;

function hasDomain(name: string): boolean {
  const slash = name.indexOf('/');
  if (slash < 0) return false;
  const first = name.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

/** `name[:tag][@digest]` split; the tag is after the last `:` that follows the last `/`. */
function splitReference(ref: string): { name: string; tag?: string; digest?: string } {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const rest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = rest.lastIndexOf(':');
  return colon > rest.lastIndexOf('/') ? { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest } : { name: rest, digest };
}

/** docker.io's own shorthand: `docker.io/valkey` is `docker.io/library/valkey`. */
function normalizedName(name: string): string {
  return /^(docker\.io|index\.docker\.io)\/[^/]+$/.test(name) ? `docker.io/library/${name.split('/')[1]}` : name.replace(/^index\.docker\.io\//, 'docker.io/');
}

/**
 * The image podman finds for a reference, as libimage's LookupImage does: an ID (full, or a prefix
 * of one for a short name), a digest among the images' digests, a full name exactly, and a short
 * name (no registry) as any name that ends with `/name` at the same tag (`latest` when none).
 */
export function findLocalImage(ref: string, images: readonly LocalImage[]): LocalImage | undefined {
  const id = ref.startsWith('sha256:') ? ref.slice(7) : ref;
  if (id.length === 64 && HEX.test(id)) return images.find((i) => i.id === id);
  const { name, tag, digest } = splitReference(ref);
  if (digest) return images.find((i) => i.digests?.some((d) => d.endsWith(`@${digest}`)));
  const wanted = `${normalizedName(name)}:${tag ?? 'latest'}`;
  if (hasDomain(name)) return images.find((i) => i.names.includes(wanted));
  const tagged = tag ?? 'latest';
  const byName = images.find((i) =>
    i.names.some((n) => {
      const s = splitReference(n);
      return s.tag === tagged && (s.name === name || s.name.endsWith(`/${name}`));
    }),
  );
  if (byName) return byName;
  return !tag && HEX.test(name) ? images.find((i) => i.id.startsWith(name)) : undefined;
}

/**
 * Where podman gets `image`: `build` (`--build`) builds whenever there is a build file, `false`
 * (`--build=false`) never, and without the flag podman builds only an image it does not have.
 * Undefined when nothing is known (no build file, images unknown). A remote play looks for build
 * folders on the service's machine, which the model does not see.
 */
export function imageSource(image: string, o: { build?: boolean; buildContext?: BuildContext; images?: readonly LocalImage[]; remote?: boolean }): ImageSource | undefined {
  const folder = buildFolderName(image);
  const file = !o.remote ? o.buildContext?.files[folder] : undefined;
  const build = file && o.buildContext ? { buildFile: `${folder}/${file}`, buildPath: joinPath(o.buildContext.dir, folder, file) } : {};
  const local = o.images && findLocalImage(image, o.images);
  if (file && o.build === true) return { how: 'build', ...build };
  if (file && o.build === undefined) {
    if (!o.images) return { how: 'build-unless-local', ...build };
    if (!local) return { how: 'build', ...build };
  }
  if (!o.images) return undefined;
  if (local) return { how: 'local', local, ...build };
  // Build folders not read yet: a pull is not known until podman is known to have nothing to build.
  if (!o.remote && !o.buildContext) return undefined;
  return { how: 'pull', ...build };
}

function joinPath(dir: string, ...parts: string[]): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return [dir.replace(/[\\/]+$/, ''), ...parts].join(sep);
}

/** How old an image is, in the words of `podman images`' CREATED column. */
export function imageAge(created: number | undefined, now = Date.now() / 1000): string | undefined {
  if (created === undefined) return undefined;
  const s = Math.max(0, now - created);
  const [n, unit] = s < 120 ? [Math.round(s), 'second'] : s < 7200 ? [Math.round(s / 60), 'minute'] : s < 172800 ? [Math.round(s / 3600), 'hour'] : [Math.round(s / 86400), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

/**
 * Sets each container's image source and says what podman will do about its image: a build
 * (and from which file), a build folder it will not use, a pull, and a pull `Never` forbids.
 */
export function checkImages(pods: readonly Pod[], o: ModelOptions, problems: Problem[]): void {
  const seen = new Set<Range>();
  for (const pod of pods) {
    for (const c of pod.containers) {
      if (!c.image || !c.imageRange) continue;
      const source = imageSource(c.image, o);
      if (source) c.imageSource = source;
      if (seen.has(c.imageRange)) continue; // one template, several replica pods
      seen.add(c.imageRange);
      const problem = imageProblem(c.image, c.pullPolicy, source, o);
      if (problem) problems.push({ ...problem, range: c.imageRange });
    }
  }
}

function imageProblem(image: string, pullPolicy: string | undefined, source: ImageSource | undefined, o: ModelOptions): Omit<Problem, 'range'> | undefined {
  const folder = buildFolderName(image);
  const remoteFile = o.remote ? o.buildContext?.files[folder] : undefined;
  if (remoteFile)
    return {
      severity: 'warning',
      code: 'image-build-remote',
      message: `The remote podman service plays on its own machine and builds nothing from this one: ${folder}/${remoteFile} is not used, and the service ${source?.how === 'local' ? 'plays the image it has' : 'pulls the image'}. Build it there first (\`podman --connection NAME build -t ${image} ${folder}\`), as Build & Play does.`,
    };
  if (!source) return undefined;
  const where = o.remote ? 'the podman service' : 'podman';
  switch (source.how) {
    case 'build':
      return { severity: 'info', code: 'image-build', message: `Podman builds ${image} from ${source.buildFile} before it creates the pod (${o.build ? '`--build`' : 'it has no such image'}).` };
    case 'build-unless-local':
      return { severity: 'info', code: 'image-build', message: `Podman builds ${image} from ${source.buildFile} unless it has that image already (then it plays that one; \`--build\` always builds).` };
    case 'local': {
      if (!source.buildFile || o.build === false) return undefined;
      const age = imageAge(source.local?.created);
      return {
        severity: 'info',
        code: 'image-not-rebuilt',
        message: `Podman has the image ${image}${age ? ` (made ${age})` : ''}, so it plays that one and does not build ${source.buildFile}: Build & Play (\`--build\`) rebuilds it.`,
      };
    }
    case 'pull': {
      const skipped = source.buildFile ? ` (\`--build=false\`: ${source.buildFile} is not built)` : '';
      if (pullPolicy?.toLowerCase() === 'never')
        return {
          severity: 'error',
          code: 'image-never-pulled',
          message: `${capitalized(where)} has no image ${image} and \`imagePullPolicy: Never\` forbids a pull: the play stops with "${image}: image not known"${skipped}. Build or pull the image first, or change the policy.`,
          stops: 'fails',
        };
      return { severity: 'info', code: 'image-pull', message: `${capitalized(where)} will pull ${image}: it has no such image${skipped}.` };
    }
  }
}
