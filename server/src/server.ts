// Entry point of the language server: `node dist/server.js --stdio`, or IPC when the extension starts it
// (createConnection picks the transport from the command line). createConnection also routes console.*
// to the client's log, so nothing but protocol messages reaches stdout.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/session';

startServer(createConnection(ProposedFeatures.all));
