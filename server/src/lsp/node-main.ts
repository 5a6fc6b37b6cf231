/** The language server in a Node.js process (server/out/server.js, `keyscope lsp`): the editor picks the transport. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './main';
import { nodePlatform } from './node-platform';

/** How the client talks to the server: one of these must be on the command line. */
const TRANSPORT = /^--(stdio|node-ipc|socket=\d+|pipe=.+)$/;
export const SERVER_USAGE = `Usage: keyscope-language-server --stdio

The Keyscope language server (LSP) for AWS KMS key policies in JSON and Terraform. Editors start it with a
transport: --stdio (messages on standard input and output), --node-ipc (a Node.js parent process),
--socket=PORT or --pipe=NAME. See the README's "Other editors" section for Neovim, Helix, Emacs, Zed and
JetBrains set-ups.
`;

if (process.argv.slice(2).some((a) => TRANSPORT.test(a))) startServer(createConnection(ProposedFeatures.all), nodePlatform);
else {
  process.stderr.write(SERVER_USAGE);
  process.exitCode = 2;
}
