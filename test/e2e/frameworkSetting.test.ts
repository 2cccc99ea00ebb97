// The gradientDescentLab.framework setting in a real VS Code (issue 14): a formula's simulation follows Keras 3's
// rules when the setting says so, and the panel says whose rules apply; a training script's line keeps its own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SimulationPanelView } from './support/panel';
import { Workbench } from './support/workbench';

describe('the framework setting', () => {
  let workbench: Workbench | undefined;
  const wb = (): Workbench => {
    assert.ok(workbench, 'the workbench did not start');
    return workbench;
  };

  before(async () => {
    workbench = await Workbench.launch({
      name: 'framework-setting',
      userSettings: { 'gradientDescentLab.framework': 'keras', 'gradientDescentLab.optimizer': 'rmsprop', 'gradientDescentLab.learningRate': 0.1 },
    });
  });

  after(async () => {
    await workbench?.close();
  });

  it('runs a selected formula with Keras 3’s RMSprop and says so under the formula', async () => {
    await wb().openFile('quadratic.py');
    await wb().selectLine(3); // loss = x**2, below x = 10
    await wb().runCommand('Gradient Descent: Simulate Gradient Descent');
    const panel = new SimulationPanelView(wb(), 'x^2');
    await panel.waitForVerdict(/./, 60_000);
    assert.equal(await panel.optimizerField(), 'RMSProp');
    const rules = await (await panel.frame()).locator('.formula-header .formula-training').innerText();
    assert.equal(rules.replace(/\s+/g, ' ').trim(), 'Optimizer rules: Keras 3 semantics');
    await wb().screenshot('framework-setting-keras');
  });
});
