# Code around a loss: only the last line is a formula.
print("hi")
w = 1.5
loss = (w - 3)**2
