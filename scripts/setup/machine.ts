// Looks at this machine for what plan.ts decides on, and installs Debian packages. The probes only read the file
// system (and ask code-server its version when it matters), so a setup with everything in place takes well under
// a second.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findCodeServer } from '../codeServer/install';
import type { DebianPackage, MachineFacts } from './plan';
import { runStep } from './progress';

/** Where the browser layers launch Debian's Chromium (the `chromium` package puts it there). */
export const chromiumPath = '/usr/bin/chromium';

/** The first executable called `command` on PATH (with Windows' extensions there), or undefined. */
export function findOnPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  const extensions = process.platform === 'win32' ? (process.env.PATHEXT ?? '.CMD;.EXE').split(';') : [''];
  for (const folder of path.split(delimiter)) {
    if (!folder) continue;
    for (const extension of extensions) {
      const candidate = join(folder, command + extension.toLowerCase());
      try {
        accessSync(candidate, constants.X_OK);
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // Not here.
      }
    }
  }
  return undefined;
}

const onPath = (command: string) => findOnPath(command) !== undefined;
const dejaVuSans = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const gssapiHeader = '/usr/include/gssapi/gssapi.h';

/** How to tell that each package is in place: what the layers and code-server's build use from it. */
export const packageProbes: Record<DebianPackage, { looksFor: string; present: () => boolean }> = {
  chromium: { looksFor: chromiumPath, present: () => existsSync(chromiumPath) },
  'fonts-dejavu-core': { looksFor: dejaVuSans, present: () => existsSync(dejaVuSans) },
  make: { looksFor: 'make on PATH', present: () => onPath('make') },
  'g++': { looksFor: 'g++ on PATH', present: () => onPath('g++') },
  python3: { looksFor: 'python3 on PATH', present: () => onPath('python3') },
  'libkrb5-dev': { looksFor: `${gssapiHeader} and krb5-config on PATH`, present: () => existsSync(gssapiHeader) && onPath('krb5-config') },
};

/** Whether each package is in place. */
export function probePackages(): Record<DebianPackage, boolean> {
  const present = {} as Record<DebianPackage, boolean>;
  for (const name of Object.keys(packageProbes) as DebianPackage[]) present[name] = packageProbes[name].present();
  return present;
}

/**
 * The facts plan.ts decides on. Asking code-server its version takes about half a second, so it is asked only when
 * code-server is needed (`codeServer` is false, unasked, otherwise; the plan reads it only when code-server is needed).
 */
export function probeMachine({ codeServerNeeded }: { codeServerNeeded: boolean }): MachineFacts {
  return {
    platform: process.platform,
    arch: process.arch,
    isRoot: process.getuid?.() === 0,
    hasAptGet: findOnPath('apt-get') !== undefined,
    present: probePackages(),
    codeServer: codeServerNeeded && findCodeServer() !== undefined,
  };
}

/**
 * Installs Debian packages with apt-get, as root: the package lists first (a fresh machine has none), then the
 * packages without their recommendations. Waits up to 10 minutes for another apt-get to let go of its lock.
 */
export async function aptInstall(packages: readonly DebianPackage[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const waitForLock = ['-o', 'DPkg::Lock::Timeout=600'];
  await runStep('apt-get', ['update', '-qq', ...waitForLock], { env, output: 'on-failure' });
  await runStep('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...waitForLock, ...packages], { env, output: 'on-failure' });
}
