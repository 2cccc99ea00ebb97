/**
 * The optimizer core: PyTorch-exact optimizers and schedules, runs recorded as traces, and what a run says about
 * the learning rate (diagnosis as data, checked recommendations, stability, sweep). Pure TypeScript for the
 * extension host, the CLI and tests alike; the words for all of it are in src/words.
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
  cyclesMomentum,
  defaultScheduleSettings,
  isChoosableSchedule,
  learningRateSequence,
  scheduleSequence,
  scheduleSettingsProblem,
  type LearningRateSchedule,
  type ScheduleSettingsOf,
} from './schedules';
export { defaultRunSettings, frameworkOf, runSettingsProblem } from './settings';
export { NonFiniteStartError, Simulation, simulate, simulateInSlices } from './simulate';
export { DEFAULT_SLICE_MILLISECONDS, type SliceOptions } from './slicing';
export { classifyStationaryPoint, criticalLearningRateFor, hessianEigenvalues, stabilityAt } from './stability';
export { diagnose, type DiagnoseOptions } from './diagnose';
export * from './diagnosis';
export { CHECK_UPDATES, checkUpdatesFor, type CheckBudget } from './checks';
export type { Divergence } from './measure';
export { momentumOf, ownPeak, peakSteers, steeringLearningRate, withSteeringLearningRate } from './steering';
export { followsStepLimit, withStepLimit } from './scheduleAhead';
export { logSpace, sweepLearningRates, sweepLearningRatesInSlices } from './sweep';
export { downsampleSteps } from './downsample';
export { MAX_RECORDED_VALUES, MAX_STEPS, MAX_WRITTEN_VALUES, maxStepsKept, maxStepsWritten } from './stepLimits';
export {
  DEFAULT_MAP_SIZE,
  cellSettings,
  mapCategory,
  mapParameterOf,
  mapParameterValue,
  runMapCell,
  runStabilityMapInSlices,
  runStabilityRows,
  stabilityBound,
  stabilityMapAxes,
  withMapParameter,
  type MapCategory,
  type MapCell,
  type MapParameter,
  type StabilityMapAxes,
  type StabilityMapSize,
} from './stabilityMap';
