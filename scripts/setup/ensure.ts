// The one setup behind `npm test` (test/run.mjs, for the layers it runs), `npm start` (for VS Code in the browser),
// `npm run setup` and so CI (`.ci/run` is `npm ci && npm test`): probe the machine, plan, then install what is
// missing — Debian packages with apt-get as root, code-server from the npm registry — or stop at once saying exactly
// what to run.
import { codeServerVersion, installCodeServer } from '../codeServer/install';
import { aptInstall, packageProbes, probeMachine, probePackages } from './machine';
import { needsOf, planSetup, unmetNeeds, type Need, type User } from './plan';
import { duration } from './progress';
import { aptCommand, listPhrase, packageLines, stopMessage, usersPhrase } from './wording';

/** The setup cannot go on by itself; the message says what to run. Nothing was installed. */
export class SetupStopped extends Error {
  override name = 'SetupStopped';
}

export interface SetupOptions {
  /** How the person started this, for the messages: `npm test`, `npm start`, `npm run setup`. */
  command: string;
  /** Say what would be installed, and install nothing. */
  dryRun?: boolean;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface SetupOutcome {
  /** What it did, for the test summary: `Chromium in place`, `installed chromium, code-server`, `nothing needed`. */
  summary: string;
}

const needNames: Record<Need, string> = {
  chromium: 'Chromium',
  'code-server': `code-server ${codeServerVersion}`,
};

/**
 * Makes sure this machine has what `users` need, installing what is missing, with progress lines. Throws
 * SetupStopped (before touching anything) when it cannot install by itself, and an Error when an install fails.
 */
export async function ensureSetup(users: readonly User[], options: SetupOptions): Promise<SetupOutcome> {
  const env = options.env ?? process.env;
  const started = Date.now();
  const codeServerNeeded = users.some((user) => needsOf(user, env).includes('code-server'));
  const plan = planSetup(users, probeMachine({ codeServerNeeded }), env);
  const needed = listPhrase(plan.needs.map((need) => needNames[need]));

  switch (plan.action) {
    case 'none':
      if (plan.needs.length === 0) {
        console.log(`Setup: ${usersPhrase(users)} need${users.length === 1 ? 's' : ''} nothing beyond npm ci.`);
        return { summary: 'nothing needed' };
      }
      console.log(`Setup: ${needed} in place (checked in ${duration(Date.now() - started)}).`);
      return { summary: `${needed} in place` };
    case 'stop':
      throw new SetupStopped(stopMessage(options.command, users, plan.blockers));
    case 'install':
      break;
  }

  const { packages, codeServer } = plan;
  const installed: string[] = [];
  if (packages.length > 0) {
    const names = packages.map(({ name }) => name);
    console.log(`Setup: installing Debian packages with apt-get${options.dryRun ? ' (dry run: not really)' : ''}:`);
    for (const line of packageLines(packages)) console.log(line);
    if (options.dryRun) {
      console.log(`  would run: DEBIAN_FRONTEND=noninteractive ${aptCommand(names, { sudo: false })}`);
    } else {
      await aptInstall(names);
      const present = probePackages();
      const stillMissing = names.filter((name) => !present[name]);
      if (stillMissing.length > 0) {
        const looksFor = stillMissing.map((name) => `${name} (${packageProbes[name].looksFor})`);
        throw new Error(`apt-get install ended without an error, but ${listPhrase(looksFor)} ${stillMissing.length > 1 ? 'are' : 'is'} still not there.`);
      }
      installed.push(...names);
    }
  }
  if (codeServer) {
    console.log(
      `Setup: installing code-server ${codeServerVersion} (VS Code in the browser, for ${usersPhrase(codeServer.neededBy)}) and the Node 24 ` +
        `it runs on, from the npm registry into .vscode-test/: about 800 MB and 3–5 minutes the first time, cached after` +
        `${options.dryRun ? ' (dry run: not really)' : ''}.`,
    );
    if (!options.dryRun) {
      await installCodeServer();
      installed.push('code-server');
    }
  }
  if (options.dryRun) return { summary: 'dry run' };
  console.log(`Setup done in ${duration(Date.now() - started)}: ${needed} in place.`);
  return { summary: `installed ${installed.join(', ')}` };
}

/**
 * Why `user` cannot run on this machine as it is (after a failed setup, say): one phrase per unmet need, empty when
 * it can run.
 */
export function whyNotReady(user: User, env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const needs = needsOf(user, env);
  if (needs.length === 0) return [];
  const facts = probeMachine({ codeServerNeeded: needs.includes('code-server') });
  return unmetNeeds(user, facts, env).map((need) => `${needNames[need]} is not installed`);
}
