"""Logistic regression: will a student be admitted, from two exam scores?

The data is written out below. w and b are the parameters; the probability p is
defined above the loss, so the loss is a function of w and b as the code means.
Simulate the loss with Adam at η = 0.1, then in batches of 8: the log-loss on all
40 students is the curve the verdict judges; the light one is each batch's.
"""
import numpy as np

scores = np.array([
    [76.5, 81.4],
    [56.2, 86.6],
    [84.3, 78.9],
    [43.7, 97.5],
    [63.4, 47.9],
    [37.2, 46.5],
    [44.8, 40.3],
    [95.5, 67.8],
    [52.1, 58.0],
    [92.5, 55.0],
    [66.7, 62.2],
    [32.7, 49.2],
    [85.5, 30.3],
    [33.6, 63.0],
    [87.9, 49.3],
    [30.6, 61.5],
    [77.2, 95.0],
    [41.6, 42.5],
    [54.0, 74.6],
    [96.7, 75.1],
    [64.0, 49.7],
    [76.0, 63.0],
    [81.9, 97.9],
    [37.7, 54.0],
    [88.7, 79.9],
    [94.0, 88.8],
    [40.9, 55.2],
    [68.2, 99.3],
    [49.8, 73.8],
    [81.8, 65.1],
    [32.0, 80.0],
    [65.9, 59.7],
    [85.5, 79.9],
    [81.4, 49.2],
    [37.6, 94.9],
    [88.3, 67.9],
    [46.6, 46.9],
    [86.5, 60.6],
    [64.8, 92.7],
    [41.3, 86.5],
])
admitted = np.array([0, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1])

X = (scores - 65) / 20  # scores around 0, about one unit apart
y = admitted
w = np.zeros(2)
b = 0.0

p = 1 / (1 + np.exp(-(X @ w + b)))
loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
