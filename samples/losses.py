"""Classic test functions for gradient descent.

Select a formula (or put the cursor on its line), right-click and choose
"Simulate Gradient Descent". Start values come from the assignments above
the formula, such as x = 10 below, or from a signature's defaults.
"""
import numpy as np

# A quadratic bowl: from x = 10, try η = 0.2 (converges), 0.9 (overshoots
# back and forth but settles), 1.1 (diverges) and 0.001 (creeps).
x = 10
loss = x**2

# An elongated bowl: the curvature differs 10x between w and b, so one η
# is too small for b while already oscillating along w.
w = 1.5
b = -2.0
loss = (w - 3)**2 + 0.1 * b**2

# Rosenbrock's banana valley: easy to find, hard to follow to (1, 1).
def rosenbrock(x=-1.5, y=2.0):
    return (1 - x)**2 + 100 * (y - x**2)**2

# Himmelblau: four minima of equal depth; the start decides which one.
def himmelblau(x=0.0, y=0.0):
    return (x**2 + y - 11)**2 + (x + y**2 - 7)**2

# Beale: flat plateaus and steep walls; compare gd with Adam.
def beale(x=1.0, y=1.0):
    return (1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2

# A log-cosh regression loss: quadratic near the fit, linear far from it,
# so a large η that would explode a squared error only oscillates here.
def log_cosh_loss(w=-4.0, b=2.0):
    return np.log(np.cosh(w - 3)) + 0.1 * b**2
