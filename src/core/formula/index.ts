export { readFormula, compileFormula, type Formula, type ReadResult } from './formula';
export { FormulaError } from './errors';
export { MAX_VARIABLES } from './lower';
