// Files a cloned repository can hold to hang an editor that reads them, made on disk for the host
// tests and the stall bench: `.kube` units whose Network= sibling is a FIFO, a link to /dev/zero, a
// 2 GB sparse file or outside the folder; and a flood of YAML files written by another process.
import { execFileSync, spawn } from 'child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'fs';
import { join } from 'path';

export interface HostileUnit {
  /** The unit, relative to the folder. */
  file: string;
  network: string;
  /** The network its CodeLens names (a sibling that cannot be read gives quadlet's default name). */
  shown: string;
}

export const HOSTILE_UNITS: readonly HostileUnit[] = [
  { file: 'fifo.kube', network: 'Network=fifo.network', shown: 'systemd-fifo' },
  { file: 'zero.kube', network: 'Network=zero.network', shown: 'systemd-zero' },
  { file: 'sparse.kube', network: 'Network=sparse.network', shown: 'systemd-sparse' },
  { file: 'sub/up.kube', network: 'Network=../up.network', shown: 'systemd-../up' },
];

/** Writes the manifest, the hostile siblings and each of HOSTILE_UNITS into `dir`. */
export function writeHostileUnits(dir: string): void {
  writeFileSync(join(dir, 'play.yml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: h\nspec:\n  containers:\n    - name: c\n      image: i\n');
  execFileSync('mkfifo', [join(dir, 'fifo.network')]);
  symlinkSync('/dev/zero', join(dir, 'zero.network'));
  writeFileSync(join(dir, 'sparse.network'), '');
  truncateSync(join(dir, 'sparse.network'), 2 * 1024 ** 3);
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'up.network'), '[Network]\nNetworkName=escaped\n');
  for (const u of HOSTILE_UNITS) writeFileSync(join(dir, u.file), `[Kube]\nYaml=${join(dir, 'play.yml')}\n${u.network}\n`);
}

/** Writes `count` small YAML files and a link to /dev/zero into `dir` from another process, as a checkout would. */
export function floodYaml(dir: string, count: number): Promise<void> {
  const script = `const fs=require('fs');const d=process.argv[1];const n=Number(process.argv[2]);fs.mkdirSync(d,{recursive:true});fs.symlinkSync('/dev/zero',d+'/zero.yml');for(let i=0;i<n;i++)fs.writeFileSync(d+'/f'+i+'.yml','apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: f'+i+'\\n');`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, dir, String(count)], { stdio: 'ignore', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the writer exited ${code}`))));
  });
}
