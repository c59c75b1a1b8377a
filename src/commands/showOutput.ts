import type * as vscode from 'vscode';
import type { Command } from '../command';
import { COMMANDS } from '../shared/commands';

/** Opens the Podman output channel: every podman command line the extension ran, and what it said. */
export function showOutput(log: vscode.LogOutputChannel): Command {
  return { id: COMMANDS.showOutput, execute: () => log.show() };
}
