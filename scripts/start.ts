// `npm start` (after `npm ci`; it builds first): try the extension on samples/ in a real VS Code.
//
//   npm start -- [folder] [--browser] [--port N]
//
// Which VS Code, the first that applies:
//   1. GD_LAB_VSCODE_PATH: that VS Code executable (the variable the integration tests read), or
//   2. `code` on PATH: the local VS Code, opened on `folder` with this repository loaded as an extension in
//      development mode (`--extensionDevelopmentPath`). Editing a source and running `npm run build`, then
//      "Developer: Reload Window", picks up the change.
//   3. Otherwise, or with --browser: VS Code in the browser. The setup `npm test` uses (scripts/setup/) installs
//      code-server (VS Code 1.139.1) into .vscode-test/ the first time (Node 24 and code-server from the npm registry,
//      a few minutes, said as it goes; the build packages it needs with apt-get as root, else it stops with the sudo
//      command), then code-server starts on 127.0.0.1 on a free port (or --port) with the built extension installed.
//      It prints the URL to open; Ctrl+C stops code-server and removes its temporary folders. Its log:
//      test-results/start-code-server.log.
// `folder` defaults to samples/. Either way VS Code also loads the first-steps helper (scripts/firstSteps/, built into
// out/first-steps/), which opens losses.py with its first formula selected and the walkthrough beside it.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { startCodeServer } from './codeServer/launch';
import { ensureSetup } from './setup/ensure';
import { findOnPath } from './setup/machine';

const root = join(import.meta.dirname, '..');
const usage = 'Usage: npm start -- [folder] [--browser] [--port N]';

interface StartOptions {
  folder: string;
  /** Skip a local VS Code and use code-server. */
  browser: boolean;
  port: number | undefined;
}

function parseArguments(args: string[]): StartOptions {
  const options: StartOptions = { folder: join(root, 'samples'), browser: false, port: undefined };
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index];
    if (arg === '--browser') {
      options.browser = true;
    } else if (arg === '--port') {
      const port = Number(args[++index]);
      if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new Error(`--port needs a port number, not "${args[index] ?? ''}". ${usage}`);
      options.port = port;
    } else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (arg.startsWith('-')) {
      throw new Error(`Unknown option ${arg}. ${usage}`);
    } else {
      options.folder = resolve(arg);
    }
  }
  if (!existsSync(options.folder) || !statSync(options.folder).isDirectory()) throw new Error(`${options.folder} is not a folder. ${usage}`);
  return options;
}

/** The local VS Code to open, and where it was found; undefined when there is none. */
function findLocalVSCode(): { executable: string; source: string } | undefined {
  const fromEnvironment = process.env.GD_LAB_VSCODE_PATH;
  if (fromEnvironment) {
    // Asked for by name: a wrong path is a mistake to fix, not a reason to fall back.
    if (!existsSync(fromEnvironment)) throw new Error(`GD_LAB_VSCODE_PATH is ${fromEnvironment}, which does not exist.`);
    return { executable: fromEnvironment, source: 'GD_LAB_VSCODE_PATH' };
  }
  const code = findOnPath('code');
  return code ? { executable: code, source: '`code` on PATH' } : undefined;
}

/**
 * Builds the first-steps helper extension into out/first-steps/ (its package.json and dist/extension.js) and returns
 * that folder, which VS Code loads beside the extension.
 */
async function buildFirstSteps(): Promise<string> {
  const source = join(root, 'scripts', 'firstSteps');
  const target = join(root, 'out', 'first-steps');
  mkdirSync(target, { recursive: true });
  copyFileSync(join(source, 'package.json'), join(target, 'package.json'));
  await esbuild.build({
    entryPoints: [join(source, 'extension.ts')],
    outfile: join(target, 'dist', 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return target;
}

/**
 * Opens the local VS Code on `folder` with the repository as an extension in development mode, and the first-steps
 * helper beside it (VS Code takes several extension development paths). The `code` command hands the window to VS
 * Code and returns at once; a VS Code executable (as GD_LAB_VSCODE_PATH usually names) runs until its window closes,
 * and a Ctrl+C in this terminal reaches it too. Resolves with its exit code, 0 after Ctrl+C.
 */
function openLocalVSCode(executable: string, folder: string, firstStepsFolder: string): Promise<number> {
  const args = ['--new-window', `--extensionDevelopmentPath=${root}`, `--extensionDevelopmentPath=${firstStepsFolder}`, folder];
  console.log(`$ ${executable} ${args.join(' ')}`);
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  return new Promise((resolveExit, reject) => {
    // `code` is a .cmd script on Windows, which only a shell runs.
    const child = spawn(executable, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
    child.on('error', (error) => reject(new Error(`Could not start ${executable}: ${error.message}`)));
    // Ctrl+C reaches VS Code directly (it shares this terminal): wait for it to close rather than leave first.
    let interrupted = false;
    const onInterrupt = () => {
      interrupted = true;
    };
    process.on('SIGINT', onInterrupt);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInterrupt);
      if (interrupted) console.log('Stopped.');
      resolveExit(interrupted ? 0 : (code ?? (signal ? 1 : 0)));
    });
  });
}

/** What to do first in the window, in words: the helper opens losses.py (when the folder has one) and the walkthrough. */
function firstStepsText(folder: string): string {
  const sample = join(folder, 'losses.py');
  return existsSync(sample)
    ? 'losses.py opens with `loss = x**2` selected, and the walkthrough beside it: right-click the selection and choose\n' +
        '"Simulate Gradient Descent" (or F1, "Gradient Descent", Simulate).'
    : 'The walkthrough opens. Open a file, select a loss formula, right-click and choose "Simulate Gradient Descent".';
}

async function startInBrowser(options: StartOptions, firstStepsFolder: string): Promise<void> {
  const started = Date.now();
  console.log(
    options.browser
      ? 'Starting VS Code in the browser (--browser).'
      : 'No local VS Code to open (GD_LAB_VSCODE_PATH is not set, no `code` on PATH): starting VS Code in the browser.',
  );
  await ensureSetup(['npm start'], { command: 'npm start' });
  console.log(`Starting code-server with the extension from ${root} on ${options.folder} …`);
  const server = await startCodeServer({
    workspace: options.folder,
    extensionDevelopmentFolder: root,
    moreExtensionFolders: [firstStepsFolder],
    port: options.port,
    logName: 'start-code-server',
  });

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
  process.on('SIGHUP', shutDown);

  console.log(
    [
      '',
      `VS Code is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s). Open this in a browser:`,
      '',
      `    ${server.workspaceUrl}`,
      '',
      firstStepsText(options.folder),
      `On another machine over SSH, forward the port first: ssh -L ${server.port}:127.0.0.1:${server.port} <host>`,
      `Log: ${server.logFile}. Ctrl+C stops it.`,
      '',
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const local = options.browser ? undefined : findLocalVSCode();
  const firstStepsFolder = await buildFirstSteps();
  if (!local) {
    await startInBrowser(options, firstStepsFolder);
    return;
  }
  console.log(
    [
      `Opening VS Code (${local.source}) on ${options.folder} with this repository's extension in development mode.`,
      `In the new window: ${firstStepsText(options.folder)}`,
      'After changing a source: `npm run build`, then "Developer: Reload Window" in that window.',
    ].join('\n'),
  );
  const exitCode = await openLocalVSCode(local.executable, options.folder, firstStepsFolder);
  if (exitCode !== 0) {
    throw new Error(`${local.executable} exited with code ${exitCode}. To use VS Code in the browser instead: npm start -- --browser`);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
