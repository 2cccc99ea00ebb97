"""Linear regression on house prices, read from house_prices.csv beside this file.

Put the cursor on the `loss = ...` line, right-click and choose "Simulate Gradient
Descent". The lab reads the data above the loss (np.loadtxt and the slicing and
scaling below), w and b are the parameters (np.zeros and 0.0 are their starts),
and every number it shows is the loss on all 47 houses.

Then try minibatches in the panel: a batch size of 4 at η = 0.3 bounces at a
noise floor above the best fit; the advice runs cosine annealing, a larger batch
and a smaller η side by side. "Compare batch sizes" overlays the full batch and
two batch sizes; "Constant η · cosine" shows the schedule's whole story.
"""
import numpy as np

data = np.loadtxt("house_prices.csv", delimiter=",", skiprows=1)
X = data[:, 0:2]  # size (square feet), bedrooms
y = data[:, 2]  # price ($1000s)

# Features on one scale, so one learning rate suits both.
X = (X - X.mean(axis=0)) / X.std(axis=0)

w = np.zeros(2)
b = 0.0
loss = np.mean((X @ w + b - y) ** 2)


# The same loss as a function, as a training script would define it.
def mse(w, b):
    predictions = X @ w + b
    return np.mean((predictions - y) ** 2)
