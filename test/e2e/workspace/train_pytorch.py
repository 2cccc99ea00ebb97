# A PyTorch training script: the optimizer line gets "Simulate this optimizer" and "Plot schedule".
import torch
from torch.optim.lr_scheduler import StepLR

model = torch.nn.Linear(2, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
scheduler = StepLR(optimizer, step_size=50, gamma=0.5)

for epoch in range(200):
    optimizer.zero_grad()
    loss = model(torch.randn(8, 2)).pow(2).mean()
    loss.backward()
    optimizer.step()
    scheduler.step()
