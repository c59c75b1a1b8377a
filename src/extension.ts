// Composition root: create services, register them, hand every disposable to VS Code.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type * as Client from './client/client';
import { ComposeCodeLensProvider, KubeCodeLensProvider } from './codeLens';
import { chooseConfigMapFiles } from './commands/chooseConfigMapFiles';
import { chooseConnection } from './commands/chooseConnection';
import { chooseNetwork } from './commands/chooseNetwork';
import { createNetwork } from './commands/createNetwork';
import { createSecret } from './commands/createSecret';
import { kubeDown } from './commands/kubeDown';
import { downProject, playProject } from './commands/playProject';
import { playKube } from './commands/playKube';
import { removeNetwork } from './commands/removeNetwork';
import { showLogs } from './commands/showLogs';
import { registerCommands, type Actions, type Command } from './command';
import { copyMermaid } from './commands/copyMermaid';
import { exportSvg } from './commands/exportSvg';
import { openPreview } from './commands/openPreview';
import { openSample } from './commands/openSample';
import { togglePreviewLock } from './commands/togglePreviewLock';
import { exportQuadlet } from './commands/exportQuadlet';
import { convertCompose } from './commands/convertCompose';
import { podCommands } from './commands/pods';
import { previewQuadletManifest } from './commands/previewQuadletManifest';
import { showOutput } from './commands/showOutput';
import { ReadOnlyDocuments } from './readOnlyDocuments';
import { ListingParser } from './live/listingParser';
import { LiveState } from './live/liveState';
import { PlayedPods } from './live/played';
import { PodsView } from './live/podsView';
import { WorkspaceManifests } from './live/workspaceManifests';
import { ManifestTracker } from './manifestTracker';
import { CommittedUnits } from './committedUnits';
import { UnitEditor } from './quadletEditor/unitEditor';
import { NetworkChoice } from './networkChoice';
import { PlayContext } from './playContext';
import { Podman } from './podman/podman';
import { ModelReader } from './reader/modelReader';
import { PreviewManager } from './preview/previewManager';
import { SnippetTrigger } from './snippetTrigger';
import { Settings } from './settings';
import { NetworkStatusBar } from './statusBar';
import { COMMANDS } from './shared/commands';

/** What the integration tests reach through `extension.exports`. */
export interface Api {
  previews: PreviewManager;
  networks: NetworkChoice;
  play: PlayContext;
  live: LiveState;
  pods: PodsView;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): Api | undefined {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Podman', { log: true });
  context.subscriptions.push(log);
  try {
    const settings = new Settings(log);
    const podman = new Podman(log, settings);
    const committed = new CommittedUnits(log);
    const networks = new NetworkChoice(context.workspaceState, settings, () => (vscode.workspace.isTrusted ? podman.client.networks() : undefined), committed);
    const reader = new ModelReader(vscode.Uri.joinPath(context.extensionUri, 'dist', 'modelWorker.js').fsPath);
    const play = new PlayContext(networks, podman, settings, log, context.workspaceState, reader, committed);
    // What runs in podman: one events stream, started only while the Podman view or a preview looks.
    const listings = new ListingParser(vscode.Uri.joinPath(context.extensionUri, 'dist', 'listingWorker.js').fsPath);
    const live = new LiveState(podman.client, log, listings.parse);
    // What one feature asks of another, bound to the commands below (called only after activation).
    const actions: Actions = {
      chooseNetwork: (uri) => choose.execute(uri) as Promise<string | undefined>,
      createNetwork: (name) => create.execute(name) as ReturnType<Actions['createNetwork']>,
      openPreview: (uri) => preview.execute(uri),
      showLogs: (uri) => logs.execute(uri),
      showPodLogs: (name) => podLogs.execute(name),
      kubeDown: (uri) => Promise.resolve(down.execute(uri)),
      playReplace: (uri) => Promise.resolve(replace.execute(uri)),
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- dist/client.js is its own bundle, loaded on first need
    const startLanguage = () => (client ??= (require('./client.js') as typeof Client).startLanguageClient(context, log, play, committed));
    // The language server knows the projects (it reads the folders): asked once it runs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- dist/client.js is its own bundle, loaded on first need
    const projectOf = async (uri: vscode.Uri) => (await (require('./client.js') as typeof Client).projectOf(startLanguage(), uri.toString())) ?? undefined;
    const previews = new PreviewManager({ extensionUri: context.extensionUri, play, reader, log, live, actions, projectOf });
    const played = new PlayedPods(context.workspaceState);
    const manifestsInWorkspace = new WorkspaceManifests(reader, play, log);
    context.subscriptions.push(live.onImageEvent(() => play.refreshImagesSoon()));
    const pods = new PodsView(live, manifestsInWorkspace, played, projectOf, () => play.knownImages, play.onDidChange);
    const inspected = new ReadOnlyDocuments('podman-inspect');
    const services = new ReadOnlyDocuments('podman-quadlet');
    const podActions = podCommands(podman, live, pods, actions, inspected);
    // The preview's box menu offers a pod's or container's logs: the view's action, called directly.
    const podLogs = podActions.find((c) => c.id === COMMANDS.podsShowLogs)!;
    const playing = { podman, play, reader, played, live, actions };
    const projects = { ...playing, log, projectOf };
    const units = new UnitEditor(play, networks, actions);
    const choose = chooseNetwork(networks, podman, actions);
    const create = createNetwork(podman, networks, context.globalState);
    const preview = openPreview(previews, true);
    const logs = showLogs(podman, play, reader);
    const down = kubeDown(podman);
    const replace = playKube(playing, { replace: true });
    const commands: Command[] = [
      openPreview(previews, false),
      preview,
      togglePreviewLock(previews),
      copyMermaid(previews, play, reader),
      exportSvg(previews),
      choose,
      playKube(playing, { replace: false }),
      replace,
      playKube(playing, { replace: false, pickNetwork: true }),
      playKube(playing, { replace: false, build: true }),
      down,
      playProject(projects, false),
      playProject(projects, true),
      downProject(projects),
      create,
      removeNetwork(podman, networks, context.globalState),
      logs,
      chooseConnection(podman),
      createSecret(podman, play),
      chooseConfigMapFiles(play),
      ...podActions,
      ...exportQuadlet(podman, play, context.globalState, services),
      previewQuadletManifest(units),
      openSample(context.extensionUri),
      convertCompose(vscode.Uri.joinPath(context.extensionUri, 'dist', 'composeWorker.js').fsPath, log, play),
      showOutput(log),
    ];
    const manifests = new ManifestTracker();
    // The build files the file's images have, as the model says where the commands play it.
    const buildFiles = async (doc: vscode.TextDocument) => {
      const m = await reader.read(doc.getText(), play.forFile(doc.uri));
      return [...new Set(m.pods.flatMap((p) => p.containers.flatMap((c) => (c.imageSource?.buildFile ? [c.imageSource.buildFile] : []))))];
    };
    const lenses = new KubeCodeLensProvider(networks, projectOf, buildFiles, play.onDidChange);
    context.subscriptions.push(
      settings,
      units,
      manifests,
      committed,
      new SnippetTrigger(),
      new NetworkStatusBar(networks, settings, projectOf),
      lenses,
      vscode.languages.registerCodeLensProvider({ language: 'yaml' }, lenses),
      vscode.languages.registerCodeLensProvider(
        // VS Code names compose.yaml and docker-compose.yml `dockercompose`; other names stay yaml.
        [
          { language: 'dockercompose', scheme: 'file' },
          { language: 'yaml', scheme: 'file' },
        ],
        new ComposeCodeLensProvider(),
      ),
      networks,
      play,
      reader,
      previews,
      played,
      live,
      listings,
      manifestsInWorkspace,
      pods,
      inspected,
      services,
      settings.onDidChange((c) => c.podman && live.restart()),
      // While the live stream runs, its network list is the current one (network events re-list).
      live.onDidChange(() => live.status.state === 'connected' && networks.learn(live.networks)),
      ...registerCommands(commands),
    );
    // YAML activates the extension, but only a kube manifest needs the language server (and the
    // podman it asks): a workspace of workflows and compose files pays for neither.
    if (manifests.manifestSeen) startLanguage();
    else context.subscriptions.push(manifests.onDidFindManifest(startLanguage));
    log.info(`Activated in ${(performance.now() - started).toFixed(1)} ms${client ? ' (language client started)' : ''}`);
    return { previews, networks, play, live, pods };
  } catch (e) {
    // A failed activation is otherwise silent: say so where the user looks.
    log.error('Activation failed', e);
    void vscode.window.showErrorMessage(`Podman Kube Play could not start: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
