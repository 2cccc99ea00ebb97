# Classic test functions for gradient descent, in Julia.
# Select a definition and run "Simulate Gradient Descent".

# A quadratic bowl, written with Julia's implicit multiplication.
w = 10.0
f(w) = 2w^2 - 3w

# Rosenbrock's banana valley.
rosenbrock(x, y) = (1 - x)^2 + 100(y - x^2)^2

# Himmelblau: four minima of equal depth.
himmelblau(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2

# Beale.
function beale(x, y)
    return (1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2
end

# A log-cosh regression loss.
logcosh(w, b) = log(cosh(w - 3)) + 0.1b^2

# A loss over data: least squares through five points. x and y are data (arrays
# above the loss); w is the parameter, a vector of two (its start: zeros(2)).
using Statistics
xs = [1.0, 2.0, 3.0, 4.0, 5.0]
ys = [2.1, 3.9, 6.2, 7.8, 10.1]
X = [ones(length(xs)) xs]
w = zeros(2)
mse(w) = mean((X * w .- ys) .^ 2)
