// A minimal LSP client over stdio, for driving a language server process the way an editor does:
// ours (dist/server.js) in the robustness test, ours and yaml-language-server in the benchmark.
import { spawn, type ChildProcess } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export interface Published {
  uri: string;
  version?: number;
  diagnostics: { code?: string | number; message: string; range: { start: { line: number; character: number } } }[];
}

export class LspClient {
  readonly process: ChildProcess;
  private readonly connection: MessageConnection;
  private readonly waiting: { uri: string; resolve: (p: Published) => void }[] = [];
  private exited: string | undefined;
  stderr = '';

  constructor(command: string, args: string[], env: Record<string, string> = {}) {
    this.process = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.process.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    this.process.on('exit', (code, signal) => (this.exited = `exited with ${signal ?? code}`));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      const i = this.waiting.findIndex((w) => w.uri === p.uri);
      if (i >= 0) this.waiting.splice(i, 1)[0].resolve(p);
    });
    // yaml-language-server asks for its settings and registers capabilities: answer like an editor.
    // Schemas off (no schema store download): plain YAML validation, as the benchmark compares.
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === 'yaml' ? { validate: true, hover: true, completion: true, schemas: {}, schemaStore: { enable: false }, format: { enable: false } } : null)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification(() => undefined);
    this.connection.listen();
  }

  /** Why the server is gone, or undefined while it runs. */
  get exitReason(): string | undefined {
    return this.exited;
  }

  /** `folders`: the workspace folders' URIs, as an editor sends them. */
  async initialize(folders: string[] = []): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: folders.map((uri) => ({ uri, name: uri.split('/').pop() })),
      capabilities: { textDocument: { publishDiagnostics: {}, completion: {}, hover: {}, codeAction: {} }, workspace: { configuration: true } },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves with the next diagnostics published for `uri`. */
  nextDiagnostics(uri: string): Promise<Published> {
    return new Promise((resolve) => this.waiting.push({ uri, resolve }));
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  /** A whole-text change (valid under any sync kind). */
  change(uri: string, version: number, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest<T>(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Resident memory of the server process and its children, in MiB (Linux). */
  rssMiB(pid = this.process.pid!): number {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    let kib = Number(/VmRSS:\s+(\d+)/.exec(status)![1]);
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) kib += this.rssMiB(Number(child)) * 1024;
    }
    return kib / 1024;
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      await Promise.race([this.connection.sendRequest('shutdown').catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
      void this.connection.sendNotification('exit').catch(() => undefined);
    }
    this.connection.dispose();
    setTimeout(() => this.process.kill('SIGKILL'), 1000).unref();
  }
}

/** Rejects when `promise` takes longer than `ms`: a hang becomes a failure with a name. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise.finally(() => clearTimeout(timer)), new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]);
}
