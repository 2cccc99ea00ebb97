// `npm start`: a real VS Code in the browser (code-server) with this extension installed, on 127.0.0.1.
//
//   node --import tsx scripts/start.ts [folder] [--port N]
//
// Installs code-server into .vscode-test/ the first time (a few minutes), copies the built extension (run
// `node esbuild.mjs` first; `npm start` does) into a fresh extensions folder, opens `folder` (default: samples/ when
// it has files, else the end-to-end sample workspace) and prints the URL. Ctrl+C stops code-server and removes its
// temporary folders. Its log: test-results/start-code-server.log.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureCodeServer } from './codeServer/install';
import { startCodeServer } from './codeServer/launch';

const root = join(import.meta.dirname, '..');

function parseArguments(args: string[]): { folder: string; port: number | undefined } {
  let folder: string | undefined;
  let port: number | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--port') {
      port = Number(args[++index]);
      if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`--port needs a port number, not "${args[index]}".`);
    } else if (arg.startsWith('--')) {
      throw new Error(`Unknown option ${arg}. Usage: npm start -- [folder] [--port N]`);
    } else {
      folder = resolve(arg);
    }
  }
  const samples = join(root, 'samples');
  const defaultFolder = existsSync(samples) && readdirSync(samples).length > 0 ? samples : join(root, 'test', 'e2e', 'workspace');
  return { folder: folder ?? defaultFolder, port };
}

async function main(): Promise<void> {
  const { folder, port } = parseArguments(process.argv.slice(2));
  await ensureCodeServer({ quiet: true });
  console.log(`Starting code-server with the extension from ${root} …`);
  const server = await startCodeServer({ workspace: folder, extensionDevelopmentFolder: root, port, logName: 'start-code-server' });
  console.log(`\nVS Code is running at ${server.workspaceUrl}`);
  console.log(`(log: ${server.logFile}; Ctrl+C stops it)\n`);

  let stopping = false;
  const shutDown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server …');
    await server.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', shutDown);
  process.on('SIGTERM', shutDown);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
