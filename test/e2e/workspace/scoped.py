# Start values follow the scope: inside bowl, its parameters' defaults, not the module's w and b.
w = 10
b = 7

def bowl(w=1.5, b=-2.0):
    return (w - 3)**2 + 0.1*b**2
