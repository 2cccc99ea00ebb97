/**
 * The optimizer core: PyTorch-exact optimizers and schedules, runs recorded as traces, and what a run says about
 * the learning rate (diagnosis, advice, stability, sweep). Pure TypeScript for the extension host, the CLI and
 * tests alike.
 */
export * from './types';
export {
  createOptimizer,
  defaultOptimizerSettings,
  optimizerSettingsProblem,
  withOptimizerOverrides,
  type Optimizer,
  type OptimizerOptionName,
  type OptimizerOverrides,
  type OptimizerSettingsOf,
} from './optimizers';
export {
  createSchedule,
  defaultScheduleSettings,
  learningRateSequence,
  scheduleSettingsProblem,
  type LearningRateSchedule,
  type ScheduleSettingsOf,
} from './schedules';
export { defaultRunSettings, runSettingsProblem } from './settings';
export { NonFiniteStartError, Simulation, simulate, simulateInSlices } from './simulate';
export { DEFAULT_SLICE_MILLISECONDS, type SliceOptions } from './slicing';
export { classifyStationaryPoint, criticalLearningRateFor, hessianEigenvalues, stabilityAt } from './stability';
export { diagnose, type DiagnoseOptions, type Divergence, type RunDiagnosis } from './diagnose';
export { advise, type Advice } from './advice';
export { formatCount, formatNumber } from './format';
export { logSpace, sweepLearningRates, sweepLearningRatesInSlices } from './sweep';
export { downsampleSteps } from './downsample';
