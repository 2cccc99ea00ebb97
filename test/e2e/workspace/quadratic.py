# A one-parameter loss. Select the line `loss = x**2` and run "Simulate Gradient Descent".
x = 10
loss = x**2
