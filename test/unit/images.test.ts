// Where podman gets an image: a build folder named like it, an image it has, or a pull. The rules
// are play.go's (imageNamePrefix, getBuildFile, buildImageFromContainerfile) and libimage's
// LookupImage; the truth suite plays them on real podman.
import * as assert from 'assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readBuildContext, readBuildContextSync } from '../../src/files/buildFolders';
import { parseManifest, type ModelOptions, type Report } from '../../src/model';
import { buildFolderName, findLocalImage, imageAge } from '../../src/model/images';
import type { LocalImage } from '../../src/model/types';
import { buildStep, failedLine, failedStep, instructions } from '../../src/podman/build';
import { runCli } from '../support/cli';

const pod = (image: string, extra = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: ${image}\n${extra}`;
const valkey: LocalImage = { id: 'a'.repeat(64), names: ['docker.io/valkey/valkey:8'], created: 1_000 };
const built: LocalImage = { id: 'b'.repeat(64), names: ['localhost/web:latest'] };
const context = { dir: '/repo', files: { web: 'Containerfile' as const } };

function imageProblems(image: string, o: ModelOptions, extra = '') {
  const m = parseManifest(pod(image, extra), o);
  return { source: m.pods[0].containers[0].imageSource, problems: m.problems.filter((p) => p.code.startsWith('image-')).map((p) => `${p.severity} ${p.code} ${p.range.start.line}: ${p.message}`) };
}

describe('images: build folders, local images, pulls', () => {
  it('the build folder is podman\'s imageNamePrefix: up to the first ":", after the last "/", before "@"', () => {
    assert.strictEqual(buildFolderName('web'), 'web');
    assert.strictEqual(buildFolderName('localhost/web:1.0'), 'web');
    assert.strictEqual(buildFolderName('quay.io/me/web@sha256:' + 'c'.repeat(64)), 'web');
    // A registry with a port: podman cuts at its ":", so it looks in "localhost".
    assert.strictEqual(buildFolderName('localhost:5000/web:1'), 'localhost');
  });

  it('a local image is found as libimage finds it: short names by suffix and tag, full names exactly, IDs', () => {
    const images = [valkey, built];
    assert.strictEqual(findLocalImage('docker.io/valkey/valkey:8', images), valkey);
    assert.strictEqual(findLocalImage('valkey/valkey:8', images), valkey);
    assert.strictEqual(findLocalImage('valkey:8', images), valkey);
    assert.strictEqual(findLocalImage('valkey', images), undefined, 'no tag is latest');
    assert.strictEqual(findLocalImage('quay.io/valkey/valkey:8', images), undefined);
    assert.strictEqual(findLocalImage('web', images), built);
    assert.strictEqual(findLocalImage('localhost/web', images), built);
    assert.strictEqual(findLocalImage('eb', images), undefined, 'a suffix, but not at a "/"');
    assert.strictEqual(findLocalImage('bbbbbb', images), built, 'a short ID');
    assert.strictEqual(findLocalImage('sha256:' + 'a'.repeat(64), images), valkey);
  });

  it('without --build podman builds an image it lacks, and plays the one it has', () => {
    assert.deepStrictEqual(imageProblems('web', { buildContext: context, images: [] }), {
      source: { how: 'build', buildFile: 'web/Containerfile', buildPath: '/repo/web/Containerfile' },
      problems: ['info image-build 7: Podman builds web from web/Containerfile before it creates the pod (it has no such image).'],
    });
    const has = imageProblems('web', { buildContext: context, images: [built] });
    assert.strictEqual(has.source?.how, 'local');
    assert.match(has.problems[0], /^info image-not-rebuilt 7: Podman has the image web, so it plays that one and does not build web\/Containerfile: Build & Play \(`--build`\) rebuilds it\.$/);
    // Images unknown (the CLI): said as podman decides it.
    assert.match(imageProblems('web', { buildContext: context }).problems[0], /builds web from web\/Containerfile unless it has that image already/);
  });

  it('--build always builds, --build=false never', () => {
    assert.strictEqual(imageProblems('web', { buildContext: context, images: [built], build: true }).source?.how, 'build');
    const never = imageProblems('web', { buildContext: context, images: [], build: false });
    assert.deepStrictEqual(never.problems, ['info image-pull 7: Podman will pull web: it has no such image (`--build=false`: web/Containerfile is not built).']);
  });

  it('a pull is said; imagePullPolicy Never on a missing image stops the play', () => {
    assert.deepStrictEqual(imageProblems('quay.io/me/api:1', { images: [valkey], buildContext: context }).problems, ['info image-pull 7: Podman will pull quay.io/me/api:1: it has no such image.']);
    // The build folders not read yet: no pull is said, as the folder may build it.
    assert.deepStrictEqual(imageProblems('quay.io/me/api:1', { images: [valkey] }).problems, []);
    const never = imageProblems('quay.io/me/api:1', { images: [valkey], buildContext: context }, '      imagePullPolicy: Never\n');
    assert.match(never.problems[0], /^error image-never-pulled 7: Podman has no image quay\.io\/me\/api:1 and `imagePullPolicy: Never` forbids a pull/);
    assert.deepStrictEqual(imageProblems('valkey:8', { images: [valkey] }, '      imagePullPolicy: Never\n').problems, [], 'podman has it');
    assert.deepStrictEqual(imageProblems('quay.io/me/api:1', {}).problems, [], 'images unknown: nothing said');
  });

  it("remote: a build folder here is not the service's, and is said so", () => {
    const r = imageProblems('web', { buildContext: context, images: [], remote: true });
    assert.strictEqual(r.source?.how, 'pull');
    assert.match(r.problems[0], /^warning image-build-remote 7: The remote podman service plays on its own machine and builds nothing from this one: web\/Containerfile is not used/);
  });

  it('--context-dir without --build: podman stops before reading the file', () => {
    const m = parseManifest(pod('web'), { flags: ['--context-dir'] });
    assert.ok(m.problems.some((p) => p.code === 'context-dir-without-build' && p.severity === 'error'));
    assert.ok(!parseManifest(pod('web'), { flags: ['--context-dir', '--build'], build: true }).problems.some((p) => p.code === 'context-dir-without-build'));
  });

  it('ages read like podman images', () => {
    assert.strictEqual(imageAge(1_000, 1_030), '30 seconds ago');
    assert.strictEqual(imageAge(0, 3 * 3600), '3 hours ago');
    assert.strictEqual(imageAge(0, 86400 * 9), '9 days ago');
  });

  describe('build folders on disk', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'pk-build-'));
      mkdirSync(join(dir, 'web'));
      writeFileSync(join(dir, 'web', 'Containerfile'), 'FROM docker.io/valkey/valkey:8\n');
      writeFileSync(join(dir, 'web', 'Dockerfile'), 'FROM scratch\n');
      mkdirSync(join(dir, 'api'));
      writeFileSync(join(dir, 'api', 'Dockerfile'), 'FROM scratch\n');
      mkdirSync(join(dir, 'docs'));
      writeFileSync(join(dir, 'notes'), 'a file, not a folder\n');
      symlinkSync(join(dir, 'notes'), join(dir, 'linked-file'));
      symlinkSync(join(dir, 'api'), join(dir, 'linked-api'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('a Containerfile before a Dockerfile; a link to a folder counts, to a file not', async () => {
      const want = { web: 'Containerfile', api: 'Dockerfile', 'linked-api': 'Dockerfile' };
      assert.deepStrictEqual((await readBuildContext(dir)).files, want);
      assert.deepStrictEqual(readBuildContextSync(dir).files, want);
      assert.deepStrictEqual((await readBuildContext(join(dir, 'missing'))).files, {});
    });

    it('check looks where podman would: the working directory, or --context-dir', () => {
      writeFileSync(join(dir, 'play.yml'), pod('web'));
      const json = (args: string[], cwd: string) => {
        const was = process.cwd();
        process.chdir(cwd);
        try {
          return (JSON.parse(runCli('check', '--format', 'json', ...args).out) as Report[])[0].pods[0].containers[0];
        } finally {
          process.chdir(was);
        }
      };
      assert.deepStrictEqual(json([join(dir, 'play.yml')], dir).imageSource, { how: 'build-unless-local', buildFile: 'web/Containerfile' });
      assert.strictEqual(json([join(dir, 'play.yml')], tmpdir()).imageSource, undefined, 'elsewhere: no build folder');
      assert.deepStrictEqual(json([join(dir, 'play.yml'), '--', '--build', '--context-dir', dir], tmpdir()).imageSource, { how: 'build', buildFile: 'web/Containerfile' });
    });
  });
});

describe('a build as podman reports it', () => {
  const containerfile = 'FROM docker.io/valkey/valkey:8\n# a comment\nRUN echo one \\\n    two\n\nRUN false\nCMD ["true"]\n';

  it('reads the step lines podman prints, multi-stage ones too', () => {
    assert.deepStrictEqual(buildStep('STEP 3/4: RUN false'), { step: 3, steps: 4, instruction: 'RUN false' });
    assert.deepStrictEqual(buildStep('[2/2] STEP 1/3: FROM scratch'), { stage: 2, step: 1, steps: 3, instruction: 'FROM scratch' });
    assert.strictEqual(buildStep('Successfully tagged localhost/web:latest'), undefined);
  });

  it('takes a failure back to the Containerfile line: by the instruction podman names, else by step', () => {
    // podman 4.3.1 and 5.x, as they printed it.
    const f431 = failedStep('subprocess exited with status 1\nError: building at STEP "RUN false": exit status 1\n');
    const f58 = failedStep('Error: building at STEP "RUN false": while running runtime: exit status 1\n');
    assert.deepStrictEqual(f431, { instruction: 'RUN false', why: 'exit status 1' });
    assert.deepStrictEqual(f58, { instruction: 'RUN false', why: 'while running runtime: exit status 1' });
    assert.strictEqual(failedLine(containerfile, f58, buildStep('STEP 3/4: RUN false')), 5);
    assert.strictEqual(failedLine(containerfile, { instruction: 'RUN echo one two' }, undefined), 2, 'continuation lines joined');
    assert.strictEqual(failedLine(containerfile, undefined, buildStep('STEP 2/4: RUN echo one two')), 2);
    assert.deepStrictEqual(
      instructions(containerfile).map((i) => i.line),
      [0, 2, 5, 6],
    );
  });
});
