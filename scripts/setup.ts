// `npm run setup`: installs (or finds) what the test layers and `npm start` need, as `npm test` does before its layers:
// Debian's Chromium and code-server's build packages with apt-get (as root; otherwise it stops with the sudo command
// to run), then code-server and Node 24 from the npm registry into .vscode-test/. See scripts/setup/.
//
//   npm run setup                               everything `npm test` and `npm start` need
//   npm run setup -- webview e2e                what those layers need (unit, webview, integration, e2e, start)
//   npm run setup -- --dry-run                  say what it would install; install nothing
import { ensureSetup, SetupStopped } from './setup/ensure';
import type { User } from './setup/plan';

const usage = 'Usage: npm run setup -- [--dry-run] [unit|webview|integration|e2e|start …]';
const everyone: User[] = ['unit', 'webview', 'integration', 'e2e', 'npm start'];

function parseArguments(args: readonly string[]): { users: User[]; dryRun: boolean } {
  const users: User[] = [];
  let dryRun = false;
  for (const arg of args) {
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (arg === 'start') users.push('npm start');
    else if ((everyone as string[]).includes(arg)) users.push(arg as User);
    else throw new Error(`Unknown argument "${arg}". ${usage}`);
  }
  return { users: users.length > 0 ? users : everyone, dryRun };
}

async function main(): Promise<void> {
  const { users, dryRun } = parseArguments(process.argv.slice(2));
  await ensureSetup(users, { command: 'npm run setup', dryRun });
}

main().catch((error: Error) => {
  console.error(error instanceof SetupStopped ? `\n${error.message}` : `Setup failed: ${error.message}`);
  process.exitCode = 1;
});
