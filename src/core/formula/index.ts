export {
  readFormula,
  readFormulaInDocument,
  compileFormula,
  isDataFormula,
  type DataFormula,
  type DocumentReadResult,
  type DocumentSelection,
  type Formula,
  type FormulaData,
  type ReadResult,
} from './formula';
export { FormulaError } from './errors';
export { MAX_VARIABLES } from './lower';
