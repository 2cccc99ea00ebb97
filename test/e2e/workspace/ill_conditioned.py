# Two parameters, one direction 25 times steeper than the other: a learning rate that suits w2 makes w1 crawl.
w1, w2 = 3.0, 1.0
loss = 0.5 * w1**2 + 12.5 * w2**2
