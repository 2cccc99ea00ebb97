// Classic test functions for gradient descent, in TypeScript.
// Select a function (or a line) and run "Simulate Gradient Descent".

// A quadratic bowl.
let x = 10;
const loss = x ** 2;

// Rosenbrock's banana valley.
const rosenbrock = (x = -1.5, y = 2): number => (1 - x) ** 2 + 100 * (y - x ** 2) ** 2;

// Himmelblau: four minima of equal depth.
function himmelblau(x = 0, y = 0): number {
  return Math.pow(x * x + y - 11, 2) + Math.pow(x + y * y - 7, 2);
}

// Beale.
const beale = (x = 1, y = 1) => (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2;

// A log-cosh regression loss.
const logCosh = (w = -4, b = 2) => Math.log(Math.cosh(w - 3)) + 0.1 * b ** 2;

// A loss over data: least squares through five points, in the usual one-line form.
// xs and ys are data (arrays above the loss); w and b the parameters.
const xs = [1, 2, 3, 4, 5];
const ys = [2.1, 3.9, 6.2, 7.8, 10.1];
let w = 0;
let b = 0;
const mse = xs.reduce((sum, x, i) => sum + (w * x + b - ys[i]) ** 2, 0) / xs.length;
