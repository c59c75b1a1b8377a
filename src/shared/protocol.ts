// Messages between the extension and the topology preview webview. Every message names the
// document it is about; each side ignores messages for another document.
import type { Range } from '../model/types';

/** A place in a manifest; `file`: a path, when it is another file of the project than the previewed one. */
export type Target = Range & { file?: string };

export interface ProblemLine {
  message: string;
  /** One-based, as people count lines. */
  line: number;
  severity: 'error' | 'warning' | 'info';
}

export interface NetworkInfo {
  name: string;
  dns: boolean;
  /** True when the user chose it for this file (else podman's default). */
  chosen: boolean;
  /** Live: the network the file's pods run on now, which is not the one chosen for the file. */
  running?: boolean;
  /** podman has no network of that name (a play would fail). */
  missing?: boolean;
  /** Where the choice comes from (a committed unit, the editor, a setting). */
  source?: string;
}

/** Extension -> webview. */
export type ToWebview =
  | {
      type: 'render';
      uri: string;
      version: number;
      mermaid: string;
      detail: 'full' | 'focus';
      /** Focused by default for its size: a full drawing offers to go back. */
      large: boolean;
      /** The pod a focused diagram is centred on. */
      focus?: string;
      /** Pods and containers in the whole manifest. */
      counts: { pods: number; containers: number };
      /** Where each pod and container is defined; `file`: in another file of the project. */
      targets: Record<string, Target>;
      network: NetworkInfo;
      ignored: string[];
      problems: ProblemLine[];
      locked: boolean;
      /** Mermaid id -> podman's name for that pod or container. */
      names: Record<string, string>;
      live: LiveInfo;
    }
  /** The YAML is broken: keep the last diagram, show why. */
  | { type: 'broken'; uri: string; version: number; problems: ProblemLine[] }
  /** `live`: the diagram as shown; else the design, without live state. */
  | { type: 'requestSvg'; uri: string; requestId: number; live: boolean };

/** The preview's Live mode: boxes coloured by what runs in podman. */
export interface LiveInfo {
  /** Live mode is on (the boxes show states). */
  on: boolean;
  /** Whether it can be: podman answers, in a trusted workspace. Else why not. */
  available: boolean;
  why?: string;
  /** The states drawn, each with its legend words and colours. */
  legend: { state: string; words: string; style: string }[];
  /** The design without live state, for Export SVG (set when live is on). */
  design?: string;
}

/** Webview -> extension. */
export type FromWebview =
  | { type: 'ready'; uri: string }
  | { type: 'rendered'; uri: string; version: number; ms: number }
  | { type: 'renderError'; uri: string; version: number; message: string }
  | { type: 'reveal'; uri: string; range: Target }
  | { type: 'pickNetwork'; uri: string }
  | { type: 'setDetail'; uri: string; detail: 'auto' | 'full' }
  | { type: 'svg'; uri: string; requestId: number; svg: string | undefined }
  | { type: 'setLive'; uri: string; on: boolean }
  | { type: 'showLogs'; uri: string; name: string };

/** Saved by the webview, read back by the serializer after a reload. */
export interface PreviewState {
  uri: string;
  locked: boolean;
}
