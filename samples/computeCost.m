% Linear regression with one variable, as in the machine learning course:
% the profit of a food truck (in $10,000s) from a city's population (in 10,000s),
% read from ex1data1.txt beside this file.
%
% Put the cursor on the J = ... line (or on the function's first line) and run
% "Simulate Gradient Descent". theta is the parameter (zeros(2, 1) its start);
% try alpha = 0.01 as the course does, then minibatches of 8.

data = load('ex1data1.txt');
X = data(:, 1); y = data(:, 2);
m = length(y);            % number of training examples
X = [ones(m, 1), X];      % add a column of ones to x
theta = zeros(2, 1);      % initialize fitting parameters

J = 1/(2*m) * sum((X*theta - y).^2);

function J = computeCost(X, y, theta)
  % The cost of using theta as the parameter for linear regression.
  m = length(y);
  J = 1/(2*m) * sum((X*theta - y).^2);
end
