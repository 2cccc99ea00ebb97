// Installs code-server (a real VS Code in the browser) and the Node 24 it runs on into `.vscode-test/`,
// for the end-to-end layer and `npm start`. Cached: a second run finds the install and returns at once.
//
//   node --import tsx scripts/installCodeServer.ts
import { ensureCodeServer } from './codeServer/install';

ensureCodeServer().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
