// "OKR: Lint Workspace": a task that runs the bundled `okr lint` over the workspace folder; its
// stylish output is read back by the `$okr` problem matcher (contributed in package.json).
import * as vscode from 'vscode';

export const TASK_TYPE = 'okr';

interface OkrTaskDefinition extends vscode.TaskDefinition {
  task: 'lint';
  /** Files or folders relative to the workspace folder; default: the whole folder. */
  paths?: string[];
}

export function lintTask(extensionUri: vscode.Uri, folder: vscode.WorkspaceFolder, definition: OkrTaskDefinition = { type: TASK_TYPE, task: 'lint' }): vscode.Task {
  const cli = vscode.Uri.joinPath(extensionUri, 'dist', 'okr.js').fsPath;
  // The extension host's own executable runs the CLI as Node (Electron needs ELECTRON_RUN_AS_NODE),
  // so users need no separate Node.js install.
  const execution = new vscode.ProcessExecution(process.execPath, [cli, 'lint', ...(definition.paths?.length ? definition.paths : ['.'])], {
    cwd: folder.uri.fsPath,
    env: { ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
  });
  const task = new vscode.Task(definition, folder, 'lint', 'okr', execution, ['$okr']);
  task.group = vscode.TaskGroup.Test;
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, clear: true };
  return task;
}

export function registerLintTask(context: vscode.ExtensionContext): vscode.Disposable[] {
  return [
    vscode.tasks.registerTaskProvider(TASK_TYPE, {
      provideTasks: () => (vscode.workspace.workspaceFolders ?? []).map((folder) => lintTask(context.extensionUri, folder)),
      resolveTask: (task) => {
        const definition = task.definition as OkrTaskDefinition;
        const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
        return definition.task === 'lint' && folder ? lintTask(context.extensionUri, folder, definition) : undefined;
      },
    }),
    vscode.commands.registerCommand('okr.lintWorkspace', async () => {
      const folders = vscode.workspace.workspaceFolders ?? [];
      const folder = folders.length > 1 ? await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Lint the OKR files of which folder?' }) : folders[0];
      if (!folder) {
        void vscode.window.showInformationMessage('Open a folder to lint its OKR files.');
        return undefined;
      }
      return vscode.tasks.executeTask(lintTask(context.extensionUri, folder));
    }),
  ];
}
