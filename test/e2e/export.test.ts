// Export (issue 6) through VS Code's own save dialog, and a 100,000-step run drawn without freezing anything.
// The workspace is a scratch copy, so the exported files land outside the repository.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SimulationPanelView } from './support/panel';
import { Workbench } from './support/workbench';

const formula = '0.5*w1^2 + 12.5*w2^2';

describe('export a run and chart a long one', () => {
  let workbench: Workbench | undefined;
  const workspace = mkdtempSync(join(tmpdir(), 'gd-lab-export-'));
  const wb = (): Workbench => {
    assert.ok(workbench, 'the workbench did not start');
    return workbench;
  };
  const panel = () => new SimulationPanelView(wb(), formula);

  /** Clicks a panel button that opens the save dialog, accepts the path it proposes, and waits for the file. */
  async function saveVia(button: string, fileName: string): Promise<Buffer> {
    const target = join(workspace, fileName);
    await panel().clickButton(button);
    // VS Code's save dialog here is its own (simple file dialog): a path in an input box, proposed beside the formula's file.
    const input = await wb().waitVisible(wb().page.locator('.quick-input-widget input'), 'the save dialog');
    await wb().waitUntil('the save dialog to propose a path beside the formula', async () => ((await input.inputValue()).endsWith(fileName) ? true : undefined));
    await wb().answerInput(await input.inputValue());
    await wb().waitUntil(`${fileName} to be written`, async () => (existsSync(target) ? true : undefined));
    await wb().waitForNotification(/Saved the (run|chart) to/);
    return readFileSync(target);
  }

  before(async () => {
    cpSync(join(__dirname, 'workspace'), workspace, { recursive: true });
    workbench = await Workbench.launch({ name: 'export', workspace, userSettings: { 'gradientDescentLab.learningRate': 0.07 } });
    await wb().openFile('ill_conditioned.py');
    await wb().selectLine(3);
    await wb().chooseFromEditorContextMenu('Simulate Gradient Descent');
    await panel().waitForVerdict(/^Converged at step (\d+)/, 60_000);
  });

  after(async () => {
    await workbench?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('saves the run as CSV: step, η, loss and each parameter, one row per step', async () => {
    const steps = Number(/^Converged at step (\d+)/.exec(await panel().headline())?.[1]);
    const rows = (await saveVia('Export data as CSV', 'loss-gradient-descent.csv')).toString('utf8').trim().split('\n');
    assert.equal(rows[0], 'step,learning_rate,loss,w1,w2');
    assert.equal(rows[1], '0,,17,3,1');
    assert.equal(rows.length, steps + 2, 'a header, the start, and one row per update');
    assert.match(rows[2], /^1,0\.07,/);
  });

  it('saves the run as JSON, shaped like the CLI’s report', async () => {
    const report = JSON.parse((await saveVia('Export data as JSON', 'loss-gradient-descent.json')).toString('utf8')) as {
      variables: string[];
      diagnosis: { verdict: string };
      stability: { criticalLr: number };
      formula: { display: string };
    };
    assert.deepEqual(report.variables, ['w1', 'w2']);
    assert.equal(report.diagnosis.verdict, 'converged');
    assert.equal(report.stability.criticalLr, 0.08);
    assert.equal(report.formula.display, formula);
  });

  it('saves the loss chart as a PNG', async () => {
    const png = await saveVia('Save the loss chart as PNG', 'loss-gradient-descent.png');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
    assert.ok(png.length > 5_000, `a drawn chart, not an empty image (${png.length} bytes)`);
  });

  it('charts a 100,000-step run, downsampled, and stays responsive', async () => {
    const view = panel();
    const frame = await view.frame();
    const steps = frame.locator('vscode-text-field[aria-label="Step limit"] input');
    await steps.fill('100000');
    await steps.press('Enter');
    // η ÷ 1000 crawls along w1 (it would need about 180,000 steps): the run takes all 100,000.
    for (const next of ['0.007', '0.0007', '0.00007']) {
      await view.clickButton('Divide η by 10');
      await view.waitForLearningRateField(next);
    }
    const verdict = await view.waitForVerdict(/step limit \(100,000\)|after 100,000 steps/, 120_000);
    assert.match(verdict, /100,000/);
    assert.match((await view.facts())['Steps taken'], /^100,000 of 100,000/);
    await view.waitForInk('loss', 'the loss curve', ({ painted }) => painted > 0.01);
    // The workbench still answers: the palette opens and lists the extension's commands.
    assert.ok((await wb().searchCommands('Gradient Descent: Sweep')).includes('Gradient Descent: Sweep Learning Rates'));
    await wb().pressEscape();
    await wb().screenshot('export-long-run');
  });
});
