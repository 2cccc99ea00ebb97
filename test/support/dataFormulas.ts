/** A loss over data read from its document, for the session and panel tests. */
import { readFormulaInDocument, type Formula } from '../../src/core/formula';

/** Linear regression over 40 rows written out in Python: w and b the parameters. */
export const REGRESSION_DOCUMENT = `import numpy as np

x = np.array([${Array.from({ length: 40 }, (_, i) => ((i % 10) / 2 - 2).toFixed(1)).join(', ')}])
y = np.array([${Array.from({ length: 40 }, (_, i) => (1.5 * ((i % 10) / 2 - 2) + 0.5 + 0.6 * Math.sin(i * 2.3)).toFixed(3)).join(', ')}])
w = 0.0
b = 0.0
loss = np.mean((w * x + b - y) ** 2)
`;

export function minibatchFormula(): Formula {
  const start = REGRESSION_DOCUMENT.indexOf('loss =');
  const read = readFormulaInDocument({ text: REGRESSION_DOCUMENT, start, end: REGRESSION_DOCUMENT.indexOf('\n', start) });
  if (!read.ok) throw new Error('the regression document must read');
  return read.formula;
}
