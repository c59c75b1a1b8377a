// The diagram's Live mode: each box's state from what runs in podman, with its words and colours.
import type { Pod } from './types';

/** Pods and containers that exist in podman, by the names podman gives them. */
export interface LiveInput {
  pods: Record<string, { status: string; containers: Record<string, { state: string; exitCode?: number }> }>;
}

/** A box's live state, as the diagram and its legend name it. */
export type LiveBox = 'running' | 'created' | 'exited' | 'failed' | 'paused' | 'stuck' | 'missing' | 'ran';

/** The legend: each state's colours (light fill, strong stroke; text stays black) and its words. */
export const LIVE_STYLES: Record<LiveBox, { style: string; words: string }> = {
  running: { style: 'fill:#e6f4ea,stroke:#1e7e34,stroke-width:3px,color:#000', words: 'running' },
  created: { style: 'fill:#fff8e1,stroke:#b26a00,stroke-width:2px,color:#000,stroke-dasharray: 6 3', words: 'created, not started' },
  exited: { style: 'fill:#eeeeee,stroke:#616161,stroke-width:2px,color:#000', words: 'exited (code 0)' },
  failed: { style: 'fill:#fdecea,stroke:#c62828,stroke-width:3px,color:#000', words: 'exited with an error' },
  paused: { style: 'fill:#e3f2fd,stroke:#1565c0,stroke-width:2px,color:#000,stroke-dasharray: 2 2', words: 'paused' },
  stuck: { style: 'fill:#fdecea,stroke:#c62828,stroke-width:3px,color:#000,stroke-dasharray: 4 4', words: 'stuck: waits for an init container that never ends' },
  missing: { style: 'fill:#ffffff,stroke:#9e9e9e,stroke-width:2px,color:#000,stroke-dasharray: 3 3', words: 'missing: not created' },
  ran: { style: 'fill:#f5f5f5,stroke:#9e9e9e,stroke-width:1px,color:#000', words: 'init container: ran, removed by podman' },
};

/**
 * A container's live state and the words on its box. Init containers that ran are gone from
 * podman; a container still Created while one of its pod's init containers runs is stuck behind it.
 */
export function liveBox(pod: Pod, c: Pod['containers'][number], running: LiveInput['pods'][string] | undefined): { box: LiveBox; text: string } {
  const now = running?.containers[c.podmanName];
  if (!running) return { box: 'missing', text: '◌ not created' };
  if (!now) return c.init ? { box: 'ran', text: '✓ ran' } : { box: 'missing', text: '◌ missing: not created' };
  const initRunning = pod.containers.find((x) => x.init && x !== c && running.containers[x.podmanName]?.state === 'running');
  if (!c.init && now.state === 'created' && initRunning) return { box: 'stuck', text: `✗ stuck: waits for init ${initRunning.name}` };
  switch (now.state) {
    case 'running':
      return { box: 'running', text: '● running' };
    case 'exited':
    case 'stopped':
      return now.exitCode ? { box: 'failed', text: `■ exited ${now.exitCode}` } : { box: 'exited', text: `■ exited${now.exitCode === 0 ? ' 0' : ''}` };
    case 'paused':
      return { box: 'paused', text: '‖ paused' };
    default:
      return { box: 'created', text: `○ ${now.state}` };
  }
}

/** A pod whose containers podman never starts: an init container before them never ends. */
export function stuck(pod: Pod): boolean {
  return pod.containers.some((c) => c.sidecar);
}
