// Starts a real VS Code in the browser (code-server) with this extension installed, for the end-to-end layer and
// `npm start`: bound to 127.0.0.1 on a free port, with fresh user-data and extensions folders, logging to
// test-results/. `stop()` ends the process group it started (by pid, never by name) and removes its folders.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { findCodeServer, installCommand, node24Environment } from './install';

const repositoryRoot = join(import.meta.dirname, '..', '..');
/** Where code-server's logs go, next to the screenshots. */
export const resultsDir = join(repositoryRoot, 'test-results');

/** User settings every instance starts with: nothing pops up, nothing phones home. `userSettings` adds to them. */
export const defaultUserSettings: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.ignoreRecommendations': true,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'files.autoSave': 'off',
};

export interface StartCodeServerOptions {
  /** The folder the workbench opens (`?folder=`). */
  workspace: string;
  /**
   * A folder laid out like the packaged extension (`package.json`, `dist/`, `media/`, …), usually the repository:
   * its packaged files are copied into the extensions folder. Give this or `vsixPath` (or neither, to load the
   * extension another way, as the integration layer does with `extensionDevelopmentPath`).
   */
  extensionDevelopmentFolder?: string;
  /** A packaged `.vsix`, installed with `code-server --install-extension`. */
  vsixPath?: string;
  /** More extension folders, installed the same way beside it (`npm start`'s first-steps helper). */
  moreExtensionFolders?: string[];
  /** Merged over `defaultUserSettings`. */
  userSettings?: Record<string, unknown>;
  /** The log's path under test-results/, without `.log` (default `code-server`). */
  logName?: string;
  /** A fixed port; by default a free one. */
  port?: number;
  /** More environment for code-server and so for its extension host. */
  env?: Record<string, string>;
  /**
   * Options passed straight to the VS Code server inside code-server (`--vscode-option`), e.g.
   * `enable-smoke-test-driver`, which makes the web workbench honour the URL's extension-test `payload`.
   */
  vscodeOptions?: string[];
  /** How long to wait for the HTTP server to answer (default 90 s: a 2-core machine is slow on a cold start). */
  readyTimeoutMs?: number;
}

export interface RunningCodeServer {
  /** The server's root, `http://127.0.0.1:<port>/`. */
  url: string;
  /** The workbench with the workspace open: `<url>?folder=<workspace>`. */
  workspaceUrl: string;
  port: number;
  /** The pid of the code-server process, leader of its own process group. */
  pid: number;
  /** code-server's output. */
  logFile: string;
  /** Where `stop()` copies VS Code's logs (window, extension host, …): the log's path without `.log`, plus `-logs`. */
  logsDir: string;
  /** Where the extension was installed: its folder (from `extensionDevelopmentFolder`) or the extensions folder. */
  extensionDir: string | undefined;
  /** Ends code-server and everything it started, then removes its temporary folders. Safe to call twice. */
  stop(): Promise<void>;
}

/** A port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('No port was assigned.'))));
    });
  });
}

interface ExtensionManifest {
  publisher: string;
  name: string;
  version: string;
  main?: string;
}

function readManifest(folder: string): ExtensionManifest {
  const manifestPath = join(folder, 'package.json');
  if (!existsSync(manifestPath)) throw new Error(`No package.json in the extension folder ${folder}.`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Partial<ExtensionManifest>;
  for (const field of ['publisher', 'name', 'version'] as const) {
    if (typeof manifest[field] !== 'string') throw new Error(`${manifestPath} has no "${field}".`);
  }
  return manifest as ExtensionManifest;
}

/** What the packaged extension contains (see .vscodeignore); the optional ones are copied when present. */
const packagedEntries = ['package.json', 'dist', 'media', 'README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md', 'package.nls.json'];

/**
 * Installs the extension in `folder` the way VS Code lays out an installed one:
 * `<extensionsDir>/<publisher>.<name>-<version>/` with its packaged files. Returns that folder.
 */
export function installExtensionFolder(folder: string, extensionsDir: string): string {
  const manifest = readManifest(folder);
  if (manifest.main && !existsSync(resolve(folder, manifest.main))) {
    throw new Error(`The extension is not built: ${resolve(folder, manifest.main)} is missing. Run \`node esbuild.mjs\` first.`);
  }
  const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  mkdirSync(target, { recursive: true });
  for (const entry of packagedEntries) {
    const source = join(folder, entry);
    if (existsSync(source)) cpSync(source, join(target, entry), { recursive: true });
  }
  return target;
}

/** The environment code-server runs in: Node 24 first on PATH, no VS Code variables of an editor we may run inside. */
function serverEnvironment(scratch: string, extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env = node24Environment();
  for (const name of Object.keys(env)) {
    // VSCODE_IPC_HOOK_CLI would make code-server hand its arguments to the editor that owns the terminal.
    if (name.startsWith('VSCODE_') || name.startsWith('CODE_SERVER_') || name === 'ELECTRON_RUN_AS_NODE') delete env[name];
  }
  // code-server keeps its config, IPC socket and state under the XDG folders: give each instance its own.
  env.XDG_CONFIG_HOME = join(scratch, 'xdg-config');
  env.XDG_DATA_HOME = join(scratch, 'xdg-data');
  env.XDG_CACHE_HOME = join(scratch, 'xdg-cache');
  // No extension gallery: the machines reach no marketplace, and tests should not depend on one.
  env.EXTENSIONS_GALLERY = '{}';
  return { ...env, ...extra };
}

/** Resolves true once GET <url>healthz answers 200. */
function answers(url: string): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const request = get(`${url}healthz`, { timeout: 2_000 }, (response) => {
      response.resume();
      resolveAnswer(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolveAnswer(false));
  });
}

function logTail(logFile: string, lines = 30): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

/** True while any process of the group led by `pid` is alive. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/**
 * What to do if this process ends before `stop()` (a crash, `process.exit`, Ctrl+C): for each running server, end
 * its process group and remove its temporary folder. code-server runs in a process group of its own, so a Ctrl+C in
 * the terminal does not reach it: these handlers do.
 */
const abandoned = new Map<number, string>();

function abandonAll(): void {
  for (const [pid, scratch] of abandoned) {
    signalGroup(pid, 'SIGKILL');
    rmSync(scratch, { recursive: true, force: true });
  }
  abandoned.clear();
}

function onTerminatingSignal(signal: NodeJS.Signals): void {
  // When someone else handles the signal (node:test, `npm start`), they end the process, and 'exit' cleans up.
  if (process.listenerCount(signal) > 1) return;
  abandonAll();
  process.off(signal, onTerminatingSignal);
  process.kill(process.pid, signal);
}

let cleanupInstalled = false;
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.on('exit', abandonAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onTerminatingSignal);
}

/**
 * Starts code-server on 127.0.0.1 with the extension installed and waits until it answers.
 * Throws, after stopping what it started, if code-server is not installed, exits early, or does not answer in time.
 */
export async function startCodeServer(options: StartCodeServerOptions): Promise<RunningCodeServer> {
  const install = findCodeServer();
  if (!install) throw new Error(`code-server is not installed in .vscode-test/. Install it with: ${installCommand}`);
  if (!existsSync(options.workspace)) throw new Error(`The workspace folder ${options.workspace} does not exist.`);
  if (options.extensionDevelopmentFolder && options.vsixPath) {
    throw new Error('startCodeServer takes extensionDevelopmentFolder or vsixPath, not both.');
  }

  const scratch = mkdtempSync(join(tmpdir(), 'gd-lab-code-server-'));
  const userDataDir = join(scratch, 'user-data');
  const extensionsDir = join(scratch, 'extensions');
  const configFile = join(scratch, 'config.yaml');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    `${JSON.stringify({ ...defaultUserSettings, ...options.userSettings }, null, 2)}\n`,
  );
  const env = serverEnvironment(scratch, options.env);
  const commonArgs = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  let extensionDir: string | undefined;
  try {
    if (options.extensionDevelopmentFolder) {
      extensionDir = installExtensionFolder(options.extensionDevelopmentFolder, extensionsDir);
    } else if (options.vsixPath) {
      const vsixPath = resolve(options.vsixPath);
      const installed = spawnSync(install.codeServerBin, [...commonArgs, '--install-extension', vsixPath], { encoding: 'utf8', env, timeout: 120_000 });
      if (installed.status !== 0) throw new Error(`code-server --install-extension ${vsixPath} failed:\n${installed.stdout}${installed.stderr}`);
      extensionDir = extensionsDir;
    }
    for (const folder of options.moreExtensionFolders ?? []) installExtensionFolder(folder, extensionsDir);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }

  const port = options.port ?? (await freePort());
  const logFile = join(resultsDir, `${options.logName ?? 'code-server'}.log`);
  const logsDir = join(resultsDir, `${options.logName ?? 'code-server'}-logs`);
  mkdirSync(dirname(logFile), { recursive: true });
  const logFd = openSync(logFile, 'w');
  const workspace = resolve(options.workspace);
  const child = spawn(
    install.codeServerBin,
    [
      ...commonArgs,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(options.vscodeOptions ?? []).flatMap((option) => ['--vscode-option', option]),
      workspace,
    ],
    // Its own process group, so that stop() reaches the extension host and the other helpers too.
    { detached: true, stdio: ['ignore', logFd, logFd], env },
  );
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`Could not start ${install.codeServerBin}.`);
  }

  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolveExit) =>
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      resolveExit();
    }),
  );
  installCleanup();
  abandoned.set(pid, scratch);

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      signalGroup(pid, 'SIGTERM');
      const deadline = Date.now() + 10_000;
      while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
      if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
      await Promise.race([exited, sleep(2_000)]);
      abandoned.delete(pid);
      // Keep VS Code's own logs (the extension host's among them) next to code-server's, then clean up.
      const vscodeLogs = join(userDataDir, 'logs');
      if (existsSync(vscodeLogs)) {
        rmSync(logsDir, { recursive: true, force: true });
        cpSync(vscodeLogs, logsDir, { recursive: true });
      }
      rmSync(scratch, { recursive: true, force: true });
    })();
    return stopped;
  };

  const url = `http://127.0.0.1:${port}/`;
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`code-server exited (code ${exitCode}) before it answered on ${url}. Last lines of ${logFile}:\n${logTail(logFile)}`);
    }
    if (await answers(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url}healthz within ${readyTimeoutMs / 1000} s. Last lines of ${logFile}:\n${logTail(logFile)}`);
    }
    await sleep(250);
  }

  return {
    url,
    workspaceUrl: `${url}?folder=${encodeURIComponent(workspace).replaceAll('%2F', '/')}`,
    port,
    pid,
    logFile,
    logsDir,
    extensionDir,
    stop,
  };
}
