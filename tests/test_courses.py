"""Programs as other courses write them, end to end: tracer's gradient, in both modes, against
PyTorch's.

Each program is pasted as a student would (imports, ``np.``, ``torch.``, ``math.``, methods).
The expected value and gradient of each were computed by PyTorch 2.13 (float64, ``.backward()``
on the same computation), never by tracer, and are written here as literals.
"""

from __future__ import annotations

import warnings

import pytest

import tracer

# name: (where it comes from, program, point, output, value, gradient), by PyTorch
COURSES = {
    "d2l_control_flow": (
        'd2l 2.5.4: the gradient of Python control flow (while b.norm() < 1000, if b.sum() > 0)',
        'def f(a):\n'
        '    b = a * 2\n'
        '    while b.norm() < 1000:\n'
        '        b = b * 2\n'
        '    if b.sum() > 0:\n'
        '        c = b\n'
        '    else:\n'
        '        c = 100 * b\n'
        '    return c\n'
        '\n'
        'd = f(a)\n',
        {'a': 0.3},
        'd', 1228.8,
        {'a': 4096.0}),
    "d2l_softmax_regression": (
        "d2l 4.4: softmax regression's net, torch.matmul(X.reshape((-1, W.shape[0])), W) + b",
        'import torch\n'
        'def softmax(X):\n'
        '    X_exp = torch.exp(X)\n'
        '    partition = X_exp.sum(1, keepdims=True)\n'
        '    return X_exp / partition\n'
        '\n'
        'def net(X):\n'
        '    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)\n'
        '\n'
        'y_hat = net(X)\n'
        'l = -torch.log(y_hat[0, 2]) - torch.log(y_hat[1, 0])\n',
        {'X': [[0.1, 0.2], [0.3, -0.5]], 'W': [[0.5, -0.2, 0.1], [0.3, 0.8, -0.4]],
         'b': [0.0, 0.1, -0.1]},
        'l', 2.3854236790382295,
        {'X[0,0]': 0.020158654246997365, 'X[0,1]': 0.7139450713612852,
         'X[1,0]': -0.3327703911271416, 'X[1,1]': -0.1580613294265405,
         'W[0,0]': -0.159689086672002, 'W[0,1]': 0.1131320574821398,
         'W[0,2]': 0.046557029189862174, 'W[1,0]': 0.3928206020162645,
         'W[1,1]': -0.0442956186882149, 'W[1,2]': -0.3485249833280496,
         'b[0]': -0.3019840024286227, 'b[1]': 0.639393786362317, 'b[2]': -0.3374097839336945}),
    "d2l_mlp_relu": (
        'd2l 5.2: an MLP whose relu is torch.max(X, torch.zeros_like(X))',
        'import torch\n'
        'def relu(X):\n'
        '    a = torch.zeros_like(X)\n'
        '    return torch.max(X, a)\n'
        '\n'
        'def net(X):\n'
        '    H = relu(X @ W1 + b1)\n'
        '    return H @ W2 + b2\n'
        '\n'
        'y = net(X)\n'
        'l = ((y - t) ** 2).sum() / 2\n',
        {'X': [[1.0, -2.0]], 'W1': [[0.5, -0.3, 0.2], [0.1, 0.4, -0.6]], 'b1': [0.1, 0.0, -0.1],
         'W2': [[0.3], [-0.2], [0.5]], 'b2': [0.05], 't': [[1.0]]},
        'l', 0.01620000000000001,
        {'X[0,0]': -0.04500000000000001, 'X[0,1]': 0.04860000000000001,
         'W1[0,0]': -0.05400000000000001, 'W1[0,1]': 0.0, 'W1[0,2]': -0.09000000000000002,
         'W1[1,0]': 0.10800000000000003, 'W1[1,1]': -0.0, 'W1[1,2]': 0.18000000000000005,
         'b1[0]': -0.05400000000000001, 'b1[1]': 0.0, 'b1[2]': -0.09000000000000002,
         'W2[0,0]': -0.07200000000000002, 'W2[1,0]': 0.0, 'W2[2,0]': -0.23400000000000004,
         'b2[0]': -0.18000000000000005, 't[0,0]': 0.18000000000000005}),
    "cs231n_sigmoid_neuron": (
        'CS231n: a sigmoid neuron, 1/(1 + math.exp(-(w0 x0 + w1 x1 + w2)))',
        'import math\n'
        'dot = w[0]*x[0] + w[1]*x[1] + w[2]\n'
        'f = 1.0 / (1 + math.exp(-dot))\n',
        {'w': [2.0, -3.0, -3.0], 'x': [-1.0, -2.0]},
        'f', 0.7310585786300049,
        {'w[0]': -0.19661193324148188, 'w[1]': -0.39322386648296376, 'w[2]': 0.19661193324148188,
         'x[0]': 0.39322386648296376, 'x[1]': -0.5898357997244457}),
    "cs231n_staged_backprop": (
        'CS231n, backprop notes: the staged computation of f(x, y) = (x + σ(y)) / (σ(x) + (x + '
        'y)²)',
        'import math\n'
        'sigy = 1.0 / (1 + math.exp(-y))\n'
        'num = x + sigy\n'
        'sigx = 1.0 / (1 + math.exp(-x))\n'
        'xpy = x + y\n'
        'xpysqr = xpy**2\n'
        'den = sigx + xpysqr\n'
        'invden = 1.0 / den\n'
        'f = num * invden\n',
        {'x': 3.0, 'y': -4.0},
        'f', 1.5456448841066441,
        {'x': 2.0595697955721652, 'y': 1.5922327514838093}),
    "cs231n_gates": (
        'CS231n: add, multiply and max gates, 2(xy + max(z, w))',
        'f = 2 * (x * y + max(z, w))\n',
        {'x': 3.0, 'y': -4.0, 'z': 2.0, 'w': -1.0},
        'f', -20.0,
        {'x': -8.0, 'y': 6.0, 'z': 2.0, 'w': 0.0}),
    "cs231n_svm_loss": (
        'CS231n: the multiclass SVM loss L_i_vectorized, np.maximum(0, …) and margins[y] = 0',
        'import numpy as np\n'
        'def L_i_vectorized(x, y, W):\n'
        '    scores = W.dot(x)\n'
        '    margins = np.maximum(0, scores - scores[y] + 1)\n'
        '    margins[y] = 0\n'
        '    loss_i = np.sum(margins)\n'
        '    return loss_i\n'
        '\n'
        'L = L_i_vectorized(x, 1, W)\n',
        {'x': [1.0, -0.5, 0.2], 'W': [[0.2, -0.5, 0.1], [1.5, 1.3, 2.1], [0.0, 0.25, 0.2]]},
        'L', 0.19999999999999996,
        {'x[0]': -1.3, 'x[1]': -1.8, 'x[2]': -2.0, 'W[0,0]': 1.0, 'W[0,1]': -0.5, 'W[0,2]': 0.2,
         'W[1,0]': -1.0, 'W[1,1]': 0.5, 'W[1,2]': -0.2, 'W[2,0]': 0.0, 'W[2,1]': -0.0,
         'W[2,2]': 0.0}),
    "cs231n_2layer": (
        'CS231n: a two-layer ReLU net, np.maximum(0, X.dot(W1) + b1), with W2.T',
        'import numpy as np\n'
        'h = np.maximum(0, X.dot(W1) + b1)\n'
        'out = h.dot(W2) + b2\n'
        'loss = 0.5 * np.sum((out - Y) ** 2) + 0.5 * reg * (np.sum(W1 * W1) + '
        'np.sum(W2.T * W2.T))\n',
        {'X': [[1.0, -1.0], [0.5, 2.0]], 'W1': [[0.1, 0.2, -0.3], [0.4, -0.1, 0.2]],
         'b1': [0.0, 0.15, 0.2], 'W2': [[0.3], [-0.4], [0.5]], 'b2': [0.1],
         'Y': [[1.0], [0.0]], 'reg': 0.01},
        'loss', 0.74425,
        {'X[0,0]': 0.08640000000000002, 'X[0,1]': -0.04320000000000001,
         'X[1,0]': -0.11199999999999999, 'X[1,1]': 0.1456, 'W1[0,0]': 0.08499999999999999,
         'W1[0,1]': 0.32200000000000006, 'W1[0,2]': 0.13699999999999998,
         'W1[1,0]': 0.33999999999999997, 'W1[1,1]': -0.881, 'W1[1,2]': 0.5619999999999999,
         'b1[0]': 0.16799999999999998, 'b1[1]': 0.20800000000000007, 'b1[2]': 0.27999999999999997,
         'W2[0,0]': 0.479, 'W2[1,0]': -0.46200000000000013, 'W2[2,0]': 0.257,
         'b2[0]': -0.5200000000000001, 'Y[0,0]': 1.08, 'Y[1,0]': -0.5599999999999999,
         'reg': 0.42500000000000004}),
    "micrograd_readme": (
        "micrograd's README example (micrograd's own numbers: a.grad 138.8338, b.grad 645.5773)",
        'a = a0 + 0\n'
        'b = b0 + 0\n'
        'c = a + b\n'
        'd = a * b + b**3\n'
        'c += c + 1\n'
        'c += 1 + c + (-a)\n'
        'd += d * 2 + (b + a).relu()\n'
        'd += 3 * d + (b - a).relu()\n'
        'e = c - d\n'
        'f = e**2\n'
        'g = f / 2.0\n'
        'g += 10.0 / f\n',
        {'a0': -4.0, 'b0': 2.0},
        'g', 24.70408163265306,
        {'a0': 138.83381924198252, 'b0': 645.5772594752186}),
    "micrograd_sanity": (
        "micrograd's test_sanity_check",
        'z = 2 * x + 2 + x\n'
        'q = z.relu() + z * x\n'
        'h = (z * z).relu()\n'
        'y = h + q + q * x\n',
        {'x': -4.0},
        'y', -20.0,
        {'x': 46.0}),
    "micrograd_mlp_loss": (
        'micrograd: neurons by a list comprehension, sum(wi*xi for wi, xi in zip(w, x))',
        'def neuron(w, b, x):\n'
        '    return (sum(wi*xi for wi, xi in zip(w, x)) + b).tanh()\n'
        '\n'
        'h = [neuron(W1[i], b1[i], x) for i in range(3)]\n'
        'ypred = neuron(W2, b2, h)\n'
        'loss = (ypred - ytrue)**2\n',
        {'W1': [[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6]], 'b1': [0.0, 0.1, -0.1],
         'W2': [0.3, -0.2, 0.7], 'b2': 0.05, 'x': [2.0, -1.0], 'ytrue': 1.0},
        'loss', 0.10317703445289728,
        {'W1[0,0]': -0.2078548628436639, 'W1[0,1]': 0.10392743142183195,
         'W1[1,0]': 0.06747209421179153, 'W1[1,1]': -0.03373604710589576,
         'W1[2,0]': -0.0876417585129671, 'W1[2,1]': 0.04382087925648355,
         'b1[0]': -0.10392743142183195, 'b1[1]': 0.03373604710589576,
         'b1[2]': -0.04382087925648355, 'W2[0]': -0.0, 'W2[1]': 0.248143325942378,
         'W2[2]': -0.3135657768575594, 'b2': -0.3464247714061065, 'x[0]': -0.0424239969021937,
         'x[1]': 0.019001460111882043, 'ytrue': 0.6424236435652015}),
    "autograd_logistic": (
        "HIPS autograd's tutorial: logistic regression's training loss with np.dot",
        'import autograd.numpy as np\n'
        'def sigmoid(x):\n'
        '    return 0.5 * (np.tanh(x / 2.) + 1)\n'
        '\n'
        'def logistic_predictions(weights, inputs):\n'
        '    return sigmoid(np.dot(inputs, weights))\n'
        '\n'
        'def training_loss(weights):\n'
        '    preds = logistic_predictions(weights, inputs)\n'
        '    label_probabilities = preds * targets + (1 - preds) * (1 - targets)\n'
        '    return -np.sum(np.log(label_probabilities))\n'
        '\n'
        'L = training_loss(weights)\n',
        {'weights': [0.0, 0.5, -0.2],
         'inputs': [[0.52, 1.12, 0.77], [0.88, -1.08, 0.15], [0.52, 0.06, -1.3],
                    [0.74, -2.49, 1.39]],
         'targets': [1.0, 1.0, 0.0, 1.0]},
        'L', 4.097713009057905,
        {'weights[0]': -1.0801319216913359, 'weights[1]': 2.3205675229454146,
         'weights[2]': -2.2884725576928377, 'inputs[0,0]': -0.0,
         'inputs[0,1]': -0.19993581640763833, 'inputs[0,2]': 0.07997432656305534,
         'inputs[1,0]': -0.0, 'inputs[1,1]': -0.319381587574421,
         'inputs[1,2]': 0.12775263502976839, 'inputs[2,0]': 0.0,
         'inputs[2,1]': 0.2859980664657593, 'inputs[2,2]': -0.11439922658630373,
         'inputs[3,0]': -0.0, 'inputs[3,1]': -0.4104899105545951,
         'inputs[3,2]': 0.16419596422183805, 'targets[0]': -0.3336898325751134,
         'targets[1]': 0.7682670514337353, 'targets[2]': -0.33642748802547207,
         'targets[3]': 3.585962466331419}),
    "autograd_taylor_sin": (
        "HIPS autograd's tutorial: a Taylor sine in a while loop",
        'import autograd.numpy as np\n'
        'def taylor_sine(x):\n'
        '    ans = currterm = x\n'
        '    i = 0\n'
        '    while np.abs(currterm) > 0.001:\n'
        '        currterm = -currterm * x**2 / ((2 * i + 3) * (2 * i + 2))\n'
        '        ans = ans + currterm\n'
        '        i += 1\n'
        '    return ans\n'
        's = taylor_sine(x)\n',
        {'x': 1.2},
        's', 0.9320250514285713,
        {'x': 0.3622528000000001}),
    "jax_relu_maximum": (
        'JAX: relu as jnp.maximum(0, x)',
        'import jax.numpy as jnp\n'
        'def relu(x):\n'
        '    return jnp.maximum(0, x)\n'
        'y = jnp.sum(relu(x) ** 2)\n',
        {'x': [-1.0, 0.5, 2.0]},
        'y', 4.25,
        {'x[0]': 0.0, 'x[1]': 1.0, 'x[2]': 4.0}),
    "jax_where_leaky": (
        'JAX-style leaky ReLU by np.where(z > 0, z, 0.01 * z)',
        'import numpy as np\n'
        'z = W @ x\n'
        'a = np.where(z > 0, z, 0.01 * z)\n'
        'L = np.sum(a * a)\n',
        {'W': [[1.0, -2.0], [0.5, 0.3]], 'x': [1.0, 1.0]},
        'L', 0.6401000000000001,
        {'W[0,0]': -0.0002, 'W[0,1]': -0.0002, 'W[1,0]': 1.6, 'W[1,1]': 1.6,
         'x[0]': 0.7998000000000001, 'x[1]': 0.4804}),
    "jax_selu_where": (
        "JAX's quickstart SELU, lmbda * jnp.where(x > 0, x, alpha * jnp.exp(x) - alpha)",
        'import jax.numpy as jnp\n'
        'def selu(x, alpha=1.67, lmbda=1.05):\n'
        '    return lmbda * jnp.where(x > 0, x, alpha * jnp.exp(x) - alpha)\n'
        'y = selu(x).sum()\n',
        {'x': [-1.0, 0.5, 2.0]},
        'y', 1.5165766000941243,
        {'x[0]': 0.6450766000941242, 'x[1]': 1.05, 'x[2]': 1.05}),
    "baydin_example": (
        "Baydin et al., the survey's example f = ln x1 + x1 x2 - sin x2",
        'y = log(x1) + x1 * x2 - sin(x2)\n',
        {'x1': 2.0, 'x2': 5.0},
        'y', 11.652071455223084,
        {'x1': 5.5, 'x2': 1.7163378145367738}),
    "torch_tutorial_autograd": (
        "PyTorch's autograd tutorial: out = (3 (x + 2)²).mean()",
        'import torch\n'
        'y = x + 2\n'
        'z = y * y * 3\n'
        'out = z.mean()\n',
        {'x': [[1.0, 1.0], [1.0, 1.0]]},
        'out', 27.0,
        {'x[0,0]': 4.5, 'x[0,1]': 4.5, 'x[1,0]': 4.5, 'x[1,1]': 4.5}),
    "torch_bce": (
        'PyTorch: binary cross-entropy by hand after torch.sigmoid',
        'import torch\n'
        'z = torch.matmul(x, w) + b\n'
        'p = torch.sigmoid(z)\n'
        'loss = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))\n',
        {'x': [1.0, 2.0, -1.0], 'w': [0.1, -0.2, 0.3], 'b': 0.05, 'y': 1.0},
        'loss', 1.0054924814633375,
        {'x[0]': -0.06341355910108008, 'x[1]': 0.12682711820216017, 'x[2]': -0.1902406773032402,
         'w[0]': -0.6341355910108007, 'w[1]': -1.2682711820216015, 'w[2]': 0.6341355910108007,
         'b': -0.6341355910108007, 'y': 0.5499999999999998}),
    "newton_sqrt": (
        "Newton's method for √a, six steps",
        'x = a\n'
        'for k in range(6):\n'
        '    x = x - (x * x - a) / (2 * x)\n',
        {'a': 2.0},
        'x', 1.414213562373095,
        {'a': 0.35355339059327373}),
    "newton_while": (
        "Newton's method for the cube root while |x³ - c| > 1e-10",
        'import math\n'
        'x = 1.0\n'
        'while abs(x**3 - c) > 1e-10:\n'
        '    x = x - (x**3 - c) / (3 * x**2)\n',
        {'c': 5.0},
        'x', 1.709975946676697,
        {'c': 0.1139983964451132}),
    "fixed_point_cos": (
        'fixed-point iteration x = cos(a x), 30 steps',
        'import math\n'
        'x = 1.0\n'
        'for i in range(30):\n'
        '    x = math.cos(a * x)\n',
        {'a': 0.8},
        'x', 0.8014178535691209,
        {'a': -0.32420502685337227}),
    "horner": (
        "Horner's rule over a list of coefficients in a def",
        'def horner(coeffs, x):\n'
        '    result = 0\n'
        '    for c in coeffs:\n'
        '        result = result * x + c\n'
        '    return result\n'
        'p = horner([2, -6, 2, -1], x)\n',
        {'x': 3.0},
        'p', 5.0,
        {'x': 20.0}),
    "logsumexp": (
        'log-sum-exp with the max subtracted',
        'import numpy as np\n'
        'def logsumexp(x):\n'
        '    m = np.max(x)\n'
        '    return m + np.log(np.sum(np.exp(x - m)))\n'
        'y = logsumexp(x)\n',
        {'x': [1.0, 2.0, 3.0]},
        'y', 3.4076059644443806,
        {'x[0]': 0.09003057317038043, 'x[1]': 0.24472847105479759, 'x[2]': 0.6652409557748217}),
    "cross_entropy_softmax": (
        'cross-entropy of a softmax (torch.nn.functional.cross_entropy)',
        'import numpy as np\n'
        'def softmax(z):\n'
        '    e = np.exp(z - np.max(z))\n'
        '    return e / e.sum()\n'
        'p = softmax(z)\n'
        'L = -np.log(p[1])\n',
        {'z': [2.0, 1.0, 0.1]},
        'L', 1.4170300162778335,
        {'z[0]': 0.6590011388859679, 'z[1]': -0.7575670292952861, 'z[2]': 0.0985658904093182}),
    "rnn_unrolled": (
        'an RNN unrolled three steps, h = np.tanh(W @ h + U @ xs[t])',
        'import numpy as np\n'
        'h = np.zeros(2)\n'
        'for t in range(3):\n'
        '    h = np.tanh(W @ h + U @ xs[t])\n'
        'L = np.sum(h)\n',
        {'W': [[0.5, -0.1], [0.2, 0.3]], 'U': [[1.0, 0.0], [0.0, 1.0]],
         'xs': [[0.1, 0.2], [0.3, -0.1], [-0.2, 0.4]]},
        'L', 0.3894248722220529,
        {'W[0,0]': 0.3774705814181069, 'W[0,1]': 0.09668827095249234,
         'W[1,0]': 0.2747035028654317, 'W[1,1]': 0.011613393630666932,
         'U[0,0]': 0.011249426859680146, 'U[0,1]': 0.4045602413091595,
         'U[1,0]': -0.12135984679049963, 'U[1,1]': 0.30913314652514956,
         'xs[0,0]': 0.32345642106678263, 'xs[0,1]': -0.01537421102999819,
         'xs[1,0]': 0.5953530532036136, 'xs[1,1]': 0.1451262747122991,
         'xs[2,0]': 0.9985106560404109, 'xs[2,1]': 0.8168015405059477}),
    "two_layer_T": (
        'a two-layer sigmoid net with @ and .T, its mean squared error',
        'import numpy as np\n'
        'def sigmoid(z):\n'
        '    return 1 / (1 + np.exp(-z))\n'
        'H = sigmoid(X @ W1.T + b1)\n'
        'Yhat = H @ W2.T + b2\n'
        'loss = np.mean((Yhat - Y) ** 2)\n',
        {'X': [[1.0, 2.0], [0.5, -1.0]], 'W1': [[0.1, 0.2], [-0.3, 0.4], [0.5, -0.6]],
         'b1': [0.0, 0.1, -0.1], 'W2': [[0.3, -0.2, 0.7]], 'b2': [0.05], 'Y': [[1.0], [0.0]]},
        'loss', 0.3999540059336151,
        {'X[0,0]': -0.06459667705884047, 'X[0,1]': 0.06351542062693334,
         'X[1,0]': 0.05745198479319353, 'X[1,1]': -0.05606469426591934,
         'W1[0,0]': -0.025750797895433237, 'W1[0,1]': -0.1389573315916313,
         'W1[1,0]': 0.016962680645496674, 'W1[1,1]': 0.08968687340146714,
         'W1[2,0]': -0.056413601358102757, 'W1[2,1]': -0.2916870874625424,
         'b1[0]': -0.0038868639452420348, 'b1[1]': 0.0030223026178782253,
         'b1[2]': -0.011698630171518537, 'W2[0,0]': -0.14917786814628486,
         'W2[0,1]': -0.20776895933206985, 'W2[0,2]': 0.18883508939141733,
         'b2[0]': -0.08905161606443679, 'Y[0,0]': 0.6753755986739314,
         'Y[1,0]': -0.5863239826094946}),
    "kernel_matrix_loop": (
        'a kernel matrix filled by K[i][j] = … in a double loop',
        'import numpy as np\n'
        'n = len(x)\n'
        'K = np.zeros((n, n))\n'
        'for i in range(n):\n'
        '    for j in range(n):\n'
        '        K[i][j] = np.exp(-(x[i] - x[j]) ** 2 / ell)\n'
        's = K.sum()\n',
        {'x': [0.0, 0.5, 1.5], 'ell': 2.0},
        's', 6.627360059311158,
        {'x[0]': 1.8564543046596444, 'x[1]': 0.3305644168406715, 'x[2]': -2.187018721500316,
         'ell': 0.7788114684575345}),
    "broadcast_none": (
        'pairwise differences by x[:, None] - x[None, :]',
        'import numpy as np\n'
        'D = x[:, None] - x[None, :]\n'
        's = np.sum(D ** 2)\n',
        {'x': [0.0, 0.5, 1.5]},
        's', 7.0,
        {'x[0]': -8.0, 'x[1]': -2.0, 'x[2]': 10.0}),
    "enumerate_tuple": (
        'layers by for k, W in enumerate((W1, W2))',
        'h = x\n'
        'for k, W in enumerate((W1, W2)):\n'
        '    h = np.tanh(W @ h)\n'
        'y = h.sum()\n',
        {'x': [1.0, -0.5], 'W1': [[0.5, 0.1], [-0.3, 0.8]], 'W2': [[0.2, -0.6], [0.4, 0.9]]},
        'y', 0.060923493284642416,
        {'x[0]': 0.15581045391589352, 'x[1]': 0.18939990406763063, 'W1[0,0]': 0.4220193822162884,
         'W1[0,1]': -0.2110096911081442, 'W1[1,0]': 0.18399745730750222,
         'W1[1,1]': -0.09199872865375111, 'W2[0,0]': 0.3476777937186363,
         'W2[0,1]': -0.4980463398301126, 'W2[1,0]': 0.36767354616324593,
         'W2[1,1]': -0.5266901344500422}),
    "lambda_chain": (
        'f = g = lambda t: t*t + 1',
        'f = g = lambda t: t * t + 1\n'
        'y = f(x) * g(x)\n',
        {'x': 1.5},
        'y', 10.5625,
        {'x': 19.5}),
    "lambda_paren": (
        'f = (lambda t: np.sin(t) * t)',
        'f = (lambda t: np.sin(t) * t)\n'
        'y = f(x)\n',
        {'x': 1.5},
        'y', 1.4962424799060816,
        {'x': 1.1036007891056088}),
    "d2l_softmax_cross_entropy": (
        'd2l 4.4: cross_entropy, -torch.log(y_hat[range(len(y_hat)), y])',
        'import torch\n'
        'def cross_entropy(y_hat, y):\n'
        '    return -torch.log(y_hat[range(len(y_hat)), y])\n'
        'y = [0, 2]\n'
        'l = cross_entropy(y_hat, y).sum()\n',
        {'y_hat': [[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]]},
        'l', 2.995732273553991,
        {'y_hat[0,0]': -10.0, 'y_hat[0,1]': 0.0, 'y_hat[0,2]': 0.0, 'y_hat[1,0]': 0.0,
         'y_hat[1,1]': 0.0, 'y_hat[1,2]': -2.0}),
    "cs231n_softmax_range_index": (
        'CS231n: the softmax loss of a batch, -np.log(probs[range(N), y]) with L2 '
        'regularisation',
        'import numpy as np\n'
        'y = [2, 0]\n'
        'N = X.shape[0]\n'
        'scores = X.dot(W)\n'
        'scores -= np.max(scores, axis=1, keepdims=True)\n'
        'exp_scores = np.exp(scores)\n'
        'probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)\n'
        'correct_logprobs = -np.log(probs[range(N), y])\n'
        'loss = np.sum(correct_logprobs) / N + 0.5 * reg * np.sum(W * W)\n',
        {'X': [[1.0, 2.0], [-1.0, 0.5]], 'W': [[0.1, -0.2, 0.3], [0.05, 0.4, -0.1]], 'reg': 0.1},
        'loss', 1.2841197405848797,
        {'X[0,0]': -0.1392414547880395, 'X[0,1]': 0.13188128790991144,
         'X[1,0]': -0.04906924472406534, 'X[1,1]': 0.06664553004561766,
         'W[0,0]': 0.5087290439936082, 'W[0,1]': -0.039147197469494924,
         'W[0,2]': -0.44958184652411326, 'W[1,0]': 0.12364382190959997,
         'W[1,1]': 0.5985775351123834, 'W[1,2]': -0.6872213570219834, 'reg': 0.15625000000000003}),
    "simpson": (
        "Simpson's rule for the integral of exp(-a t²), its weights by if i % 2 == 0",
        'import numpy as np\n'
        'n = 8\n'
        'h = 1.0 / n\n'
        's = np.exp(-a * 0.0**2) + np.exp(-a * 1.0**2)\n'
        'for i in range(1, n):\n'
        '    t = i * h\n'
        '    if i % 2 == 0:\n'
        '        s += 2 * np.exp(-a * t**2)\n'
        '    else:\n'
        '        s += 4 * np.exp(-a * t**2)\n'
        'I = s * h / 3\n',
        {'a': 0.7},
        'I', 0.8084979292689307,
        {'a': -0.22279195116027034}),
    "lstm_cell": (
        'an LSTM cell: sigmoid gates, np.tanh, elementwise products',
        'import numpy as np\n'
        'def sigmoid(z):\n'
        '    return 1 / (1 + np.exp(-z))\n'
        'f = sigmoid(Wf @ x + bf)\n'
        'i = sigmoid(Wi @ x + bi)\n'
        'g = np.tanh(Wg @ x)\n'
        'c = f * c0 + i * g\n'
        'h = sigmoid(Wo @ x) * np.tanh(c)\n'
        'L = h.sum()\n',
        {'Wf': [[0.1, 0.2], [0.3, -0.1]], 'bf': [0.0, 0.1], 'Wi': [[0.5, -0.2], [0.1, 0.4]],
         'bi': [0.1, -0.1], 'Wg': [[0.3, 0.3], [-0.2, 0.6]], 'Wo': [[0.2, -0.5], [0.7, 0.1]],
         'x': [1.0, -0.5], 'c0': [0.2, -0.3]},
        'L', -0.12445715992703386,
        {'Wf[0,0]': 0.02934850718208386, 'Wf[0,1]': -0.01467425359104193,
         'Wf[1,0]': -0.040363551107303934, 'Wf[1,1]': 0.020181775553651967,
         'bf[0]': 0.02934850718208386, 'bf[1]': -0.040363551107303934,
         'Wi[0,0]': 0.019375725134960546, 'Wi[0,1]': -0.009687862567480273,
         'Wi[1,0]': -0.06472731567149848, 'Wi[1,1]': 0.03236365783574924,
         'bi[0]': 0.019375725134960546, 'bi[1]': -0.06472731567149848,
         'Wg[0,0]': 0.3835123329462235, 'Wg[0,1]': -0.19175616647311175,
         'Wg[1,0]': 0.20034281825554645, 'Wg[1,1]': -0.10017140912777323,
         'Wo[0,0]': 0.04680964239301919, 'Wo[0,1]': -0.023404821196509596,
         'Wo[1,0]': -0.08392231466921982, 'Wo[1,1]': 0.04196115733460991,
         'x[0]': 0.019642360829255356, 'x[1]': 0.183602323425319, 'c0[0]': 0.2934850718208386,
         'c0[1]': 0.34555400052847973}),
    "attention": (
        'attention, softmax(Q @ K.T / np.sqrt(d)) @ V with np.max(S, axis=-1, keepdims=True)',
        'import numpy as np\n'
        'd = Q.shape[1]\n'
        'S = Q @ K.T / np.sqrt(d)\n'
        'S = S - np.max(S, axis=-1, keepdims=True)\n'
        'A = np.exp(S) / np.sum(np.exp(S), axis=-1, keepdims=True)\n'
        'O = A @ V\n'
        'L = np.sum(O ** 2)\n',
        {'Q': [[0.1, 0.2], [0.3, -0.4]], 'K': [[0.5, -0.1], [0.2, 0.2], [-0.3, 0.1]],
         'V': [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]},
        'L', 1.0013717711619206,
        {'Q[0,0]': -0.0005052660982660881, 'Q[0,1]': 0.0005123330772487061,
         'Q[1,0]': 0.0042093756341229265, 'Q[1,1]': -0.0038668597245962747,
         'K[0,0]': 0.003753560627044634, 'K[0,1]': -0.005572697777635354,
         'K[1,0]': -0.0035811248424508653, 'K[1,1]': 0.0053467094976117945,
         'K[2,0]': -0.00017243578459375148, 'K[2,1]': 0.00022598828002356693,
         'V[0,0]': 0.7271785253375084, 'V[0,1]': 0.6929435357530187, 'V[1,0]': 0.679710099588741,
         'V[1,1]': 0.6509621946519337, 'V[2,0]': 0.6378362584986766, 'V[2,1]': 0.6113693861701215}),
    "batchnorm": (
        'batch normalisation: np.mean(X, axis=0), the variance, (X - mu) / np.sqrt(var + eps)',
        'import numpy as np\n'
        'mu = np.mean(X, axis=0)\n'
        'var = np.mean((X - mu) ** 2, axis=0)\n'
        'Xn = (X - mu) / np.sqrt(var + 1e-5)\n'
        'out = gamma * Xn + beta\n'
        'L = np.sum(out * w)\n',
        {'X': [[1.0, 2.0], [3.0, -1.0], [0.5, 0.5]], 'gamma': [1.0, 0.5], 'beta': [0.0, 0.1],
         'w': [[1.0, -1.0], [0.5, 2.0], [-0.3, 0.2]]},
        'L', -1.2079123107949479,
        {'X[0,0]': 0.6282317517806275, 'X[0,1]': 0.04082061052222305,
         'X[1,0]': -0.1256446045463835, 'X[1,1]': 0.04082877540638338,
         'X[2,0]': -0.502587147234244, 'X[2,1]': -0.08164938592860645,
         'gamma[0]': 0.509198872598697, 'gamma[1]': -3.6742223667872898, 'beta[0]': 1.2,
         'beta[1]': 1.2, 'w[0,0]': -0.4629080659988155, 'w[0,1]': 0.7123703944645483,
         'w[1,0]': 1.3887241979964464, 'w[1,1]': -0.5123703944645484,
         'w[2,0]': -0.925816131997631, 'w[2,1]': 0.1}),
    "poly_design": (
        'a polynomial design matrix x[:, None] ** np.arange(3), its least-squares loss r @ r',
        'import numpy as np\n'
        'X = x[:, None] ** np.arange(3)\n'
        'r = X @ c - y\n'
        'L = r @ r\n',
        {'x': [0.0, 0.5, 1.0, 1.5], 'c': [0.1, -0.2, 0.3], 'y': [0.0, 0.2, 0.3, 0.9]},
        'L', 0.2162500000000001,
        {'x[0]': -0.04000000000000001, 'x[1]': -0.024999999999999994,
         'x[2]': -0.07999999999999997, 'x[3]': -0.5950000000000001, 'c[0]': -1.1000000000000003,
         'c[1]': -1.6000000000000005, 'c[2]': -2.1750000000000007, 'y[0]': -0.2,
         'y[1]': 0.25000000000000006, 'y[2]': 0.19999999999999996, 'y[3]': 0.8500000000000003}),
    "hinge_where": (
        'the hinge loss by np.where(m > 0, m, 0), with L2 regularisation',
        'import numpy as np\n'
        's = X @ w\n'
        'm = 1 - y * s\n'
        'L = np.mean(np.where(m > 0, m, 0)) + 0.01 * np.sum(w ** 2)\n',
        {'X': [[1.0, 2.0], [-1.0, 0.5], [0.3, -0.2]], 'w': [0.4, -0.3], 'y': [1.0, -1.0, 1.0]},
        'L', 0.8258333333333332,
        {'X[0,0]': -0.13333333333333333, 'X[0,1]': 0.09999999999999999,
         'X[1,0]': 0.13333333333333333, 'X[1,1]': -0.09999999999999999,
         'X[2,0]': -0.13333333333333333, 'X[2,1]': 0.09999999999999999,
         'w[0]': -0.7586666666666666, 'w[1]': -0.43933333333333335, 'y[0]': 0.06666666666666665,
         'y[1]': 0.18333333333333335, 'y[2]': -0.06}),
    "bce_clip": (
        'binary cross-entropy with np.clip(p, 1e-7, 1 - 1e-7)',
        'import numpy as np\n'
        'p = 1 / (1 + np.exp(-(X @ w)))\n'
        'p = np.clip(p, 1e-7, 1 - 1e-7)\n'
        'L = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n',
        {'X': [[1.0, 2.0], [-1.0, 0.5], [0.3, -0.2]], 'w': [0.4, -0.3], 'y': [1.0, 0.0, 1.0]},
        'L', 0.6202743585619038,
        {'X[0,0]': -0.07331119964166372, 'X[0,1]': 0.05498339973124779,
         'X[1,0]': 0.04878192119855992, 'X[1,1]': -0.036586440898919936,
         'X[2,0]': -0.06068281435018931, 'X[2,1]': 0.04551211076264198,
         'w[0]': -0.3507449128632011, 'w[1]': -0.275237189535024, 'y[0]': 0.0666666666666666,
         'y[1]': 0.18333333333333324, 'y[2]': -0.06000000000000011}),
    "swap_recurrence": (
        'a recurrence by tuple assignment, a, b = b, a + x * b',
        'a = 1.0\n'
        'b = x\n'
        'for k in range(5):\n'
        '    a, b = b, a + x * b\n',
        {'x': 0.5},
        'b', 2.828125,
        {'x': 8.6875}),
    "where_nested_huber_grad": (
        'the Huber loss by nested np.where, np.abs(r) <= d',
        'import numpy as np\n'
        'r = X @ w - y\n'
        'd = 1.0\n'
        'h = np.where(np.abs(r) <= d, 0.5 * r ** 2, d * (np.abs(r) - 0.5 * d))\n'
        'L = np.mean(np.where(r > 0, 2 * h, h))\n',
        {'X': [[1.0, 2.0], [-1.0, 0.5], [0.3, -0.2]], 'w': [0.4, -0.3], 'y': [1.0, -1.0, 0.0]},
        'L', 0.31163333333333326,
        {'X[0,0]': -0.13333333333333333, 'X[0,1]': 0.09999999999999999,
         'X[1,0]': 0.11999999999999998, 'X[1,1]': -0.08999999999999998, 'X[2,0]': 0.048,
         'X[2,1]': -0.036, 'w[0]': -0.5973333333333333, 'w[1]': -0.5406666666666666,
         'y[0]': 0.3333333333333333, 'y[1]': -0.29999999999999993, 'y[2]': -0.12}),
}


@pytest.mark.parametrize("name", list(COURSES))
def test_a_course_program_matches_pytorch_in_both_modes(name):
    _, program, point, output, value, gradient = COURSES[name]
    at = {k: str(v) for k, v in point.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a kink on the path (relu, max) is warned of
        formula = tracer.trace(program, at=at, outputs=[output])
        assert formula.outputs[output] == pytest.approx(value, rel=1e-12, abs=1e-12)
        for result in (formula.reverse(), formula.forward()):
            got = result.gradient
            assert set(got) == set(gradient)
            for k, want in gradient.items():
                assert got[k] == pytest.approx(want, rel=1e-9, abs=1e-12), (name, k)
