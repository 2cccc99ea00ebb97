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
export { judgingTolerance, NonFiniteStartError, Simulation, simulate, simulateInSlices, type SimulationOptions, type StateReader } from './simulate';
export { endOf, startOf, type RunRecord, type StateOf } from './record/runRecord';
export { RECENT_STEPS, RecentStates } from './record/recentStates';
export { SERIES_BUCKETS } from './record/extremesSeries';
export { OVERSHOOT_STEPS_LISTED } from './record/counters';
export { indexOfStep, paramsAt, type SampledStates } from './record/sampledStates';
export { recordOfTrace, simulateTrace, TraceCollector } from './record/fullTrace';
export { DEFAULT_SLICE_MILLISECONDS, finishInSlices, type SliceOptions } from './slicing';
export { classifyStationaryPoint, criticalLearningRateFor, hessianEigenvalues, stabilityAt } from './stability';
export { diagnose, startDiagnosis, type DiagnoseOptions, type DiagnosisChecks, type DiagnosisUnderWay } from './diagnose';
export * from './diagnosis';
export { CHECK_UPDATES, checkBudgetFor, checkUpdatesFor, finish, type CheckBudget, type CheckWork } from './checks';
export type { Divergence } from './measure';
export { momentumOf, ownPeak, peakSteers, steeringLearningRate, withSteeringLearningRate } from './steering';
export { followsStepLimit, withStepLimit } from './scheduleAhead';
export { logSpace, sweepLearningRates, sweepLearningRatesInSlices } from './sweep';
export { downsampleSteps } from './downsample';
export { FULL_TRACE_STEPS, MAX_CLI_STEPS, MAX_STEPS, MAX_WRITTEN_VALUES, maxStepsWritten } from './stepLimits';
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
