// Losses over data the way a person meets them (issue 13), in a real VS Code on the samples folder: a Python file
// whose loss reads a CSV beside it, trained in full batches and then in minibatches at a noise floor; and the
// course's Octave cost function reading its data file. One code-server for the file; the tests run in order.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repositoryRoot } from './support/prerequisites';
import { SimulationPanelView } from './support/panel';
import { Workbench } from './support/workbench';

const samples = join(repositoryRoot, 'samples');
const palette = {
  simulate: 'Gradient Descent: Simulate Gradient Descent',
  setLearningRate: 'Gradient Descent: Set Learning Rate…',
  setBatchSize: 'Gradient Descent: Set Batch Size…',
  chooseSchedule: 'Gradient Descent: Choose Schedule…',
};

/** The 1-based line of `samples/<file>` that starts with `prefix`. */
function lineOf(file: string, prefix: string): number {
  return readFileSync(join(samples, file), 'utf8').split('\n').findIndex((line) => line.startsWith(prefix)) + 1;
}

describe('losses over data in the editor', () => {
  let workbench: Workbench | undefined;
  const wb = (): Workbench => {
    assert.ok(workbench, 'the workbench did not start');
    return workbench;
  };

  before(async () => {
    workbench = await Workbench.launch({ name: 'data-losses', workspace: samples, userSettings: { 'gradientDescentLab.learningRate': 0.1 } });
  });

  after(async () => {
    await workbench?.close();
  });

  describe('Python with a CSV beside it', () => {
    const formula = 'sum((X[i,0]*w[0] + X[i,1]*w[1] + b - y[i])^2)/m';
    const panel = () => new SimulationPanelView(wb(), formula);

    it('reads the data from house_prices.csv and runs the full batch', async () => {
      await wb().openFile('linear_regression.py');
      const line = lineOf('linear_regression.py', 'loss =');
      await wb().goTo(line, 1);
      await wb().runCommand(palette.simulate);
      const verdict = await panel().waitForVerdict(/^(Still descending|Converged)/, 90_000);
      assert.match(verdict, /η = 0\.1/);
      assert.match(await panel().formulaMeta(), new RegExp(`From linear_regression\\.py:${line}.*Start: w\\[0\\] = 0, w\\[1\\] = 0, b = 0`));
      const facts = await panel().facts();
      assert.equal(facts.Data, '47 rows, the full batch each step');
      assert.match(facts['Steps taken'], / epochs?$/);
      await wb().screenshot('data-1-python-csv-full-batch');
    });

    it('bounces at a noise floor in batches of 4 at η = 0.3, with the remedies run beside it', async () => {
      await wb().runCommand(palette.setLearningRate, { opens: 'Learning rate η' });
      await wb().answerInput('0.3');
      await panel().waitForLearningRateField('0.3');
      await wb().runCommand(palette.setBatchSize, { opens: 'Batch size' });
      await wb().answerInput('4');
      const verdict = await panel().waitForVerdict(/^Oscillating at a noise floor/, 90_000);
      assert.match(verdict, /cosine annealing of η to 0 over the run: [\d.]+, within the tolerance/);
      const facts = await panel().facts();
      assert.match(facts.Data, /^47 rows in batches of 4, shuffled each epoch \(seed 0\): 12 steps an epoch$/);
      const legend = await panel().legend('loss');
      for (const label of ['Batch loss', 'remedy: cosine annealing to 0']) assert.ok(legend.some((entry) => entry.startsWith(label)), `legend: ${legend.join(' | ')}`);
      await wb().screenshot('data-2-python-csv-noise-floor');
    });

    it('settles within the tolerance of the best value with cosine annealing, on the same batches', async () => {
      await wb().runCommand(palette.chooseSchedule, { opens: 'Learning-rate schedule' });
      await wb().chooseQuickPickItem('Cosine annealing');
      const verdict = await panel().waitForVerdict(/^Converged at step \d+ \(epoch [\d.]+\)/, 90_000);
      assert.match(verdict, /settled at .*within .* of its best value/);
      await wb().screenshot('data-3-python-csv-cosine');
    });
  });

  describe('the course’s Octave cost function with its data file', () => {
    it('reads load(\'ex1data1.txt\'), [ones(m, 1), X] and theta = zeros(2, 1)', async () => {
      await wb().openFile('computeCost.m');
      const line = lineOf('computeCost.m', 'J =');
      await wb().selectLine(line);
      await wb().chooseFromEditorContextMenu('Simulate Gradient Descent');
      const panel = new SimulationPanelView(wb(), '1/(2*m)*sum((theta(1) + X(i,2)*theta(2) - y(i))^2)');
      // η = 0.1 is past this data's critical η; the course's α = 0.01 is below it.
      assert.match(await panel.waitForVerdict(/^Diverged/, 90_000), /η = 0\.1 is too large/);
      assert.match(await panel.formulaMeta(), new RegExp(`From computeCost\\.m:${line}.*Start: theta\\(1\\) = 0, theta\\(2\\) = 0`));
      assert.equal((await panel.facts()).Data, '97 rows, the full batch each step');
      await wb().runCommand(palette.setLearningRate, { opens: 'Learning rate η' });
      await wb().answerInput('0.01');
      await panel.waitForVerdict(/Still descending|^Converged/);
      await wb().screenshot('data-4-octave-course');
    });
  });
});
