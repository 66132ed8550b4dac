// Entry point of the language server: `node dist/server.js --stdio`, or IPC when the extension starts it
// (createConnection picks the transport from the command line). createConnection also routes console.*
// to the client's log, so nothing but protocol messages reaches stdout.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/session';

const connection = createConnection(ProposedFeatures.all);
// A failure nobody awaited must not take the server down with the user's session: log it and keep serving.
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}`));
process.on('uncaughtException', (err) => connection.console.error(`Uncaught exception: ${err.stack ?? err.message}`));
startServer(connection);
