// Helpers for tests against real podman: what is running, and an image pull that never ends.
import { execFileSync } from 'child_process';
import { createServer, type Server, type Socket } from 'net';

/** PIDs of `podman kube play` processes still running. */
export function kubePlayProcesses(): string[] {
  try {
    return execFileSync('pgrep', ['-f', '^([^ ]*/)?podman kube play'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

export function podManifest(pod: string, image = 'docker.io/valkey/valkey:8'): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n    - name: server\n      image: ${image}\n`;
}

/** A "registry" on loopback that accepts connections and never answers: a pull from it hangs. */
export class HangingRegistry {
  private readonly sockets: Socket[] = [];
  private constructor(private readonly server: Server) {
    server.on('connection', (s) => this.sockets.push(s));
  }

  static start(): Promise<HangingRegistry> {
    return new Promise((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(new HangingRegistry(server)));
    });
  }

  /** An image reference whose pull hangs. */
  get image(): string {
    return `127.0.0.1:${(this.server.address() as { port: number }).port}/hang/image:1`;
  }

  /** Waits until podman has connected (the play is inside its pull); false on timeout. */
  async reached(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.sockets.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return this.sockets.length > 0;
  }

  close(): void {
    for (const s of this.sockets) s.destroy();
    this.server.close();
  }
}
