/** The server in a Node.js process: files from the disk (confined to each workspace folder), git, the walk. */
import { URI } from 'vscode-uri';
import { listRevisions, nodeHost, withReadCache } from '../service';
import { nodeConfigHost } from '../settings';
import { AccessDiffs } from './access-diff';
import type { ServerPlatform } from './platform';
import { walkFolders, WorkspaceLinter } from './workspace-lint';

export const nodePlatform: ServerPlatform = {
  pathOf: (uri) => {
    const u = URI.parse(uri);
    return u.scheme === 'file' ? u.fsPath : undefined;
  },
  uriOf: (path) => URI.file(path).toString(),
  host: (folder) => withReadCache(nodeHost(folder)),
  configHost: nodeConfigHost,
  accessDiffs: () => new AccessDiffs(),
  listRevisions,
  walkFolders,
  workspaceLinter: (store, engineFor) => new WorkspaceLinter(store, engineFor),
};
