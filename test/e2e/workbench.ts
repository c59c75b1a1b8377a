// Drives a real VS Code workbench (code-server) in Debian's chromium, as a person would: quick
// open, command palette, typing, clicking. Each Workbench owns its processes and ends them.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';

// The launcher is an ES module shared with npm start; load it once, lazily.
type CodeServer = { url(o: { extensionDevelopmentPath?: string }): string; stop(): Promise<void>; home: string };
// A path TypeScript does not resolve (an .mjs outside the project): typed by hand below.
const moduleOf = (path: string) => import(path);
const launcher = () =>
  moduleOf('../../../scripts/lib/code-server.mjs') as Promise<{
    ROOT: string;
    CHROMIUM: string;
    CHROMIUM_ARGS: string[];
    startCodeServer: (o: { workspace: string; settings?: object; env?: object; workspaceTrust?: boolean }) => Promise<CodeServer>;
  }>;

export class Workbench {
  private constructor(
    readonly page: Page,
    readonly workspace: string,
    private readonly browser: Browser,
    private readonly host: CodeServer,
  ) {}

  /** code-server's throw-away profile folder (its logs are under it). */
  get profile(): string {
    return this.host.home;
  }

  /** The lines of the extension's Podman output channel, as code-server writes it to its log folder. */
  podmanLog(): string[] {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const file = files(this.host.home).find((f) => /Podman\.log$/.test(f));
    return file ? readFileSync(file, 'utf8').split('\n') : [];
  }

  /** A workbench on a copy of samples/ plus `files`, with the extension under development. */
  static async start(files: Record<string, string> = {}, settings: object = {}, workspaceTrust = false, env: Record<string, string> = {}): Promise<Workbench> {
    const { ROOT, CHROMIUM, CHROMIUM_ARGS, startCodeServer } = await launcher();
    const workspace = mkdtempSync(join(tmpdir(), 'podman-kube-e2e-'));
    cpSync(join(ROOT, 'samples'), workspace, { recursive: true });
    for (const [name, from] of Object.entries(files)) cpSync(from, join(workspace, name));
    const host = await startCodeServer({ workspace, workspaceTrust, env, settings: { 'workbench.colorTheme': 'Default Light Modern', 'window.commandCenter': false, ...settings } });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
      await page.goto(host.url({ extensionDevelopmentPath: ROOT }));
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
      return new Workbench(page, workspace, browser, host);
    } catch (e) {
      await browser.close();
      await host.stop();
      throw e;
    }
  }

  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.host.stop();
    rmSync(this.workspace, { recursive: true, force: true });
  }

  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input.input');
    await input.waitFor();
    await input.fill(relativePath);
    await this.page.waitForFunction((name) => document.querySelector('.quick-input-widget .monaco-list-row.focused')?.textContent?.includes(name), relativePath.split('/').pop()!);
    await this.page.keyboard.press('Enter');
    await this.page.waitForFunction((name) => document.querySelector('.tab.active')?.textContent?.includes(name), relativePath.split('/').pop()!);
    await this.page.locator('.editor-instance .monaco-editor textarea').first().waitFor();
  }

  /**
   * Runs a command from the palette, choosing the row whose title matches exactly (recently used
   * commands sort first); reopens the palette until it is offered, as activation may lag.
   * Returns performance.now() at the moment Enter was pressed.
   */
  async runCommand(title: string, timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    const input = this.page.locator('.quick-input-widget input.input');
    const focused = () => this.page.evaluate(() => document.querySelector('.quick-input-widget .monaco-list-row.focused .label-name')?.textContent?.trim());
    for (;;) {
      await this.page.keyboard.press('F1');
      await input.waitFor();
      await input.fill('>' + title);
      const offered = await this.page
        .waitForFunction((t) => [...document.querySelectorAll('.quick-input-widget .monaco-list-row .label-name')].some((e) => e.textContent?.trim() === t), title, { timeout: 3000 })
        .then(
          () => true,
          () => false,
        );
      if (offered) {
        for (let i = 0; i < 20 && (await focused()) !== title; i++) await this.page.keyboard.press('ArrowDown');
        if ((await focused()) === title) break;
      }
      await this.page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`the command palette does not offer "${title}"`);
    }
    const pressed = performance.now();
    await this.page.keyboard.press('Enter');
    return pressed;
  }

  /** Moves the cursor to the end of a line (1-based) of the active editor. */
  async goToLineEnd(line: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.page.locator('.quick-input-widget input.input').fill(`:${line}`);
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('End');
  }

  /** The status bar's cursor position, "Ln 11, Col 9". */
  async cursor(): Promise<string> {
    return (await this.page.locator('#status\\.editor\\.selection').textContent())?.trim() ?? '';
  }

  /** The frame of the topology preview once it shows a rendered SVG. */
  async previewFrame(timeoutMs = 60_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const f of this.page.frames()) {
        if (await f.$('#podman-kube-preview').catch(() => null)) {
          if (await f.$('#diagram svg').catch(() => null)) return f;
        }
      }
      if (Date.now() > deadline) throw new Error('no topology preview with a rendered SVG appeared');
      await this.page.waitForTimeout(100);
    }
  }
}
