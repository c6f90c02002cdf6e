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
# 10-414 hw1's softmax_loss at one point, in two spellings below (needle's and NumPy's): the
# point, the output, its value and its gradient, computed by PyTorch.
SOFTMAX_LOSS = (
    {'Z': [[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]], 'y': [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]},
    'L', 1.5744586305507686,
    {'Z[0,0]': 0.04501528658519023, 'Z[0,1]': -0.37763576447260117, 'Z[0,2]': 0.332620477887411,
     'Z[1,0]': -0.41235480392998164, 'Z[1,1]': 0.019556286635343728,
     'Z[1,2]': 0.39279851729463794, 'y[0,0]': -0.5, 'y[0,1]': -1.0, 'y[0,2]': -1.5,
     'y[1,0]': -0.25, 'y[1,1]': 0.5, 'y[1,2]': -1.0})



# The diagonally dominant 3x3 system both Gauss-Seidel programs (by loops, by slices) solve.
GAUSS_SEIDEL_SYSTEM = {'A': [[4.0, 1.0, 0.0], [1.0, 5.0, 2.0], [0.0, 2.0, 6.0]],
                       'b': [1.0, 2.0, 3.0]}


def two_layer(names: tuple[str, str, str, str], target_gradient: list[float]) -> tuple:
    """A 2-3-2 relu network's cross-entropy at one point, as two courses write it (teenygrad's
    log_softmax, needle's softmax_loss): the point, the loss and PyTorch's gradient, under each
    course's names (x, w1, w2 and the one-hot target); the target's gradient differs with how
    the loss reads it."""
    x, w1, w2, t = names
    point = {x: [[1.0, -0.5], [0.3, 0.8]], w1: [[0.2, -0.4, 0.6], [0.5, 0.1, -0.3]],
             w2: [[0.3, -0.2], [0.1, 0.4], [-0.5, 0.2]], t: [[1.0, 0.0], [0.0, 1.0]]}
    gradient = {  # PyTorch 2.13
        x: [0.13194639954202692, -0.06597319977101346, 0.027862392729927778,
            0.06965598182481944],
        w1: [0.04179358909489166, 0.0, 0.2199106659033782, 0.11144957091971111, 0.0,
             -0.1099553329516891],
        w2: [0.1281670065576678, -0.12816700655766777, 0.0, 0.0, -0.23561857061076236,
             0.23561857061076236],
        t: target_gradient}
    return point, 'loss', 0.902228455688362, {
        f"{name}[{i},{j}]": gradient[name][i * len(rows[0]) + j]
        for name, rows in point.items() for i in range(len(rows)) for j in range(len(rows[0]))}


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
    # Griewank & Walther, CS231n, MIT 18.337/6.S191, CS189/CS182, CSC413, Karpathy's hacker's
    # guide, CS229, fast.ai, torch.nn.functional, NumPy's spellings, textbook test functions
    # and autograd's test_scalar_ops (h-courses17)
    "gw_lighthouse_y2": (
        'G&W the lighthouse, y2',
        'import math\n'
        'def lighthouse(nu, gamma, omega, t):\n'
        '    tan_wt = math.tan(omega * t)\n'
        '    y1 = nu * tan_wt / (gamma - tan_wt)\n'
        '    y2 = gamma * nu * tan_wt / (gamma - tan_wt)\n'
        '    return y1, y2\n'
        'y1, y2 = lighthouse(nu, gamma, omega, t)\n',
        {'nu': 2.0, 'gamma': 1.5, 'omega': 0.3, 't': 1.2},
        'y2', 1.0049941445439838,
        {'nu': 0.502497072271992, 'gamma': -0.22444738457059854, 'omega': 4.883335431095708,
         't': 1.220833857773927}),
    "gw_speelpenning_loop": (
        "G&W Speelpenning's product with a for loop",
        'y = 1.0\n'
        'for i in range(len(x)):\n'
        '    y = y * x[i]\n',
        {'x': [1.5, -0.5, 2.0, 0.8, 3.0]},
        'y', -3.6000000000000005,
        {'x[0]': -2.4000000000000004, 'x[1]': 7.200000000000001, 'x[2]': -1.8000000000000003,
         'x[3]': -4.5, 'x[4]': -1.2000000000000002}),
    "gw_speelpenning_zero": (
        'Speelpenning with a zero element, np.prod',
        'import numpy as np\n'
        'y = np.prod(x)\n',
        {'x': [2.0, 0.0, 3.0, -1.0]},
        'y', -0.0,
        {'x[0]': -0.0, 'x[1]': -6.0, 'x[2]': -0.0, 'x[3]': 0.0}),
    "gw_intro": (
        'G&W ch.1: (sin(x1/x2) + x1/x2 - exp(x2)) (x1/x2 - exp(x2))',
        'import math\n'
        'v1 = x1 / x2\n'
        'v2 = math.sin(v1)\n'
        'v3 = math.exp(x2)\n'
        'v4 = v1 - v3\n'
        'v5 = v2 + v4\n'
        'y = v5 * v4\n',
        {'x1': 1.5, 'x2': 0.5},
        'y', 2.0166466694282015,
        {'x1': 3.011843327673907, 'x2': -13.723961509314078}),
    "gw_sin_exp_log": (
        'G&W style: log, sin and exp in one chain',
        'y = exp(sin(x1 * x2)) + log(x1**2 + x2**2) - x1 / x2\n',
        {'x1': 0.7, 'x2': -1.3},
        'y', 1.7718564915981125,
        {'x1': 1.0491439509758282, 'x2': -0.5833808615020488}),
    "cs231n_matmul_flow": (
        'CS231n: gradients for vectorized ops, D = W.dot(X), dD given',
        'import numpy as np\n'
        'D = W.dot(X)\n'
        'L = np.sum(D * dD)\n',
        {'W': [[0.5, -1.0, 0.2], [1.5, 0.3, -0.7]], 'X': [[1.0, 2.0], [-0.5, 0.1], [0.3, 0.4]],
         'dD': [[1.0, -2.0], [0.5, 0.25]]},
        'L', 0.35750000000000015,
        {'W[0,0]': -3.0, 'W[0,1]': -0.7, 'W[0,2]': -0.5, 'W[1,0]': 1.0, 'W[1,1]': -0.225,
         'W[1,2]': 0.25, 'X[0,0]': 1.25, 'X[0,1]': -0.625, 'X[1,0]': -0.85, 'X[1,1]': 2.075,
         'X[2,0]': -0.14999999999999997, 'X[2,1]': -0.575, 'dD[0,0]': 1.06, 'dD[0,1]': 0.98,
         'dD[1,0]': 1.1400000000000001, 'dD[1,1]': 2.75}),
    "cs231n_batchnorm_forward": (
        "CS231n assignment 2's batchnorm_forward (train)",
        'import numpy as np\n'
        'def batchnorm_forward(x, gamma, beta, eps=1e-5):\n'
        '    sample_mean = x.mean(axis=0)\n'
        '    sample_var = ((x - sample_mean) ** 2).mean(axis=0)\n'
        '    x_hat = (x - sample_mean) / np.sqrt(sample_var + eps)\n'
        '    out = gamma * x_hat + beta\n'
        '    return out\n'
        'out = batchnorm_forward(x, gamma, beta)\n'
        'L = np.sum(out * dout)\n',
        {'x': [[1.0, -2.0, 0.5], [0.3, 0.7, -1.1], [2.0, 1.0, 0.0], [-0.4, 0.2, 0.9]],
         'gamma': [1.0, 2.0, 0.5], 'beta': [0.0, -0.1, 0.3],
         'dout': [[0.1, -0.2, 0.3], [0.5, 0.4, -0.3], [-1.0, 0.2, 0.1], [0.3, 0.3, 0.3]]},
        'L', 0.13296223728526158,
        {'x[0,0]': 0.3179554223141897, 'x[0,1]': -0.05594643413576811,
         'x[0,2]': 0.04259071857186687, 'x[1,0]': 0.3182297703646009, 'x[1,1]': 0.1691363522983621,
         'x[1,2]': -0.015734241546158365, 'x[2,0]': -0.27830174248480255,
         'x[2,1]': -0.25954817835420607, 'x[2,2]': 0.016026275907132792,
         'x[3,0]': -0.35788345019398793, 'x[3,1]': 0.14635826019161224,
         'x[3,2]': -0.04288275293284134, 'gamma[0]': -2.0263444242911293,
         'gamma[1]': 0.8145220231060805, 'gamma[2]': 0.9605252307284593,
         'beta[0]': -0.10000000000000003, 'beta[1]': 0.7, 'beta[2]': 0.4,
         'dout[0,0]': 0.3100109689457917, 'dout[0,1]': -3.460169181482003,
         'dout[0,2]': 0.5834883493469412, 'dout[1,0]': -0.47910786109804165,
         'dout[1,1]': 1.1334798261136465, 'dout[1,2]': -0.48376190701801364,
         'dout[2,0]': 1.437323583294125, 'dout[2,1]': 1.6438852714020518,
         'dout[2,2]': 0.24997264423289275, 'dout[3,0]': -1.268226691141875,
         'dout[3,1]': 0.2828040839663042, 'dout[3,2]': 0.8503009134381798}),
    # var and std, each library's own (they were refused: "var is written out here"); the
    # expected numbers of this entry by autograd 1.9.1 (grad of the same function, NumPy's
    # np.var dividing by n), of the next by PyTorch 2.13 (a tensor's .std divides by n - 1)
    "cs231n_batchnorm_np_var": (
        "CS231n assignment 2's batchnorm_forward (train), sample_var = np.var(x, axis=0)",
        'import numpy as np\n'
        'def batchnorm_forward(x, gamma, beta, eps=1e-5):\n'
        '    sample_mean = np.mean(x, axis=0)\n'
        '    sample_var = np.var(x, axis=0)\n'
        '    x_hat = (x - sample_mean) / np.sqrt(sample_var + eps)\n'
        '    out = gamma * x_hat + beta\n'
        '    return out\n'
        'out = batchnorm_forward(x, gamma, beta)\n'
        'L = np.sum(out * dout)\n',
        {'x': [[1.0, -2.0, 0.5], [0.3, 0.7, -1.1], [2.0, 1.0, 0.0], [-0.4, 0.2, 0.9]],
         'gamma': [1.0, 2.0, 0.5], 'beta': [0.0, -0.1, 0.3],
         'dout': [[0.1, -0.2, 0.3], [0.5, 0.4, -0.3], [-1.0, 0.2, 0.1], [0.3, 0.3, 0.3]]},
        'L', 0.1329622372852613,
        {'x[0,0]': 0.3179554223141897, 'x[0,1]': -0.05594643413576822,
         'x[0,2]': 0.04259071857186689, 'x[1,0]': 0.31822977036460076,
         'x[1,1]': 0.1691363522983621, 'x[1,2]': -0.015734241546158365,
         'x[2,0]': -0.27830174248480233, 'x[2,1]': -0.259548178354206,
         'x[2,2]': 0.016026275907132778, 'x[3,0]': -0.35788345019398826,
         'x[3,1]': 0.14635826019161224, 'x[3,2]': -0.042882752932841314,
         'gamma[0]': -2.0263444242911293, 'gamma[1]': 0.8145220231060805,
         'gamma[2]': 0.9605252307284593, 'beta[0]': -0.10000000000000003, 'beta[1]': 0.7,
         'beta[2]': 0.4, 'dout[0,0]': 0.3100109689457917, 'dout[0,1]': -3.460169181482003,
         'dout[0,2]': 0.5834883493469412, 'dout[1,0]': -0.47910786109804165,
         'dout[1,1]': 1.1334798261136465, 'dout[1,2]': -0.48376190701801364,
         'dout[2,0]': 1.437323583294125, 'dout[2,1]': 1.6438852714020518,
         'dout[2,2]': 0.24997264423289275, 'dout[3,0]': -1.268226691141875,
         'dout[3,1]': 0.2828040839663042, 'dout[3,2]': 0.8503009134381798}),
    "makemore_batchnorm_std": (
        "Karpathy's makemore part 3: batchnorm by hpreact.std(0, keepdim=True) (PyTorch's, "
        "n - 1)",
        'import torch\n'
        'hpreact = embcat @ W1 + b1\n'
        'hpreact = bngain * (hpreact - hpreact.mean(0, keepdim=True)) / '
        'hpreact.std(0, keepdim=True) + bnbias\n'
        'h = torch.tanh(hpreact)\n'
        'L = (h * dh).sum()\n',
        {'embcat': [[0.5, -1.0, 0.2], [1.5, 0.3, -0.7], [-0.2, 0.8, 1.1], [0.9, -0.4, 0.0]],
         'W1': [[0.3, -0.6], [0.8, 0.1], [-0.5, 0.4]], 'b1': [0.1, -0.2],
         'bngain': [[1.0, 0.5]], 'bnbias': [[0.1, -0.2]],
         'dh': [[0.2, -0.1], [0.4, 0.3], [-0.5, 0.6], [0.1, -0.3]]},
        'L', 0.3639525904980083,
        {'embcat[0,0]': 0.13444464792423047, 'embcat[0,1]': 0.1521109494494891,
         'embcat[0,2]': -0.1512244914370065, 'embcat[1,0]': -0.0654100097777766,
         'embcat[1,1]': 0.16023499271371877, 'embcat[1,2]': -0.009099206020964774,
         'embcat[2,0]': -0.24987443589289035, 'embcat[2,1]': -0.46598488663270266,
         'embcat[2,2]': 0.3457467075965802, 'embcat[3,0]': 0.1808397977464365,
         'embcat[3,1]': 0.15363894446949483, 'embcat[3,2]': -0.18542301013860898,
         'W1[0,0]': 0.6802192081004457, 'W1[0,1]': 0.03704624664052069,
         'W1[1,0]': -0.7168640688326375, 'W1[1,1]': 0.3520731633677652,
         'W1[2,0]': -0.7388509852719528, 'W1[2,1]': -0.03244892088116025,
         'b1[0]': 5.551115123125783e-17, 'b1[1]': -5.551115123125783e-17,
         'bngain[0,0]': 0.02782169529086809, 'bngain[0,1]': 0.5289925717644738,
         'bnbias[0,0]': -0.232838546041571, 'bnbias[0,1]': 0.30730827064491645,
         'dh[0,0]': -0.7654746414179443, 'dh[0,1]': -0.1763813151926894,
         'dh[1,0]': 0.8895222577224937, 'dh[1,1]': -0.6254005455521532,
         'dh[2,0]': 0.04907496996515442, 'dh[2,1]': 0.43362628754075927,
         'dh[3,0]': -0.05937156354993072, 'dh[3,1]': -0.3383983888403047}),
    "cs231n_l2_reg": (
        'CS231n: 0.5 * reg * np.sum(W * W) beside a data loss',
        'import numpy as np\n'
        'scores = X.dot(W)\n'
        'data = np.sum(np.maximum(0, scores - 0.5))\n'
        'loss = data + 0.5 * reg * np.sum(W * W)\n',
        {'X': [[1.0, 2.0], [-1.0, 0.5]], 'W': [[0.3, -0.2, 0.8], [0.15, 0.45, -0.5]], 'reg': 0.1},
        'loss', 0.36224999999999996,
        {'X[0,0]': 0.09999999999999998, 'X[0,1]': 0.6, 'X[1,0]': 0.0, 'X[1,1]': 0.0,
         'W[0,0]': 1.03, 'W[0,1]': 0.98, 'W[0,2]': 0.08000000000000002, 'W[1,0]': 2.015,
         'W[1,1]': 2.045, 'W[1,2]': -0.05, 'reg': 0.6225}),
    "mit18337_babylonian": (
        '18.337: the Babylonian square root, differentiated by dual numbers',
        'def babylonian(x, N=10):\n'
        '    t = (1 + x) / 2\n'
        '    for i in range(2, N + 1):\n'
        '        t = (t + x / t) / 2\n'
        '    return t\n'
        'y = babylonian(x)\n',
        {'x': 2.0},
        'y', 1.414213562373095,
        {'x': 0.35355339059327373}),
    "mit6s191_tape": (
        '6.S191 lab 1: tf.GradientTape on y = x**2, then a descent loss',
        'y = x**2\n'
        'L = (y - x_f)**2\n',
        {'x': 3.0, 'x_f': 4.0},
        'L', 25.0,
        {'x': 60.0, 'x_f': -10.0}),
    "mit18337_dual_f": (
        '18.337: f(x, y) = x^2 sin(y) + exp(x y), a dual-number example',
        'f = x**2 * sin(y) + exp(x * y)\n',
        {'x': 1.1, 'y': 0.4},
        'f', 2.0239034127048035,
        {'x': 1.4778032404835657, 'y': 2.8224617431059613}),
    "cs189_logreg_l2": (
        'CS189: logistic loss log(1 + exp(-y w.x)) with λ/2 ||w||²',
        'import numpy as np\n'
        'z = X @ w\n'
        'loss = np.mean(np.log1p(np.exp(-y * z))) + lam / 2 * np.linalg.norm(w) ** 2\n',
        {'X': [[1.0, 2.0, -1.0], [0.5, -0.3, 0.8], [-1.2, 0.4, 0.1]], 'w': [0.2, -0.4, 0.3],
         'y': [1.0, -1.0, 1.0], 'lam': 0.1},
        'loss', 1.0430613473123334,
        {'X[0,0]': -0.0473966335083336, 'X[0,1]': 0.0947932670166672,
         'X[0,2]': -0.07109495026250039, 'X[1,0]': 0.04086761174262237,
         'X[1,1]': -0.08173522348524474, 'X[1,2]': 0.06130141761393355,
         'X[2,0]': -0.039430598562185344, 'X[2,1]': 0.07886119712437069,
         'X[2,2]': -0.05914589784327801, 'w[0]': 0.12176945318799999, 'w[1]': -0.6541289498216403,
         'w[2]': 0.41073831523106474, 'y[0]': 0.2132848507875012, 'y[1]': -0.09399550700803144,
         'y[2]': 0.07294660734004288, 'lam': 0.14500000000000005}),
    "cs182_softmax_xent": (
        'CS182: softmax cross-entropy with a stabilised exponent',
        'import numpy as np\n'
        'S = X @ W + b\n'
        'S = S - np.max(S, axis=1, keepdims=True)\n'
        'P = np.exp(S) / np.sum(np.exp(S), axis=1, keepdims=True)\n'
        'y = [2, 0]\n'
        'L = -np.mean(np.log(P[np.arange(2), y]))\n',
        {'X': [[1.0, -0.5], [0.2, 0.8]], 'W': [[0.3, -0.1, 0.6], [0.5, 0.2, -0.4]],
         'b': [0.0, 0.1, -0.1]},
        'L', 0.7492962812260148,
        {'X[0,0]': -0.11949630837322879, 'X[0,1]': 0.18754389062168644,
         'X[1,0]': -0.03980018658702542, 'X[1,1]': -0.14572718922212824,
         'W[0,0]': 0.07645579895489384, 'W[0,1]': 0.14931372286309397,
         'W[0,2]': -0.2257695218179877, 'W[1,0]': -0.290006188292857,
         'W[1,1]': 0.08441978795837576, 'W[1,2]': 0.20558640033448122,
         'b[0]': -0.14734712443658177, 'b[1]': 0.29071518898746973, 'b[2]': -0.14336806455088785}),
    "csc413_univariate": (
        'CSC413: z = wx + b, y = σ(z), L = ½(y - t)², R = λ/2 w²',
        'import numpy as np\n'
        'z = w * x + b\n'
        'y = 1 / (1 + np.exp(-z))\n'
        'L = 0.5 * (y - t) ** 2\n'
        'R = 0.5 * lam * w ** 2\n'
        'L_reg = L + R\n',
        {'w': 0.8, 'x': 1.5, 'b': -0.2, 't': 1.0, 'lam': 0.01},
        'L_reg', 0.03936474406425663,
        {'w': -0.07131563917640008, 'x': -0.04230167422741338, 'b': -0.052877092784266715,
         't': 0.2689414213699951, 'lam': 0.32000000000000006}),
    "csc413_mlp": (
        'CSC413: an MLP, z = W1 x + b1, h = σ(z), y = W2 h + b2, ½||t - y||²',
        'import numpy as np\n'
        'def sigma(z):\n'
        '    return 1 / (1 + np.exp(-z))\n'
        'z = W1 @ x + b1\n'
        'h = sigma(z)\n'
        'y = W2 @ h + b2\n'
        'L = 0.5 * np.sum((t - y) ** 2)\n',
        {'W1': [[0.1, -0.2], [0.4, 0.3], [-0.5, 0.2]], 'b1': [0.0, 0.1, -0.1], 'x': [1.0, 2.0],
         'W2': [[0.3, -0.6, 0.2], [0.1, 0.5, -0.3]], 'b2': [0.05, -0.05], 't': [1.0, 0.0]},
        'L', 0.7261603984281089,
        {'W1[0,0]': -0.08103135081018233, 'W1[0,1]': -0.16206270162036465,
         'W1[1,0]': 0.15472842969183837, 'W1[1,1]': 0.30945685938367673,
         'W1[2,0]': -0.0758098520293181, 'W1[2,1]': -0.1516197040586362,
         'b1[0]': -0.08103135081018233, 'b1[1]': 0.15472842969183837, 'b1[2]': -0.0758098520293181,
         'x[0]': 0.09169316281037616, 'x[1]': 0.047462828663724345, 'W2[0,0]': -0.5032028367197202,
         'W2[0,1]': -0.8871492767194824, 'W2[0,2]': -0.5323013188488197,
         'W2[1,0]': 0.09899999079098373, 'W2[1,1]': 0.1745375101579087,
         'W2[1,2]': 0.10472481834082722, 'b2[0]': -1.1824556178630639,
         'b2[1]': 0.23263600031013631, 't[0]': 1.1824556178630639, 't[1]': -0.23263600031013631}),
    "karpathy_circuit": (
        "hacker's guide: f(x, y, z) = (x + y) z",
        'q = x + y\n'
        'f = q * z\n',
        {'x': -2.0, 'y': 5.0, 'z': -4.0},
        'f', -12.0,
        {'x': -4.0, 'y': -4.0, 'z': 3.0}),
    "karpathy_neuron": (
        "hacker's guide: the neuron sig(a x + b y + c)",
        'import math\n'
        'def sig(x):\n'
        '    return 1 / (1 + math.exp(-x))\n'
        'f = sig(a * x + b * y + c)\n',
        {'a': 1.0, 'b': 2.0, 'c': -3.0, 'x': -1.0, 'y': 3.0},
        'f', 0.8807970779778823,
        {'a': -0.10499358540350662, 'b': 0.31498075621051985, 'c': 0.10499358540350662,
         'x': 0.10499358540350662, 'y': 0.20998717080701323}),
    "karpathy_2layer": (
        "hacker's guide: a 2-layer net with max(0, …) neurons",
        'n1 = max(0, a1*x + b1*y + c1)\n'
        'n2 = max(0, a2*x + b2*y + c2)\n'
        'n3 = max(0, a3*x + b3*y + c3)\n'
        'score = a4*n1 + b4*n2 + c4*n3 + d4\n',
        {'a1': 0.5, 'b1': -0.3, 'c1': 0.1, 'a2': -0.2, 'b2': 0.4, 'c2': 0.2, 'a3': 0.7, 'b3': 0.1,
         'c3': -0.5, 'a4': 1.0, 'b4': -1.5, 'c4': 0.6, 'd4': 0.05, 'x': 1.2, 'y': 0.7},
        'score', 0.42599999999999993,
        {'a1': 1.2, 'b1': 0.7, 'c1': 1.0, 'a2': -1.7999999999999998, 'b2': -1.0499999999999998,
         'c2': -1.5, 'a3': 0.72, 'b3': 0.42, 'c3': 0.6, 'a4': 0.49, 'b4': 0.24,
         'c4': 0.4099999999999999, 'd4': 1.0, 'x': 1.22, 'y': -0.8400000000000001}),
    "cs229_softmax": (
        'CS229: softmax regression, -log of the true class',
        'import numpy as np\n'
        'logits = theta @ x\n'
        'p = np.exp(logits) / np.sum(np.exp(logits))\n'
        'L = -np.log(p[1])\n',
        {'theta': [[0.2, -0.1, 0.4], [0.5, 0.3, -0.2], [-0.3, 0.8, 0.1]], 'x': [1.0, 0.5, -1.5]},
        'L', 0.4790106967477103,
        {'theta[0,0]': 0.15274113834097144, 'theta[0,1]': 0.07637056917048572,
         'theta[0,2]': -0.22911170751145715, 'theta[1,0]': -0.3806041408638746,
         'theta[1,1]': -0.1903020704319373, 'theta[1,2]': 0.5709062112958119,
         'theta[2,0]': 0.22786300252290323, 'theta[2,1]': 0.11393150126145161,
         'theta[2,2]': -0.34179450378435483, 'x[0]': -0.22811274352061398,
         'x[1]': 0.05283504592506306, 'x[2]': 0.16000358376145385}),
    "cs229_lms": (
        'CS229: least squares J = ½ Σ (θᵀx - y)²',
        'import numpy as np\n'
        'J = 0.5 * np.sum((X @ theta - y) ** 2)\n',
        {'X': [[1.0, 2.0], [1.0, 3.0], [1.0, -1.0]], 'theta': [0.5, 0.25], 'y': [1.0, 2.0, 0.0]},
        'J', 0.3125,
        {'X[0,0]': 0.0, 'X[0,1]': 0.0, 'X[1,0]': -0.375, 'X[1,1]': -0.1875, 'X[2,0]': 0.125,
         'X[2,1]': 0.0625, 'theta[0]': -0.5, 'theta[1]': -2.5, 'y[0]': -0.0, 'y[1]': 0.75,
         'y[2]': -0.25}),
    "fastai_quad_mae": (
        "fast.ai lesson 3: a quadratic's mean absolute error",
        'import torch\n'
        'def quad(a, b, c, x): return a*x**2 + b*x + c\n'
        'def mae(preds, acts): return (torch.abs(preds-acts)).mean()\n'
        'loss = mae(quad(a, b, c, xs), ys)\n',
        {'a': 1.1, 'b': 1.1, 'c': 1.1, 'xs': [-2.0, -1.0, 0.0, 1.5], 'ys': [9.0, 3.5, 0.5, 4.0]},
        'loss', 2.4812499999999997,
        {'a': -0.6875, 'b': 1.125, 'c': 0.0, 'xs[0]': 0.8250000000000001, 'xs[1]': 0.275,
         'xs[2]': 0.275, 'xs[3]': 1.1, 'ys[0]': 0.25, 'ys[1]': 0.25, 'ys[2]': -0.25,
         'ys[3]': -0.25}),
    "fastai_linear_sgd": (
        "fast.ai: a linear model's MSE, ((x@w + b - y)**2).mean()",
        'preds = x @ w + b\n'
        'loss = ((preds - y) ** 2).mean()\n',
        {'x': [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], 'w': [0.1, -0.2], 'b': 0.3,
         'y': [1.0, 2.0, 3.0]},
        'loss', 5.800000000000001,
        {'x[0,0]': -0.06666666666666667, 'x[0,1]': 0.13333333333333333,
         'x[1,0]': -0.1466666666666667, 'x[1,1]': 0.2933333333333334,
         'x[2,0]': -0.22666666666666668, 'x[2,1]': 0.45333333333333337, 'w[0]': -16.4,
         'w[1]': -20.8, 'b': -4.4, 'y[0]': 0.6666666666666666, 'y[1]': 1.4666666666666668,
         'y[2]': 2.2666666666666666}),
    "torch_F_net": (
        'torch.nn.functional: F.relu, F.sigmoid, F.softplus, F.tanh in a net',
        'import torch\n'
        'import torch.nn.functional as F\n'
        'h = F.relu(x @ W1 + b1)\n'
        'g = F.softplus(h) * F.tanh(h)\n'
        'p = F.sigmoid(g @ w2)\n'
        'L = -torch.log(p)\n',
        {'x': [1.0, -0.5], 'W1': [[0.4, -0.3, 0.2], [0.1, 0.6, -0.5]], 'b1': [0.1, 0.0, -0.2],
         'w2': [0.5, -0.4, 0.9]},
        'L', 0.5206685590372044,
        {'x[0]': -0.15063341319921245, 'x[1]': 0.14598912578294784, 'W1[0,0]': -0.2096312792864393,
         'W1[0,1]': 0.0, 'W1[0,2]': -0.33390450742318356, 'W1[1,0]': 0.10481563964321965,
         'W1[1,1]': -0.0, 'W1[1,2]': 0.16695225371159178, 'b1[0]': -0.2096312792864393,
         'b1[1]': 0.0, 'b1[2]': -0.33390450742318356, 'w2[0]': -0.16152101993526077, 'w2[1]': -0.0,
         'w2[2]': -0.0821039954016657}),
    "np_elementwise": (
        'NumPy: tanh, exp, log1p, expm1, hypot, clip, abs, sqrt, power, square',
        'import numpy as np\n'
        'a = np.tanh(x) + np.exp(-x) + np.log1p(x**2)\n'
        'b = np.expm1(x / 2) * np.hypot(x, 1.5)\n'
        'c = np.clip(x, -0.5, 0.5) + np.abs(x) + np.sqrt(np.abs(x) + 1)\n'
        'd = np.power(x, 3) - np.square(x)\n'
        'L = np.sum(a + b + c + d)\n',
        {'x': [-1.2, 0.3, 0.9, 2.0]},
        'L', 25.214333960185314,
        {'x[0]': 2.193168084637262, 'x[1]': 3.753677093896413, 'x[2]': 4.731668108230659,
         'x[3]': 14.796468424552408}),
    "np_linalg_axes": (
        'NumPy: linalg.norm, outer, sum(axis=1), mean(axis=0), keepdims',
        'import numpy as np\n'
        'M = np.outer(u, v) + A\n'
        'r = np.sum(M, axis=1)\n'
        'c = M.mean(axis=0)\n'
        'N = M / np.sum(M ** 2, axis=1, keepdims=True)\n'
        'L = np.linalg.norm(r) + np.dot(c, c) + np.sum(N)\n',
        {'u': [1.0, -2.0], 'v': [0.5, 0.3, -0.1], 'A': [[0.1, 0.2, 0.3], [-0.4, 0.5, 0.6]]},
        'L', 3.6582830723068644,
        {'u[0]': -1.1429009992852461, 'u[1]': -0.4201391323010216, 'v[0]': -0.11601230102932236,
         'v[1]': -0.6349709865357688, 'v[2]': 0.5412528820781113, 'A[0,0]': -1.6733750539239778,
         'A[0,1]': -0.45799043853936305, 'A[0,2]': 1.688163407614483,
         'A[1,0]': -0.7786813764473277, 'A[1,1]': 0.08849027399820286,
         'A[1,2]': 0.5734552627681858}),
    "rosenbrock": (
        'Rosenbrock, (1 - x)² + 100 (y - x²)²',
        'f = (1 - x)**2 + 100 * (y - x**2)**2\n',
        {'x': -1.2, 'y': 1.0},
        'f', 24.199999999999996,
        {'x': -215.59999999999997, 'y': -87.99999999999999}),
    "rosenbrock_nd": (
        "Rosenbrock in n dimensions, scipy's rosen with slices",
        'import numpy as np\n'
        'f = np.sum(100.0 * (x[1:] - x[:-1] ** 2.0) ** 2.0 + (1 - x[:-1]) ** 2.0)\n',
        {'x': [1.3, 0.7, 0.8, 1.9, 1.2]},
        'f', 848.22,
        {'x[0]': 515.4000000000002, 'x[1]': -285.4000000000001, 'x[2]': -341.5999999999999,
         'x[3]': 2085.3999999999996, 'x[4]': -482.0}),
    "himmelblau": (
        'Himmelblau, (x² + y - 11)² + (x + y² - 7)²',
        'f = (x**2 + y - 11)**2 + (x + y**2 - 7)**2\n',
        {'x': 1.0, 'y': 2.0},
        'f', 68.0,
        {'x': -36.0, 'y': -32.0}),
    "beale": (
        'Beale',
        'f = (1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2\n',
        {'x': 1.0, 'y': 1.5},
        'f', 41.25,
        {'x': 34.5, 'y': 92.5}),
    "booth": (
        'Booth',
        'f = (x + 2*y - 7)**2 + (2*x + y - 5)**2\n',
        {'x': 0.5, 'y': -1.0},
        'f', 97.25,
        {'x': -37.0, 'y': -44.0}),
    "softmax_stable": (
        'softmax, stabilised by the max, one weighted output',
        'import numpy as np\n'
        'def softmax(z):\n'
        '    e = np.exp(z - np.max(z))\n'
        '    return e / e.sum()\n'
        'L = np.dot(softmax(z), w)\n',
        {'z': [1.0, 2.0, 0.5, -1.0], 'w': [0.1, -0.4, 0.3, 1.0]},
        'L', -0.15022332993726287,
        {'z[0]': 0.05610202682998882, 'z[1]': -0.15222889872775813, 'z[2]': 0.061225382503110076,
         'z[3]': 0.03490148939465919, 'w[0]': 0.22420781804820114, 'w[1]': 0.6094600375988771,
         'w[2]': 0.1359889157935055, 'w[3]': 0.030343228559416225}),
    "logsumexp_rows": (
        'logsumexp of each row, keepdims, as scipy writes it',
        'import numpy as np\n'
        'm = np.max(A, axis=1, keepdims=True)\n'
        'lse = m + np.log(np.sum(np.exp(A - m), axis=1, keepdims=True))\n'
        'L = np.sum(lse * c)\n',
        {'A': [[1.0, 2.0, 3.0], [-1.0, 0.5, 0.2]], 'c': [[1.0], [-2.0]]},
        'L', 1.0576921106167054,
        {'A[0,0]': 0.09003057317038043, 'A[0,1]': 0.24472847105479759,
         'A[0,2]': 0.6652409557748217, 'A[1,0]': -0.22722609445989028,
         'A[1,1]': -1.018356704036495, 'A[1,2]': -0.754417201503615, 'c[0,0]': 3.4076059644443806,
         'c[1,0]': 1.1749569269138376}),
    "gaussian_loglik": (
        'Gaussian log-likelihood of samples, in μ and σ',
        'import numpy as np\n'
        'll = np.sum(-0.5 * np.log(2 * np.pi * sigma**2) - (x - mu)**2 / (2 * sigma**2))\n',
        {'x': [0.5, 1.5, -0.2, 2.1], 'mu': 0.7, 'sigma': 1.3},
        'll', -5.7459212498602525,
        {'x[0]': 0.11834319526627214, 'x[1]': -0.47337278106508873, 'x[2]': 0.5325443786982247,
         'x[3]': -0.8284023668639053, 'mu': 0.6508875739644973, 'sigma': -1.5065999089667732}),
    "huber_minimum": (
        'Huber loss without branches: q = min(|r|, δ), ½q² + δ(|r| - q)',
        'import numpy as np\n'
        'r = y - yhat\n'
        'delta = 1.0\n'
        'q = np.minimum(np.abs(r), delta)\n'
        'L = np.mean(0.5 * q**2 + delta * (np.abs(r) - q))\n',
        {'y': [1.0, -2.0, 0.3, 4.0], 'yhat': [0.5, 0.5, 0.1, 1.0]},
        'L', 1.16125,
        {'y[0]': 0.125, 'y[1]': -0.25, 'y[2]': 0.049999999999999996, 'y[3]': 0.25,
         'yhat[0]': -0.125, 'yhat[1]': 0.25, 'yhat[2]': -0.049999999999999996, 'yhat[3]': -0.25}),
    "smooth_l1": (
        "smooth L1 (PyTorch's smooth_l1_loss, beta = 1) by np.where",
        'import numpy as np\n'
        'beta = 1.0\n'
        'r = np.abs(p - t)\n'
        'L = np.mean(np.where(r < beta, 0.5 * r**2 / beta, r - 0.5 * beta))\n',
        {'p': [1.0, -2.0, 0.3, 4.0], 't': [0.5, 0.5, 0.1, 1.0]},
        'L', 1.16125,
        {'p[0]': 0.125, 'p[1]': -0.25, 'p[2]': 0.049999999999999996, 'p[3]': 0.25, 't[0]': -0.125,
         't[1]': 0.25, 't[2]': -0.049999999999999996, 't[3]': -0.25}),
    "gelu_tanh": (
        'GELU, the tanh approximation (Hendrycks & Gimpel)',
        'import numpy as np\n'
        'g = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))\n'
        'L = np.sum(g)\n',
        {'x': [-1.5, -0.2, 0.4, 2.0]},
        'L', 2.03218187027747,
        {'x[0]': -0.12771079315143308, 'x[1]': 0.3425418508043005, 'x[2]': 0.8026588344205614,
         'x[3]': 1.0860992566236183}),
    "swish": (
        'swish x σ(βx) with a trainable β',
        'import numpy as np\n'
        'def sigmoid(z): return 1 / (1 + np.exp(-z))\n'
        'L = np.sum(x * sigmoid(beta * x))\n',
        {'x': [-1.5, -0.2, 0.4, 2.0], 'beta': 1.2},
        'L', 1.7799198894225619,
        {'x[0]': -0.07726174761626592, 'x[1]': 0.3811421235109203, 'x[2]': 0.731092885003165,
         'x[3]': 1.099839301230523, 'beta': 0.6265500531349709}),
    "mish": (
        'Mish, x tanh(softplus(x))',
        'import numpy as np\n'
        'L = np.sum(x * np.tanh(np.log1p(np.exp(x))))\n',
        {'x': [-1.5, -0.2, 0.4, 2.0]},
        'L', 1.8277449705711937,
        {'x[0]': -0.06409781589225869, 'x[1]': 0.4715302415134095, 'x[2]': 0.8370175025417962,
         'x[3]': 1.0693179342794896}),
    "peer_arctan2": (
        'autograd test_scalar_ops: arctan2 both ways',
        'import numpy as np\n'
        'y = np.arctan2(a, b) + np.arctan2(b, -a)\n',
        {'a': 0.6, 'b': -1.4},
        'y', 0.7610127542247296,
        {'a': -1.206896551724138, 'b': -0.5172413793103449}),
    "peer_hyperbolic": (
        'autograd test_scalar_ops: sinh, cosh, tanh',
        'import numpy as np\n'
        'y = np.sinh(x) * np.cosh(x / 2) - np.tanh(x)**2\n',
        {'x': 0.8},
        'y', 0.5191620083397381,
        {'x': 0.8857933924879553}),
    "peer_powers": (
        'autograd test_scalar_ops: x**0.5, x**y, abs and sign at nonzero',
        'import numpy as np\n'
        'y = x**0.5 + x**z + np.abs(z) * np.sign(z) + abs(-x)\n',
        {'x': 1.7, 'z': -0.6},
        'y', 3.1311690508070233,
        {'x': 1.1267782933296286, 'z': 1.3859410869227444}),
    "peer_where_maximum": (
        'autograd test_numpy: where and maximum',
        'import numpy as np\n'
        'm = np.maximum(x, y)\n'
        'w = np.where(x > y, x**2, y**3)\n'
        'L = np.sum(m * w)\n',
        {'x': [0.5, -1.0, 2.0], 'y': [0.2, 0.4, 3.0]},
        'L', 81.1506,
        {'x[0]': 0.75, 'x[1]': 0.0, 'x[2]': 0.0, 'y[0]': 0.0, 'y[1]': 0.25600000000000006,
         'y[2]': 108.0}),
    "peer_mod": (
        "autograd test_scalar_ops: mod (Python's %) in its first argument",
        'y = (x % 2.0) * x + x // 3\n',
        {'x': 5.3},
        'y', 7.889999999999999,
        {'x': 6.6}),
    "peer_log_family": (
        'autograd test_scalar_ops: log10, log2, log1p, expm1 and exp2',
        'import numpy as np\n'
        'y = np.log10(x) + np.log2(x) + np.log1p(x) - np.expm1(-x) + 2**x\n',
        {'x': 2.5},
        'y', 9.54740032292325,
        {'x': 5.03962766732926}),
    "peer_trig_inverse": (
        'autograd test_scalar_ops: arcsin, arccos, arctan, arcsinh',
        'import numpy as np\n'
        'y = np.arcsin(x) * np.arccos(x) + np.arctan(3*x)\n'
        'y = y + np.arcsinh(x) + np.arccosh(1 + x**2)\n',
        {'x': 0.4},
        'y', 2.3015586225686553,
        {'x': 4.334688445150088}),
    "gw_speelpenning_reverse_prod": (
        'G&W: Speelpenning by a running product in a while loop',
        'i = 0\n'
        'y = 1.0\n'
        'while i < len(x):\n'
        '    y = y * x[i]\n'
        '    i += 1\n',
        {'x': [0.9, 1.1, -1.3, 0.7]},
        'y', -0.9009,
        {'x[0]': -1.0010000000000001, 'x[1]': -0.819, 'x[2]': 0.693, 'x[3]': -1.2870000000000001}),
    "cs231n_mul_gate_swap": (
        'CS231n patterns: the mul gate swaps, the add gate distributes',
        'a = x * y\n'
        'b = a + z\n'
        'c = max(b, w)\n'
        'f = c * 2\n',
        {'x': 3.0, 'y': -4.0, 'z': 2.0, 'w': -1.0},
        'f', -2.0,
        {'x': -0.0, 'y': 0.0, 'z': 0.0, 'w': 2.0}),
    "mit18337_newton_dual": (
        '18.337: Newton iteration for x³ = a, differentiated in a',
        'x = 1.0\n'
        'for k in range(8):\n'
        '    x = x - (x**3 - a) / (3 * x**2)\n',
        {'a': 2.0},
        'x', 1.2599210498948732,
        {'a': 0.2099868416491455}),
    "csc413_softmax_xent_onehot": (
        'CSC413: softmax cross-entropy with a one-hot target t',
        'import numpy as np\n'
        'z = W @ x + b\n'
        'y = np.exp(z) / np.sum(np.exp(z))\n'
        'L = -np.sum(t * np.log(y))\n',
        {'W': [[0.1, -0.2], [0.4, 0.3], [-0.5, 0.2]], 'x': [1.0, 2.0], 'b': [0.0, 0.1, -0.1],
         't': [0.0, 0.0, 1.0]},
        'L', 1.7181369843239251,
        {'W[0,0]': 0.1623278888042037, 'W[0,1]': 0.3246557776084074, 'W[1,0]': 0.658272049296773,
         'W[1,1]': 1.316544098593546, 'W[2,0]': -0.8205999381009765, 'W[2,1]': -1.641199876201953,
         'x[0]': 0.6898415776496178, 'x[1]': 0.0008960494079958323, 'b[0]': 0.1623278888042037,
         'b[1]': 0.658272049296773, 'b[2]': -0.8205999381009765, 't[0]': 1.8181369843239252,
         't[1]': 0.4181369843239252, 't[2]': 1.7181369843239251}),
    "cs189_ridge_closed": (
        'CS189: ridge loss ||Xw - y||² + λ||w||², np.linalg.norm squared',
        'import numpy as np\n'
        'L = np.linalg.norm(X @ w - y) ** 2 + lam * np.linalg.norm(w) ** 2\n',
        {'X': [[1.0, 0.5], [0.2, -1.0], [0.3, 0.3]], 'w': [0.4, -0.7], 'y': [1.0, 0.5, -0.5],
         'lam': 0.3},
        'L', 1.344,
        {'X[0,0]': -0.76, 'X[0,1]': 1.3299999999999998, 'X[1,0]': 0.22400000000000003,
         'X[1,1]': -0.392, 'X[2,0]': 0.32800000000000007, 'X[2,1]': -0.574,
         'w[0]': -1.3019999999999998, 'w[1]': -1.684, 'y[0]': 1.9, 'y[1]': -0.56,
         'y[2]': -0.8200000000000001, 'lam': 0.6500000000000001}),

    # torch.nn.functional's losses and activations, fast.ai's clamp_min, axis=(0, 1): read since
    # h-courses17 (they were refused)
    "torch_F_losses": (
        'torch.nn.functional: mse_loss, l1_loss, binary_cross_entropy(_with_logits)',
        'import torch\n'
        'import torch.nn.functional as F\n'
        'z = x @ w\n'
        'p = torch.sigmoid(z)\n'
        'L = F.mse_loss(p, t) + F.l1_loss(z, t)\n'
        'L = L + F.binary_cross_entropy(p, t) + F.binary_cross_entropy_with_logits(z, t)\n',
        {'x': [[1.0, -0.5], [0.3, 0.8], [-1.2, 0.4]], 'w': [0.7, -0.2], 't': [1.0, 0.0, 1.0]},
        'L', 2.57666764748736,
        {'x[0,0]': -0.40896005897969906, 'x[0,1]': 0.1168457311370569,
         'x[1,0]': 0.5322527939124503, 'x[1,1]': -0.15207222683212868,
         'x[2,0]': -0.6350105362357893, 'x[2,1]': 0.18143158178165414, 'w[0]': 0.7324691752528331,
         'w[1]': 0.5375400716078487, 't[0]': 0.00668367924825819, 't[1]': -0.7083315976561402,
         't[2]': 1.4233614038006597}),
    "torch_F_activations": (
        'torch.nn.functional: silu, gelu, logsigmoid',
        'import torch.nn.functional as F\n'
        'L = (F.silu(x) * F.gelu(x) + F.logsigmoid(x)).sum()\n',
        {'x': [-1.5, -0.2, 0.4, 2.0]},
        'L', 0.4013203985826803,
        {'x[0]': 0.8565930477524696, 'x[1]': 0.4852797802498644, 'x[2]': 0.7756988117850767,
         'x[3]': 4.162878447054906}),
    "torch_F_softmax_dim": (
        'torch.nn.functional: softmax and log_softmax along dim=1',
        'import torch\n'
        'import torch.nn.functional as F\n'
        'S = X @ W\n'
        'P = F.softmax(S, dim=1)\n'
        'LP = F.log_softmax(S, dim=1)\n'
        'L = (P * Y).sum() - (LP * Y).sum() + torch.logsumexp(S, 1).sum()\n',
        {'X': [[1.0, -0.5], [0.2, 0.8]], 'W': [[0.3, -0.1, 0.6], [0.5, 0.2, -0.4]],
         'Y': [[0.0, 1.0, 0.0], [0.2, 0.3, 0.5]]},
        'L', 6.0228376760218145,
        {'X[0,0]': 0.7695500091498091, 'X[0,1]': -0.24829025045505376,
         'X[1,0]': 0.16318151815276347, 'X[1,1]': 0.38996497960601356,
         'W[0,0]': 0.5913415766544919, 'W[0,1]': -0.37084112253815615,
         'W[0,2]': 0.9794995458836643, 'W[1,0]': 0.2860980049044892, 'W[1,1]': 0.49771484083049566,
         'W[1,2]': -0.4838128457349849, 'Y[0,0]': 1.6165858905673258, 'Y[0,1]': 1.8098070077901232,
         'Y[0,2]': 1.1533048667283388, 'Y[1,0]': 1.253645823041344, 'Y[1,1]': 1.4515544643425542,
         'Y[1,2]': 1.6982429761969131}),
    "torch_F_cross_entropy": (
        'torch.nn.functional: cross_entropy(logits, classes)',
        'import torch.nn.functional as F\n'
        'logits = X @ W + b\n'
        'loss = F.cross_entropy(logits, torch.tensor([2, 0, 1]))\n',
        {'X': [[1.0, -0.5], [0.2, 0.8], [-0.3, 0.1]], 'W': [[0.3, -0.1, 0.6], [0.5, 0.2, -0.4]],
         'b': [0.0, 0.1, -0.1]},
        'loss', 0.798493613019577,
        {'X[0,0]': -0.07966420558215251, 'X[0,1]': 0.1250292604144576,
         'X[1,0]': -0.026533457724683615, 'X[1,1]': -0.09715145948141882,
         'X[2,0]': 0.10444498850019038, 'X[2,1]': -0.017253346738572997,
         'W[0,0]': 0.017244099047853814, 'W[0,1]': 0.15875880566112893,
         'W[0,2]': -0.17600290470898267, 'W[1,0]': -0.18209531433232393,
         'W[1,1]': 0.03654108405478396, 'W[1,2]': 0.14555423027753997,
         'b[0]': 0.014190029004752483, 'b[1]': -0.003577619849685576,
         'b[2]': -0.01061240915506674}),
    "fastai_relu_clamp_min": (
        'fast.ai part 2: relu as x.clamp_min(0.), mse as .pow(2).mean()',
        'def lin(x, w, b): return x @ w + b\n'
        'def relu(x): return x.clamp_min(0.)\n'
        'def mse(output, targ): return (output[:, 0] - targ).pow(2).mean()\n'
        'l1 = lin(x, w1, b1)\n'
        'l2 = relu(l1)\n'
        'out = lin(l2, w2, b2)\n'
        'loss = mse(out, y)\n',
        {'x': [[1.0, -1.0], [0.5, 2.0], [0.0, 1.0]], 'w1': [[0.3, -0.2, 0.5], [0.4, 0.1, -0.6]],
         'b1': [0.0, 0.1, 0.2], 'w2': [[0.7], [-0.3], [0.2]], 'b2': [0.1], 'y': [1.0, 0.0, 0.5]},
        'loss', 0.31300833333333333,
        {'x[0,0]': -0.042666666666666665, 'x[0,1]': 0.051199999999999996,
         'x[1,0]': 0.12689999999999999, 'x[1,1]': 0.1175, 'x[2,0]': -0.0324,
         'x[2,1]': -0.030000000000000006, 'w1[0,0]': 0.16449999999999998, 'w1[0,1]': -0.0705,
         'w1[0,2]': -0.08533333333333333, 'w1[1,0]': 0.574, 'w1[1,1]': -0.24599999999999997,
         'w1[1,2]': 0.08533333333333333, 'b1[0]': 0.24499999999999994,
         'b1[1]': -0.10499999999999998, 'b1[2]': -0.08533333333333333, 'w2[0,0]': 0.3985,
         'w2[1,0]': 0.06999999999999999, 'w2[2,0]': -0.5546666666666666,
         'b2[0]': -0.07666666666666669, 'y[0]': 0.42666666666666664, 'y[1]': -0.47,
         'y[2]': 0.12000000000000002}),
    "np_sum_axis_tuple": (
        'NumPy: a sum over two axes at once, axis=(0, 1), beside keepdims',
        'import numpy as np\n'
        'L = np.sum(A ** 2, axis=(0, 1)) + np.mean(A, axis=(0, 1), keepdims=True)[0, 0]\n',
        {'A': [[1.0, 2.0, -1.0], [3.0, -4.0, 0.5]]},
        'L', 31.5,
        {'A[0,0]': 2.1666666666666665, 'A[0,1]': 4.166666666666667, 'A[0,2]': -1.8333333333333333,
         'A[1,0]': 6.166666666666667, 'A[1,1]': -7.833333333333333, 'A[1,2]': 1.1666666666666667}),

    "peer_fmod_written_out": (
        "autograd test_scalar_ops' fmod, as tracer's refusal writes it out",
        'import numpy as np\n'
        'y = a - b * np.sign(a / b) * np.floor(np.abs(a / b))\n',
        {'a': -5.3, 'b': 3.0},
        'y', -2.3,
        {'a': 1.0, 'b': 1.0}),
    "torch_special_expit": (
        "torch.special.expit (scipy's name of the sigmoid) in a neuron",
        'import torch\n'
        'p = torch.special.expit(w @ x + b)\n'
        'L = -torch.log(p)\n',
        {'w': [0.5, -1.0], 'x': [1.0, 0.3], 'b': 0.1},
        'L', 0.554355244468527,
        {'w[0]': -0.42555748318834097, 'w[1]': -0.12766724495650228, 'x[0]': -0.21277874159417048,
         'x[1]': 0.42555748318834097, 'b': -0.42555748318834097}),

    "cs231n_svm_vectorized": (
        "CS231n's svm_loss_vectorized: margins[np.arange(N), y] = 0",
        'import numpy as np\n'
        'def svm_loss_vectorized(W, X, y, reg):\n'
        '    num_train = X.shape[0]\n'
        '    scores = X.dot(W)\n'
        '    correct = scores[np.arange(num_train), y]\n'
        '    margins = np.maximum(0, scores - correct[:, np.newaxis] + 1)\n'
        '    margins[np.arange(num_train), y] = 0\n'
        '    loss = np.sum(margins) / num_train\n'
        '    loss += reg * np.sum(W * W)\n'
        '    return loss\n'
        'loss = svm_loss_vectorized(W, X, [2, 0, 1], 0.1)\n',
        {'W': [[0.2, -0.5, 0.1], [1.5, 1.3, 2.1], [0.0, 0.25, 0.2]],
         'X': [[1.0, -0.5, 0.2], [0.3, 0.8, -1.0], [-0.7, 0.4, 0.9]]},
        'loss', 2.548583333333334,
        {'W[0,0]': -0.05999999999999997, 'W[0,1]': 0.7999999999999999,
         'W[0,2]': -0.7799999999999999, 'W[1,0]': -0.2666666666666666,
         'W[1,1]': 0.09333333333333335, 'W[1,2]': 1.1533333333333333, 'W[2,0]': 1.0333333333333332,
         'W[2,1]': -0.8166666666666667, 'W[2,2]': -0.12666666666666668,
         'X[0,0]': -0.16666666666666666, 'X[0,1]': -0.46666666666666656, 'X[0,2]': -0.05,
         'X[1,0]': -0.26666666666666666, 'X[1,1]': 0.1333333333333333, 'X[1,2]': 0.15,
         'X[2,0]': 0.4333333333333333, 'X[2,1]': 0.33333333333333326,
         'X[2,2]': -0.09999999999999999}),
    "makemore_logsumexp": (
        "Karpathy's makemore: logprobs by logits.logsumexp(1, keepdim=True)",
        'import torch\n'
        'logits = xenc @ W\n'
        'logprobs = logits - logits.logsumexp(1, keepdim=True)\n'
        'ys = [2, 0, 1]\n'
        'loss = -logprobs[torch.arange(3), ys].mean()\n',
        {'xenc': [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], 'W': [[0.3, -0.2, 0.9], [1.1, 0.4, -0.6]]},
        'loss', 0.9608971192060802,
        {'xenc[0,0]': -0.12319561394160686, 'xenc[0,1]': 0.22424093281744112,
         'xenc[1,0]': -0.0275283574145591, 'xenc[1,1]': -0.1306464838804478,
         'xenc[2,0]': 0.2434710527250598, 'xenc[2,1]': -0.10909240051589221,
         'W[0,0]': 0.19444001914579268, 'W[0,1]': -0.21539950024629864,
         'W[0,2]': 0.020959481100505994, 'W[1,0]': -0.1348342438449226,
         'W[1,1]': 0.09857173065592062, 'W[1,2]': 0.036262513189002005}),

    # Round 18: yet other courses (CS224n, 10-414 and 11-785 in NumPy's spelling, optimisation
    # and numerical-analysis loops, physics and control, JAX's cookbook, peer tools' READMEs);
    # every number by PyTorch 2.13 in float64, the same computation by .backward()
    "cs224n_naive_softmax_inplace": (
        'CS224n a2 utils.softmax as written: x -= tmp, x /= tmp in place',
        'import numpy as np\n'
        'def softmax(x):\n'
        '    tmp = np.max(x)\n'
        '    x -= tmp\n'
        '    x = np.exp(x)\n'
        '    tmp = np.sum(x)\n'
        '    x /= tmp\n'
        '    return x\n'
        'y_hat = softmax(np.dot(U, v_c))\n'
        'loss = -np.log(y_hat[1])\n',
        {'v_c': [0.2, -0.4, 0.1], 'U': [[0.5, 0.1, -0.2], [0.3, -0.6, 0.4], [-0.1, 0.2, 0.9]]},
        'loss', 0.8942521814071254,
        {'v_c[0]': -0.05467644519357123, 'v_c[1]': 0.4425763375253576,
         'v_c[2]': -0.03768008577928614, 'U[0,0]': 0.0605860812978573,
         'U[0,1]': -0.1211721625957146, 'U[0,2]': 0.03029304064892865,
         'U[1,0]': -0.11821734454357156, 'U[1,1]': 0.23643468908714313,
         'U[1,2]': -0.05910867227178578, 'U[2,0]': 0.057631263245714284,
         'U[2,1]': -0.11526252649142857, 'U[2,2]': 0.028815631622857142}),
    "cs224n_neg_sampling": (
        'CS224n a2: negSamplingLoss, -log σ(u_o·v_c) - Σ log σ(-u_k·v_c)',
        'import numpy as np\n'
        'def sigmoid(x):\n'
        '    return 1 / (1 + np.exp(-x))\n'
        'u_o = outsideVectors[0]\n'
        'neg = outsideVectors[[1, 3]]\n'
        'loss = -np.log(sigmoid(u_o.dot(v_c))) - np.sum(np.log(sigmoid(-neg.dot(v_c))))\n',
        {'v_c': [0.2, -0.4, 0.1],
         'outsideVectors': [[0.5, 0.1, -0.2], [0.3, -0.6, 0.4], [-0.1, 0.2, 0.9], [0.7, 0.0, 0.3]]},
        'loss', 2.3326306175534857,
        {'v_c[0]': 0.3099350488626508, 'v_c[1]': -0.3995144470732478, 'v_c[2]': 0.49439585803047514,
         'outsideVectors[0,0]': -0.09800026662400689, 'outsideVectors[0,1]': 0.19600053324801378,
         'outsideVectors[0,2]': -0.049000133312003445, 'outsideVectors[1,0]': 0.11683810458708146,
         'outsideVectors[1,1]': -0.23367620917416293, 'outsideVectors[1,2]': 0.05841905229354073,
         'outsideVectors[2,0]': 0.0, 'outsideVectors[2,1]': 0.0, 'outsideVectors[2,2]': 0.0,
         'outsideVectors[3,0]': 0.10847958815487023, 'outsideVectors[3,1]': -0.21695917630974046,
         'outsideVectors[3,2]': 0.054239794077435115}),
    "cs224n_gru_3steps": (
        'CS224n: a GRU cell unrolled over 3 steps in a for loop',
        'import numpy as np\n'
        'def sigmoid(x):\n'
        '    return 1 / (1 + np.exp(-x))\n'
        'h = np.zeros(2)\n'
        'for t in range(3):\n'
        '    z = sigmoid(Wz @ x[t] + Uz @ h)\n'
        '    r = sigmoid(Wr @ x[t] + Ur @ h)\n'
        '    h_tilde = np.tanh(Wh @ x[t] + Uh @ (r * h))\n'
        '    h = (1 - z) * h + z * h_tilde\n'
        'L = np.sum(h)\n',
        {'x': [[1.0, 0.5], [-0.3, 0.8], [0.2, -1.0]], 'Wz': [[0.1, 0.2], [-0.3, 0.4]],
         'Uz': [[0.5, -0.1], [0.2, 0.3]], 'Wr': [[0.3, -0.2], [0.1, 0.1]],
         'Ur': [[-0.4, 0.2], [0.6, 0.1]], 'Wh': [[0.7, 0.1], [-0.2, 0.5]],
         'Uh': [[0.2, 0.3], [-0.1, 0.4]]},
        'L', 0.06442044563922478,
        {'x[0,0]': 0.015173920623959086, 'x[0,1]': 0.11417747952259016,
         'x[1,0]': 0.12617038763423055, 'x[1,1]': 0.2151817291181763, 'x[2,0]': 0.3089671040929191,
         'x[2,1]': 0.1397024022793349, 'Wz[0,0]': 0.053594462098821,
         'Wz[0,1]': -0.02967089586931261, 'Wz[1,0]': -0.04899542103198,
         'Wz[1,1]': 0.22890421181284468, 'Uz[0,0]': -0.020939170519463493,
         'Uz[0,1]': -0.0015193873470377049, 'Uz[1,0]': 0.005848947380988279,
         'Uz[1,1]': -0.04611786569276328, 'Wr[0,0]': -0.00044826457560410006,
         'Wr[0,1]': 0.0005751464663350375, 'Wr[1,0]': 0.0032163227915910342,
         'Wr[1,1]': -0.01702255275489703, 'Ur[0,0]': 0.0009540912026659091,
         'Ur[0,1]': 0.00041662727814752344, 'Ur[1,0]': 0.0021422139358611594,
         'Ur[1,1]': 0.0049359832646977434, 'Wh[0,0]': 0.0720048277608387,
         'Wh[0,1]': -0.1689015801210652, 'Wh[1,0]': 0.1576618985313365,
         'Wh[1,1]': 0.045223315612178225, 'Uh[0,0]': 0.06815490298237332,
         'Uh[0,1]': 0.06605877763028299, 'Uh[1,0]': 0.06548303149736122,
         'Uh[1,1]': 0.04878838838123612}),
    "skipgram_window": (
        'CS224n: skip-gram loss over a window, naive softmax summed over context words in a for '
        'loop',
        'import numpy as np\n'
        'def softmax(x):\n'
        '    e = np.exp(x - np.max(x))\n'
        '    return e / e.sum()\n'
        'loss = 0.0\n'
        'for o in [0, 2, 3]:\n'
        '    y_hat = softmax(U @ v_c)\n'
        '    loss += -np.log(y_hat[o])\n',
        {'v_c': [0.2, -0.4, 0.1],
         'U': [[0.5, 0.1, -0.2], [0.3, -0.6, 0.4], [-0.1, 0.2, 0.9], [0.7, 0.0, 0.3]]},
        'loss', 4.391906787858302,
        {'v_c[0]': -0.01415895340770848, 'v_c[1]': -0.6511345671512015,
         'v_c[2]': 0.03900499938066948, 'U[0,0]': -0.06486232693679453,
         'U[0,1]': 0.12972465387358906, 'U[0,2]': -0.032431163468397264,
         'U[1,0]': 0.18241677821969432, 'U[1,1]': -0.36483355643938864,
         'U[1,2]': 0.09120838910984716, 'U[2,0]': -0.0714530690237214, 'U[2,1]': 0.1429061380474428,
         'U[2,2]': -0.0357265345118607, 'U[3,0]': -0.04610138225917837,
         'U[3,1]': 0.09220276451835674, 'U[3,2]': -0.023050691129589185}),
    "gd_quadratic_loop": (
        'Cornell CS4787 style: 5 gradient steps on ½xᵀAx - bᵀx, f after them, in x0',
        'import numpy as np\n'
        'A = np.array([[3.0, 1.0], [1.0, 2.0]])\n'
        'b = np.array([1.0, -1.0])\n'
        'x = x0\n'
        'for k in range(5):\n'
        '    grad = A @ x - b\n'
        '    x = x - eta * grad\n'
        'f = 0.5 * x @ A @ x - b @ x\n',
        {'x0': [1.0, 1.0], 'eta': 0.1},
        'f', -0.39399428125,
        {'x0[0]': -0.17249156250000003, 'x0[1]': 0.3783378125, 'eta': -6.2715531250000005}),
    "newton_hand_derivative": (
        "Princeton numerics: Newton's method with a hand derivative, x³ - 2x - c, 6 steps",
        'def f(x):\n'
        '    return x**3 - 2*x - c\n'
        'def fprime(x):\n'
        '    return 3*x**2 - 2\n'
        'x = 2.0\n'
        'for i in range(6):\n'
        '    x = x - f(x) / fprime(x)\n',
        {'c': 5.0},
        'x', 2.0945514815423265,
        {'c': 0.08959419247811949}),
    "nesterov": (
        "Cornell/Princeton: Nesterov's accelerated gradient on a quadratic, 4 steps, grad by hand",
        'def grad_f(x):\n'
        '    return a * x - 1\n'
        'x = x0\n'
        'v = 0\n'
        'for k in range(4):\n'
        '    v = mu * v - lr * grad_f(x + mu * v)\n'
        '    x = x + v\n'
        'f = 0.5 * a * x**2 - x\n',
        {'x0': 2.0, 'a': 3.0, 'mu': 0.9, 'lr': 0.1},
        'f', 0.08083322743837501,
        {'x0': 0.29699987292605, 'a': 0.32157725129607506, 'mu': 1.7259658068975,
         'lr': 4.515652354744999}),
    "heavy_ball": (
        'optimisation: Polyak heavy ball, x_{k+1} = x_k - α∇f + β(x_k - x_{k-1}), tuple assignment',
        'x_prev, x = x0, x0\n'
        'for k in range(3):\n'
        '    g = 4 * x**3\n'
        '    x_prev, x = x, x - alpha * g + beta * (x - x_prev)\n',
        {'x0': 1.0, 'alpha': 0.05, 'beta': 0.5},
        'x', 0.45371632916480004,
        {'x0': -0.2689148355584, 'alpha': -7.226311647232, 'beta': -0.4595449088}),
    "armijo_backtracking": (
        'Boyd-style backtracking line search: while f(x - t g) > f(x) - α t g², t *= β',
        'def f(x):\n'
        '    return x**4 - 3*x\n'
        'x = x0\n'
        'g = 4*x**3 - 3\n'
        't = 1.0\n'
        'while f(x - t*g) > f(x) - 0.3 * t * g**2:\n'
        '    t *= 0.5\n'
        'x_new = x - t * g\n',
        {'x0': 1.5},
        'x_new', 0.84375,
        {'x0': -0.6875}),
    "adam_by_hand": (
        'an optimisation course: Adam by hand, 3 steps with bias correction beta1 ** (t + 1)',
        'import numpy as np\n'
        'm = 0.0\n'
        'v = 0.0\n'
        'x = x0\n'
        'for t in range(3):\n'
        '    g = 2 * (x - 3)\n'
        '    m = beta1 * m + (1 - beta1) * g\n'
        '    v = beta2 * v + (1 - beta2) * g**2\n'
        '    m_hat = m / (1 - beta1 ** (t + 1))\n'
        '    v_hat = v / (1 - beta2 ** (t + 1))\n'
        '    x = x - lr * m_hat / (np.sqrt(v_hat) + 1e-8)\n',
        {'x0': 1.0, 'lr': 0.1, 'beta1': 0.9, 'beta2': 0.999},
        'x', 1.2993766079535347,
        {'x0': 0.9996096840711405, 'lr': 2.985959768614644, 'beta1': 0.005286228371960799,
         'beta2': -0.0047637703194425285}),
    "d2l_weight_decay": (
        'd2l 3.7: l2_penalty(w) = torch.sum(w.pow(2)) / 2 added as lambd * l2_penalty(w)',
        'import torch\n'
        'def l2_penalty(w):\n'
        '    return torch.sum(w.pow(2)) / 2\n'
        'def linreg(X, w, b):\n'
        '    return torch.matmul(X, w) + b\n'
        'def squared_loss(y_hat, y):\n'
        '    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2\n'
        'l = squared_loss(linreg(X, w, b), y) + lambd * l2_penalty(w)\n'
        'L = l.sum()\n',
        {'X': [[1.0, 2.0, -1.0], [0.5, -1.0, 2.0]], 'w': [[0.1], [-0.2], [0.3]], 'b': 0.05,
         'y': [1.0, -0.5], 'lambd': 3.0},
        'L', 2.60125,
        {'X[0,0]': -0.155, 'X[0,1]': 0.31, 'X[0,2]': -0.4649999999999999, 'X[1,0]': 0.14,
         'X[1,1]': -0.28, 'X[1,2]': 0.42000000000000004, 'w[0,0]': -0.24999999999999967,
         'w[1,0]': -5.7, 'w[2,0]': 6.1499999999999995, 'b': -0.1499999999999997,
         'y[0]': 1.5499999999999998, 'y[1]': -1.4000000000000001, 'lambd': 0.14}),
    "d2l_softmax_concise_ce": (
        'd2l 4.5: F.cross_entropy(X @ W + b, y) with y = torch.tensor([0, 2])',
        'import torch\n'
        'from torch.nn import functional as F\n'
        'y = torch.tensor([0, 2])\n'
        'y_hat = X @ W + b\n'
        'l = F.cross_entropy(y_hat, y)\n',
        {'X': [[1.0, 2.0], [0.5, -1.0]], 'W': [[0.1, 0.2, -0.3], [0.4, -0.5, 0.6]],
         'b': [0.0, 0.1, -0.1]},
        'l', 1.3706123978594023,
        {'X[0,0]': -0.08110784887692435, 'X[0,1]': -0.0001754807703414074,
         'X[1,0]': 0.20483323149340518, 'X[1,1]': -0.3744713361039792,
         'W[0,0]': -0.20666450251296897, 'W[0,1]': 0.20794913574993162,
         'W[0,2]': -0.001284633236962679, 'W[1,0]': -0.6373342202656795,
         'W[1,1]': -0.22423048228196416, 'W[1,2]': 0.8615647025476436, 'b[0]': -0.15066319870303355,
         'b[1]': 0.3679813241953885, 'b[2]': -0.21731812549235494}),
    "torch_autograd_bce_logits": (
        "PyTorch 'Automatic differentiation with torch.autograd': z = torch.matmul(x, w)+b, BCE "
        'with logits',
        'import torch\n'
        'x = torch.ones(5)\n'
        'y = torch.zeros(3)\n'
        'w = torch.randn(5, 3, requires_grad=True)\n'
        'b = torch.randn(3, requires_grad=True)\n'
        'z = torch.matmul(x, w)+b\n'
        'loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)\n'
        'loss.backward()\n'
        'print(w.grad)\n'
        'print(b.grad)\n',
        {
         'w': [[0.1, 0.2, -0.3], [0.4, -0.5, 0.6], [0.2, 0.1, 0.0], [-0.3, 0.2, 0.5],
               [0.1, 0.1, 0.1]],
         'b': [0.0, 0.1, -0.1]},
        'loss', 0.9811055065031589,
        {'w[0,0]': 0.20748644373395153, 'w[0,1]': 0.18327799910415932,
         'w[0,2]': 0.22999149370920416, 'w[1,0]': 0.20748644373395153,
         'w[1,1]': 0.18327799910415932, 'w[1,2]': 0.22999149370920416,
         'w[2,0]': 0.20748644373395153, 'w[2,1]': 0.18327799910415932,
         'w[2,2]': 0.22999149370920416, 'w[3,0]': 0.20748644373395153,
         'w[3,1]': 0.18327799910415932, 'w[3,2]': 0.22999149370920416,
         'w[4,0]': 0.20748644373395153, 'w[4,1]': 0.18327799910415932,
         'w[4,2]': 0.22999149370920416, 'b[0]': 0.20748644373395153, 'b[1]': 0.18327799910415932,
         'b[2]': 0.22999149370920416}),
    "survey_logistic_map": (
        'Baydin et al. survey, Fig. 1: the logistic map l_{n+1} = 4 l_n (1 - l_n), n = 4',
        'l = x\n'
        'for n in range(3):\n'
        '    l = 4 * l * (1 - l)\n',
        {'x': 0.3},
        'l', 0.9943449599999999,
        {'x': 1.3090816000000025}),
    "pendulum_euler": (
        'a pendulum, semi-implicit Euler, 3 steps: ω -= dt g/L sin θ; θ += dt ω',
        'import math\n'
        'g = 9.81\n'
        'dt = 0.1\n'
        'theta = theta0\n'
        'omega = 0.0\n'
        'for i in range(3):\n'
        '    omega = omega - dt * g / L * math.sin(theta)\n'
        '    theta = theta + dt * omega\n',
        {'theta0': 0.5, 'L': 1.5},
        'theta', 0.3209230746422467,
        {'theta0': 0.6679743194050087, 'L': 0.11332623336824463}),
    "lqr_cost_3steps": (
        'a control course: LQR cost over 3 steps, x = A @ x + B @ u[t]; J += x @ Q @ x + u[t] @ '
        'R @ u[t]',
        'import numpy as np\n'
        'A = np.array([[1.0, 0.1], [0.0, 1.0]])\n'
        'B = np.array([[0.0], [0.1]])\n'
        'Q = np.eye(2)\n'
        'R = 0.1 * np.eye(1)\n'
        'x = x0\n'
        'J = 0.0\n'
        'for t in range(3):\n'
        '    J += x @ Q @ x + u[t] @ R @ u[t]\n'
        '    x = A @ x + B @ u[t]\n'
        'J += x @ Q @ x\n',
        {'x0': [1.0, 0.0], 'u': [[-0.5], [0.2], [0.1]]},
        'J', 4.007889,
        {'x0[0]': 7.974, 'x0[1]': 0.9932000000000001, 'u[0,0]': -0.060419999999999995,
         'u[1,0]': 0.04984000000000001, 'u[2,0]': 0.016000000000000004}),
    "spring_verlet": (
        'a physics course: velocity Verlet for a spring, a = -k/m x, 3 steps',
        'dt = 0.1\n'
        'x = x0\n'
        'v = v0\n'
        'a = -k / m * x\n'
        'for n in range(3):\n'
        '    x = x + v * dt + 0.5 * a * dt**2\n'
        '    a_new = -k / m * x\n'
        '    v = v + 0.5 * (a + a_new) * dt\n'
        '    a = a_new\n'
        'E = 0.5 * m * v**2 + 0.5 * k * x**2\n',
        {'x0': 1.0, 'v0': 0.0, 'k': 4.0, 'm': 1.0},
        'E', 1.9936048450764803,
        {'x0': 3.9872096901529606, 'v0': 0.009374642995200078, 'k': 0.49539622608896,
         'm': 0.012019940720639957}),
    "projectile_drag": (
        "a physics course: a projectile with quadratic drag, 4 Euler steps, the range's x in the "
        'angle and speed',
        'import math\n'
        'dt = 0.05\n'
        'vx = v0 * math.cos(angle)\n'
        'vy = v0 * math.sin(angle)\n'
        'x = 0.0\n'
        'y = 0.0\n'
        'for i in range(4):\n'
        '    speed = math.sqrt(vx**2 + vy**2)\n'
        '    vx = vx - c * speed * vx * dt\n'
        '    vy = vy - (9.81 + c * speed * vy) * dt\n'
        '    x = x + vx * dt\n'
        '    y = y + vy * dt\n'
        '@output x\n',
        {'v0': 10.0, 'angle': 0.7, 'c': 0.05},
        'x', 1.4412697210918146,
        {'v0': 0.13544730347846715, 'angle': -1.210442727875311, 'c': -1.6860712577085044}),
    "kepler_newton": (
        "celestial mechanics: Kepler's equation E - e sin E = M by Newton, 6 steps; dE/dM = 1/(1 "
        '- e cos E)',
        'import math\n'
        'E = M\n'
        'for k in range(6):\n'
        '    E = E - (E - ecc * math.sin(E) - M) / (1 - ecc * math.cos(E))\n',
        {'M': 1.0, 'ecc': 0.3},
        'E', 1.2880913132118377,
        {'M': 1.0913293011504175, 'ecc': 1.0480083050499363}),
    "taylor_exp_factorial": (
        'numerical analysis: s += x**n / math.factorial(n)',
        'import math\n'
        's = 0\n'
        'for n in range(10):\n'
        '    s += x**n / math.factorial(n)\n',
        {'x': 0.7},
        's', 2.0137526991603205,
        {'x': 2.0137525879565974}),
    "horner_reversed": (
        "Horner's rule: for c in reversed(coeffs): p = p*x + c",
        'coeffs = [1.0, -3.0, 0.0, 2.0]\n'
        'p = 0.0\n'
        'for c in reversed(coeffs):\n'
        '    p = p * x + c\n',
        {'x': 1.5},
        'p', 3.25,
        {'x': 10.5}),
    "trapezoid": (
        'numerical analysis: the trapezoidal rule for ∫₀¹ exp(-k t²) dt, n = 8',
        'import numpy as np\n'
        'n = 8\n'
        'h = 1.0 / n\n'
        's = 0.5 * (np.exp(-k * 0.0) + np.exp(-k * 1.0))\n'
        'for i in range(1, n):\n'
        '    t = i * h\n'
        '    s += np.exp(-k * t**2)\n'
        'I = h * s\n',
        {'k': 1.3},
        'I', 0.6932873312947291,
        {'k': -0.1619699678552478}),
    "secant_method": (
        'numerical analysis: the secant method for x² - a, 5 steps, tuple assignment',
        'x0, x1 = 1.0, 2.0\n'
        'for k in range(5):\n'
        '    f0 = x0**2 - a\n'
        '    f1 = x1**2 - a\n'
        '    x0, x1 = x1, x1 - f1 * (x1 - x0) / (f1 - f0)\n',
        {'a': 3.0},
        'x1', 1.732050807565499,
        {'a': 0.28867513462058064}),
    "bisection": (
        "numerical analysis: bisection for x³ = a, 20 halvings (a's derivative through the path: "
        '0)',
        'lo, hi = 0.0, 2.0\n'
        'for i in range(20):\n'
        '    mid = (lo + hi) / 2\n'
        '    if mid**3 > a:\n'
        '        hi = mid\n'
        '    else:\n'
        '        lo = mid\n'
        'r = mid + 0 * a\n',
        {'a': 2.0},
        'r', 1.2599201202392578,
        {'a': 0.0}),
    "rk4_step": (
        "numerical analysis: two RK4 steps for y' = -k y + sin t",
        'import math\n'
        'def f(t, y):\n'
        '    return -k * y + math.sin(t)\n'
        'h = 0.1\n'
        't = 0.0\n'
        'y = y0\n'
        'for n in range(2):\n'
        '    k1 = f(t, y)\n'
        '    k2 = f(t + h/2, y + h/2 * k1)\n'
        '    k3 = f(t + h/2, y + h/2 * k2)\n'
        '    k4 = f(t + h, y + h * k3)\n'
        '    y = y + h/6 * (k1 + 2*k2 + 2*k3 + k4)\n'
        '    t = t + h\n',
        {'y0': 1.0, 'k': 0.7},
        'y', 0.8883919783188473,
        {'y0': 0.8693582612150228, 'k': -0.17511253411925493}),
    "chebyshev_recurrence": (
        'numerical analysis: Chebyshev T_5(x) by T_{n+1} = 2x T_n - T_{n-1}, tuple assignment',
        'T0, T1 = 1.0, x\n'
        'for n in range(4):\n'
        '    T0, T1 = T1, 2 * x * T1 - T0\n',
        {'x': 0.3},
        'T1', 0.99888,
        {'x': 0.24799999999999955}),
    "stable_softplus": (
        'CS224n/numerics: a stable softplus, np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x))), '
        'summed',
        'import numpy as np\n'
        'L = np.sum(np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x))))\n',
        {'x': [-2.0, 0.5, 3.0]},
        'L', 4.149592346796821,
        {'x[0]': 0.11920292202211755, 'x[1]': 0.6224593312018546, 'x[2]': 0.9525741268224333}),
    "cs231n_assert_shapes": (
        'CS231n-style: assert X.shape[1] == W.shape[0] before the scores',
        'import numpy as np\n'
        "assert X.shape[1] == W.shape[0], 'shapes'\n"
        'scores = X.dot(W)\n'
        'L = np.sum(scores ** 2)\n',
        {'X': [[1.0, 2.0], [0.5, -1.0]], 'W': [[0.1, 0.2, -0.3], [0.4, -0.5, 0.6]]},
        'L', 3.305,
        {'X[0,0]': -0.6799999999999999, 'X[0,1]': 2.5999999999999996, 'X[1,0]': 0.6199999999999999,
         'X[1,1]': -1.7799999999999998, 'W[0,0]': 1.45, 'W[0,1]': -1.0,
         'W[0,2]': 1.0499999999999998, 'W[1,0]': 4.3, 'W[1,1]': -4.4, 'W[1,2]': 5.1}),
    "mytorch_softmax_ce": (
        '11-785 HW1P1: CrossEntropyLoss, softmax by np.sum(axis=1, keepdims=True)',
        'import numpy as np\n'
        'N = A.shape[0]\n'
        'C = A.shape[1]\n'
        'Ones_C = np.ones((C, 1))\n'
        'Ones_N = np.ones((N, 1))\n'
        'softmax = np.exp(A) / np.sum(np.exp(A), axis=1, keepdims=True)\n'
        'crossentropy = (-Y * np.log(softmax)) @ Ones_C\n'
        'sum_crossentropy = Ones_N.T @ crossentropy\n'
        'L = sum_crossentropy / N\n',
        {'A': [[1.0, 2.0, 0.5], [0.5, -1.0, 0.0]], 'Y': [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]},
        'L[0,0]', 0.7842496947223366,
        {'A[0,0]': 0.11561194881107452, 'A[0,1]': -0.18573414039411879,
         'A[0,2]': 0.07012219158304424, 'A[1,0]': 0.2732746936330898,
         'A[1,1]': 0.060975826154864424, 'A[1,2]': -0.3342505197879543,
         'Y[0,0]': 0.7321843920539725, 'Y[0,1]': 0.23218439205397245, 'Y[0,2]': 0.9821843920539725,
         'Y[1,0]': 0.3020653026683642, 'Y[1,1]': 1.0520653026683642, 'Y[1,2]': 0.5520653026683642}),
    "mytorch_linear": (
        '11-785 HW1P1: Linear forward Z = A @ W.T + Ones @ b.T, then a loss',
        'import numpy as np\n'
        'Ones = np.ones((A.shape[0], 1))\n'
        'Z = A @ W.T + Ones @ b.T\n'
        'L = (Z ** 2).sum()\n',
        {'A': [[1.0, 2.0], [0.5, -1.0]], 'W': [[0.1, 0.2], [-0.3, 0.4], [0.5, 0.0]],
         'b': [[0.1], [0.2], [-0.1]]},
        'L', 1.1574999999999998,
        {'A[0,0]': 0.10000000000000003, 'A[0,1]': 0.7999999999999999, 'A[1,0]': 0.35,
         'A[1,1]': -0.30000000000000004, 'W[0,0]': 1.15, 'W[0,1]': 2.5,
         'W[1,0]': 1.0499999999999998, 'W[1,1]': 3.5, 'W[2,0]': 0.9500000000000001, 'W[2,1]': 1.3,
         'b[0,0]': 1.0999999999999999, 'b[1,0]': 0.6999999999999998, 'b[2,0]': 1.1}),
    "needle_softmax_loss_np": (
        "10-414 hw1's softmax_loss written in NumPy's spelling, as tracer's refusal of needle says",
        'import numpy as np\n'
        'def softmax_loss(Z, y_one_hot):\n'
        '    batch_size = Z.shape[0]\n'
        '    lhs = np.log(np.sum(np.exp(Z), axis=1))\n'
        '    rhs = np.sum(Z * y_one_hot, axis=1)\n'
        '    return np.sum(lhs - rhs) / batch_size\n'
        'L = softmax_loss(Z, y)\n',
        *SOFTMAX_LOSS),
    "teenygrad_mlp_star": (
        'teenygrad-style MLP with * for .mul: x.matmul(w1).relu().matmul(w2).log_softmax(1)',
        'import torch\n'
        'out = x.matmul(w1).relu().matmul(w2).log_softmax(1)\n'
        'loss = -(out * target).sum(1).mean()\n',
        *two_layer(("x", "w1", "w2", "target"),
                   [0.4948558773364967, 0.23235587733649668, 0.2923725783518652,
                    0.40737257835186524])),
    "tinygrad_readme_torchized": (
        'tinygrad README in torch spelling: torch.eye(3, requires_grad=True), y.matmul(x).sum()',
        'import torch\n'
        'x = torch.eye(3, requires_grad=True)\n'
        'y = torch.tensor([[2.0,0,-2.0]], requires_grad=True)\n'
        'z = y.matmul(x).sum()\n'
        'z.backward()\n'
        'print(x.grad.tolist())  # dz/dx\n'
        'print(y.grad.tolist())  # dz/dy\n',
        {},
        'z', 0.0,
        {'x[0,0]': 2.0, 'x[0,1]': 2.0, 'x[0,2]': 2.0, 'x[1,0]': 0.0, 'x[1,1]': 0.0, 'x[1,2]': 0.0,
         'x[2,0]': -2.0, 'x[2,1]': -2.0, 'x[2,2]': -2.0, 'y[0,0]': 1.0, 'y[0,1]': 1.0,
         'y[0,2]': 1.0}),
    "tangent_grad": (
        "Google Tangent's README: df = tangent.grad(f); df(3.0) of f's staged a = x*x, b = x*a, "
        'c = a + b',
        'import tangent\n'
        'def f(x):\n'
        '    a = x * x\n'
        '    b = x * a\n'
        '    c = a + b\n'
        '    return c\n'
        'df = tangent.grad(f)\n'
        'df(3.0)\n',
        {'x': 3.0},
        'y', 36.0,
        {'x': 33.0}),
    "jax_cookbook_logistic": (
        'JAX cookbook: logistic regression loss, grad(loss, argnums=0)(W, b), boolean targets',
        'import jax.numpy as jnp\n'
        'from jax import grad\n'
        'def sigmoid(x):\n'
        '    return 0.5 * (jnp.tanh(x / 2) + 1)\n'
        'def predict(W, b, inputs):\n'
        '    return sigmoid(jnp.dot(inputs, W) + b)\n'
        'inputs = jnp.array([[0.52, 1.12,  0.77],\n'
        '                   [0.88, -1.08, 0.15],\n'
        '                   [0.52, 0.06, -1.30],\n'
        '                   [0.74, -2.49, 1.39]])\n'
        'targets = jnp.array([True, True, False, True])\n'
        'def loss(W, b):\n'
        '    preds = predict(W, b, inputs)\n'
        '    label_probs = preds * targets + (1 - preds) * (1 - targets)\n'
        '    return -jnp.sum(jnp.log(label_probs))\n'
        'W = jnp.array([0.1, -0.2, 0.3])\n'
        'b = 0.1\n'
        'W_grad = grad(loss, argnums=0)(W, b)\n',
        {},
        'y', 1.9764756485147845,
        {'W[0]': -0.5408888497614377, 'W[1]': 0.5584608022378479, 'W[2]': -1.3320783693288747,
         'b': -0.6639152160074224}),
    "zygote_two_args_grad": (
        "Zygote's gradient((a, b) -> a*b, 2, 3) as grad(f)(2.0, 3.0): every parameter",
        'from jax import grad\n'
        'def f(a, b):\n'
        '    return a * b\n'
        'g = grad(f)(2.0, 3.0)\n',
        {},
        'y', 6.0,
        {'a': 3.0, 'b': 2.0}),
    "jax_tanh_by_hand": (
        'JAX cookbook/autograd README: tanh(x) = (1 - exp(-2x)) / (1 + exp(-2x)), grad at 1',
        'import jax.numpy as jnp\n'
        'from jax import grad\n'
        'def tanh(x):\n'
        '    y = jnp.exp(-2.0 * x)\n'
        '    return (1.0 - y) / (1.0 + y)\n'
        'print(grad(tanh)(1.0))\n',
        {'x': 1.0},
        'f', 0.7615941559557649,
        {'x': 0.41997434161402614}),
    "cs224n_rnn_rows": (
        'CS224n: a vanilla RNN, h = torch.tanh(W_hh @ h + W_xh @ x[t] + b), x a matrix of steps',
        'import torch\n'
        'h = torch.zeros(2)\n'
        'for t in range(3):\n'
        '    h = torch.tanh(W_hh @ h + W_xh @ x[t] + b)\n'
        'loss = (h ** 2).sum()\n',
        {'x': [[1.0, 0.5], [-0.3, 0.8], [0.2, -1.0]], 'W_hh': [[0.5, -0.1], [0.2, 0.3]],
         'W_xh': [[0.1, 0.2], [-0.3, 0.4]], 'b': [0.1, -0.2]},
        'loss', 0.24404335913868572,
        {'x[0,0]': 0.011499571444654777, 'x[0,1]': -0.036770815960497964,
         'x[1,0]': 0.06531258308101298, 'x[1,1]': -0.1028107735810204,
         'x[2,0]': 0.24115608286838255, 'x[2,1]': -0.25952600463014913,
         'W_hh[0,0]': 0.05770413279826131, 'W_hh[0,1]': 0.04703247385035716,
         'W_hh[1,0]': -0.35289682247544824, 'W_hh[1,1]': -0.06472828107949247,
         'W_xh[0,0]': -0.012950302060555446, 'W_xh[0,1]': -0.2559489893697276,
         'W_xh[1,0]': -0.13810681100027647, 'W_xh[1,1]': 0.5252044391475734,
         'b[0]': 0.0745501670611987, 'b[1]': -1.0350440689597682}),

    "needle_softmax_loss": (
        '10-414 hw1: softmax_loss with ndl.log, .sum(axes=(1,))',
        'import needle as ndl\n'
        'def softmax_loss(Z, y_one_hot):\n'
        '    batch_size = Z.shape[0]\n'
        '    lhs = ndl.log(ndl.exp(Z).sum(axes=(1,)))\n'
        '    rhs = (Z * y_one_hot).sum(axes=(1,))\n'
        '    loss = (lhs - rhs).sum()\n'
        '    return loss / batch_size\n'
        'L = softmax_loss(Z, y)\n',
        *SOFTMAX_LOSS),
    "needle_summation_broadcast": (
        '10-414 hw1: ndl.summation(a, axes=(0,)), ndl.broadcast_to, ndl.reshape',
        'import needle as ndl\n'
        's = ndl.summation(A, axes=(0,))\n'
        'B = ndl.broadcast_to(ndl.reshape(s, (1, 3)), (2, 3))\n'
        'L = ndl.summation(B * A)\n',
        {'A': [[1.0, 2.0, -1.0], [0.5, -3.0, 2.0]]},
        'L', 4.25,
        {'A[0,0]': 3.0, 'A[0,1]': -2.0, 'A[0,2]': 2.0, 'A[1,0]': 3.0, 'A[1,1]': -2.0,
         'A[1,2]': 2.0}),
    "needle_two_layer": (
        "10-414 hw2: nn_epoch's two-layer net, ndl.relu(X @ W1) @ W2 then softmax_loss",
        'import needle as ndl\n'
        'Z = ndl.relu(X @ W1) @ W2\n'
        'lhs = ndl.log(ndl.summation(ndl.exp(Z), axes=(1,)))\n'
        'rhs = ndl.summation(Z * y_one_hot, axes=(1,))\n'
        'loss = ndl.summation(lhs - rhs) / Z.shape[0]\n',
        *two_layer(("X", "W1", "W2", "y_one_hot"),
                   [0.1875, -0.07500000000000001, -0.069, 0.046000000000000006])),
    "needle_transpose": (
        '10-414: ndl.transpose (last two axes) and ndl.matmul',
        'import needle as ndl\n'
        'G = ndl.matmul(ndl.transpose(A), A)\n'
        'L = ndl.summation(G * G)\n',
        {'A': [[1.0, 2.0], [0.5, -1.0], [3.0, 0.2]]},
        'L', 139.2841,
        {'A[0,0]': 57.8, 'A[0,1]': 48.72, 'A[1,0]': 12.1, 'A[1,1]': -15.96, 'A[2,0]': 124.68,
         'A[2,1]': 29.232000000000003}),
    "needle_gather_np": (
        "10-414 hw0's softmax_loss with Z[np.arange(m), y] and .mean()",
        'import numpy as np\n'
        'y = [2, 0, 1]\n'
        'm = Z.shape[0]\n'
        'loss = np.mean(np.log(np.exp(Z).sum(axis=1)) - Z[np.arange(m), y])\n',
        {'Z': [[1.0, 2.0, 3.0], [0.5, -1.0, 2.0], [0.0, 0.3, -0.2]]},
        'loss', 1.0007346054769288,
        {'Z[0,0]': 0.030010191056793478, 'Z[0,1]': 0.08157615701826587,
         'Z[0,2]': -0.1115863480750594, 'Z[1,0]': -0.27490320261998774,
         'Z[1,1]': 0.013037524423562482, 'Z[1,2]': 0.26186567819642526,
         'Z[2,0]': 0.1051992777709381, 'Z[2,1]': -0.1913291616835981,
         'Z[2,2]': 0.08612988391265994}),
    "pendulum_state_array": (
        'a control course: state = np.array([theta, omega]); state = state + dt * f(state), 3 '
        'steps',
        'import numpy as np\n'
        'def f(s):\n'
        '    return np.array([s[1], -9.81 / L * np.sin(s[0]) - b * s[1]])\n'
        'state = np.array([theta0, 0.0])\n'
        'dt = 0.1\n'
        'for _ in range(3):\n'
        '    state = state + dt * f(state)\n'
        'theta = state[0]\n',
        {'theta0': 0.5, 'L': 1.5, 'b': 0.2},
        'theta', 0.40656379793034964,
        {'theta0': 0.8289661793480614, 'L': 0.06229080137976689, 'b': 0.0031354430224714886}),
    "lqr_column_vectors": (
        'a control course: column-vector LQR, J += (x.T @ Q @ x)[0, 0] + r * u[t]**2',
        'import numpy as np\n'
        'A = np.array([[1.0, 0.1], [0.0, 1.0]])\n'
        'B = np.array([[0.0], [0.1]])\n'
        'Q = np.eye(2)\n'
        'x = x0\n'
        'J = 0\n'
        'for t in range(3):\n'
        '    x = A @ x + B * u[t]\n'
        '    J += (x.T @ Q @ x)[0, 0] + r * u[t]**2\n',
        {'x0': [[1.0], [0.0]], 'u': [-0.5, 0.2, 0.1], 'r': 0.1},
        'J', 3.0078889999999996,
        {'x0[0,0]': 5.974, 'x0[1,0]': 0.9932000000000001, 'u[0]': -0.060419999999999995,
         'u[1]': 0.04984000000000001, 'u[2]': 0.016000000000000004, 'r': 0.3}),
    "newton_while_true_break": (
        'numerics: Newton for √a with while True and break on abs(x*x - a) < 1e-12',
        'x = 1.0\n'
        'while True:\n'
        '    x_new = 0.5 * (x + a / x)\n'
        '    if abs(x_new - x) < 1e-12:\n'
        '        break\n'
        '    x = x_new\n',
        {'a': 5.0},
        'x', 2.236067977499978,
        {'a': 0.22360679775067221}),
    "tangent_if_else": (
        'Tangent/Zygote-style: a def with if/else on its input, differentiated at both sides',
        'def f(x):\n'
        '    if x > 0:\n'
        '        y = x ** 2\n'
        '    else:\n'
        '        y = -x ** 3\n'
        '    return y\n'
        'z = f(a) + f(-a)\n',
        {'a': 1.5},
        'z', 5.625,
        {'a': 9.75}),
    "jax_norm_dot": (
        'JAX: jnp.linalg.norm(x) ** 2 + jnp.dot(x, W @ x)',
        'import jax.numpy as jnp\n'
        'L = jnp.linalg.norm(x) ** 2 + jnp.dot(x, W @ x)\n',
        {'x': [0.5, -1.0, 2.0], 'W': [[1.0, 0.2, 0.0], [0.1, 2.0, -0.3], [0.0, 0.4, 1.5]]},
        'L', 13.15,
        {'x[0]': 1.7, 'x[1]': -5.6499999999999995, 'x[2]': 9.9, 'W[0,0]': 0.25, 'W[0,1]': -0.5,
         'W[0,2]': 1.0, 'W[1,0]': -0.5, 'W[1,1]': 1.0, 'W[1,2]': -2.0, 'W[2,0]': 1.0,
         'W[2,1]': -2.0, 'W[2,2]': 4.0}),
    # Round 19 (h-courses19): textbooks (Goodfellow et al., Bishop, Murphy), PyTorch's
    # tutorial, autograd's test_numpy and Zygote's README; every number by PyTorch 2.13
    # in float64, the same computation by .backward()
    "goodfellow_mlp_relu_xent": (
        'Goodfellow et al. 6.5: a 2-layer ReLU MLP, cross-entropy with logsumexp, weight decay',
        'import numpy as np\ny = [1, 0]\nH = np.maximum(0, X @ W1 + b1)\nU = H @ W2 + b2\n'
        'm = np.max(U, axis=1, keepdims=True)\n'
        'lse = m + np.log(np.sum(np.exp(U - m), axis=1, keepdims=True))\n'
        'J = np.mean(lse[:, 0] - U[np.arange(2), y]) + lam * (np.sum(W1**2) + np.sum(W2**2))\n',
        {'X': [[1.0, -1.0], [0.5, 2.0]], 'W1': [[0.1, 0.2, -0.3], [0.4, -0.1, 0.2]],
         'b1': [0.0, 0.15, 0.2], 'W2': [[0.3, -0.2], [-0.4, 0.1], [0.5, 0.6]], 'b2': [0.1, -0.1],
         'lam': 0.01},
        'J', 0.5797956808702021,
        {'X[0,0]': -0.024687516275024482, 'X[0,1]': 0.012343758137512241,
         'X[1,0]': 0.0036470515067719258, 'X[1,1]': -0.04194109232787718,
         'W1[0,0]': -0.04358814383464911, 'W1[0,1]': -0.0738494375404733,
         'W1[0,2]': 0.0031176287669298277, 'W1[1,0]': -0.17435257533859644,
         'W1[1,1]': 0.30379015671371884, 'W1[1,2]': 0.040470515067719315,
         'b1[0]': -0.09117628766929822, 'b1[1]': -0.03226129370582419,
         'b1[2]': 0.018235257533859656, 'W2[0,0]': -0.148999689037807,
         'W2[0,1]': 0.15099968903780703, 'W2[1,0]': 0.09397619447068037,
         'W2[1,1]': -0.09997619447068035, 'W2[2,0]': -0.07205865890236841,
         'W2[2,1]': 0.0940586589023684, 'b2[0]': 0.06452258741164835,
         'b2[1]': -0.06452258741164832, 'lam': 1.26}),
    "bishop_sum_of_squares": (
        'Bishop 5.3: a tanh hidden layer, linear outputs, E = ½ Σ (y_k - t_k)²',
        'import numpy as np\na = W1 @ x\nz = np.tanh(a)\nyk = W2 @ z\n'
        'E = 0.5 * np.sum((yk - t)**2)\n',
        {'W1': [[0.1, -0.2], [0.4, 0.3], [-0.5, 0.6]], 'x': [1.0, -2.0],
         'W2': [[0.3, -0.1, 0.2], [0.5, 0.4, -0.3]], 't': [0.5, -0.5]},
        'E', 0.5747603940239838,
        {'W1[0,0]': 0.24203152756641316, 'W1[0,1]': -0.4840630551328263,
         'W1[1,0]': 0.4093691194449894, 'W1[1,1]': -0.8187382388899788,
         'W1[2,0]': -0.048198953045603864, 'W1[2,1]': 0.09639790609120773,
         'x[0]': 0.212050277057439, 'x[1]': 0.04548505849285185, 'W2[0,0]': -0.24432556244668782,
         'W2[0,1]': 0.10435413481069192, 'W2[0,2]': 0.494559320515004,
         'W2[1,0]': 0.43103107756349407, 'W2[1,1]': -0.1840981137021769,
         'W2[1,2]': -0.8724851984620549, 't[0]': 0.5287091349201265, 't[1]': -0.932731171720973}),
    "murphy_logreg_l2": (
        "Murphy 8.3: logistic regression's NLL with an L2 penalty, μ = σ(Xw)",
        'import numpy as np\nmu = 1/(1+np.exp(-(X @ w)))\n'
        'NLL = -np.sum(y*np.log(mu) + (1-y)*np.log(1-mu)) + 0.5*lam*np.dot(w, w)\n',
        {'X': [[1.0, 0.5, -0.3], [1.0, -1.5, 0.8], [1.0, 2.0, 0.1], [1.0, 0.3, -1.2]],
         'w': [0.3, -0.2, 0.4], 'y': [1.0, 0.0, 1.0, 0.0], 'lam': 0.1},
        'NLL', 3.227787895949888,
        {'X[0,0]': -0.14400319795332545, 'X[0,1]': 0.09600213196888364,
         'X[0,2]': -0.1920042639377673, 'X[1,0]': 0.21451263171029694,
         'X[1,1]': -0.14300842114019796, 'X[1,2]': 0.2860168422803959,
         'X[2,0]': -0.15449865048582304, 'X[2,1]': 0.10299910032388203,
         'X[2,2]': -0.20599820064776406, 'X[3,0]': 0.1320859052198421,
         'X[3,1]': -0.08805727014656141, 'X[3,2]': 0.17611454029312282,
         'w[0]': 0.19032229496996853, 'w[1]': -2.2304735864926717, 'w[2]': 0.17619371147280796,
         'y[0]': -0.08000000000000018, 'y[1]': -0.9200000000000004, 'y[2]': 0.060000000000000164,
         'y[3]': 0.2400000000000002, 'lam': 0.14500000000000002}),
    "pytorch_legendre_p3": (
        "PyTorch's tutorial: y_pred = a + b P3(c + d x), P3 the Legendre polynomial, loss "
        ".pow(2).sum()",
        'import torch\ndef P3(x):\n    return 0.5 * (5 * x ** 3 - 3 * x)\n'
        'y_pred = a + b * P3(c + d * x)\nloss = (y_pred - y).pow(2).sum()\n',
        {'a': 0.1, 'b': -1.0, 'c': 0.05, 'd': 0.3, 'x': [-3.14159, -1.0, 0.5, 2.0],
         'y': [0.0015926, -0.841471, 0.479426, 0.909297]},
        'loss', 0.9360810416249561,
        {'a': 1.044237260800675, 'b': 0.2921961425502043, 'c': -2.0551133110055217,
         'd': 17.19999625182159, 'x[0]': -1.4411317008016566, 'x[1]': 0.37467385312499996,
         'x[2]': -0.07158672, 'x[3]': 0.5215105743750003, 'y[0]': -1.0737412608006753,
         'y[1]': -1.211067, 'y[2]': 0.19885200000000003, 'y[3]': 1.0417190000000003}),
    "autograd_numpy_cumsum_axis": (
        "autograd test_numpy's test_cumsum: to_scalar(np.cumsum(x, axis=0)), to_scalar = sum(sin)",
        'import numpy as np\ndef to_scalar(x):\n    return np.sum(np.sin(x))\n'
        'y = to_scalar(np.cumsum(x, axis=0))\n',
        {'x': [[0.5, -1.2, 0.3], [1.1, 0.2, -0.7]]},
        'y', -0.38840906477672565,
        {'x[0,0]': 0.8483830395890839, 'x[0,1]': 0.9026600603448134, 'x[0,2]': 1.876397483128491,
         'x[1,0]': -0.029199522301288815, 'x[1,1]': 0.5403023058681398,
         'x[1,2]': 0.9210609940028851}),
    "autograd_numpy_max_keepdims": (
        "autograd test_numpy's test_max_axis_keepdims and test_prod_2",
        'import numpy as np\ndef to_scalar(x):\n    return np.sum(np.sin(x))\n'
        'y = to_scalar(np.max(x, axis=1, keepdims=True)) + to_scalar(np.prod(x, axis=0))\n',
        {'x': [[0.5, -1.2, 0.3], [1.1, 0.2, -0.7]]},
        'y', 1.4471576013230636,
        {'x[0,0]': 1.815359536155829, 'x[0,1]': 0.19426759497040594, 'x[0,2]': -0.6846216403069038,
         'x[1,0]': 0.8798583824553301, 'x[1,1]': -1.1656055698224355,
         'x[1,2]': 0.29340927441724446}),
    "autograd_numpy_slices": (
        "autograd test_numpy's test_index_slice_fanout and test_index_multiple_slices",
        'import numpy as np\ndef to_scalar(x):\n    return np.sum(np.sin(x))\n'
        'y = to_scalar(X[::-1, 0:2] + X[::-1, 1:3]) + to_scalar(v[2:6][1:3])\n',
        {'X': [[0.5, -1.2, 0.3], [1.1, 0.2, -0.7]], 'v': [0.4, -1.3, 0.9, 2.0, -0.6, 0.1, 0.7]},
        'y', -0.5987569966215379,
        {'X[0,0]': 0.7648421872844885, 'X[0,1]': 1.386452155555153, 'X[0,2]': 0.6216099682706645,
         'X[1,0]': 0.26749882862458735, 'X[1,1]': 1.1450813905149602, 'X[1,2]': 0.8775825618903728,
         'v[0]': 0.0, 'v[1]': 0.0, 'v[2]': 0.0, 'v[3]': -0.4161468365471424,
         'v[4]': 0.8253356149096783, 'v[5]': 0.0, 'v[6]': 0.0}),
    "torch_cumsum_dim": (
        'PyTorch: discounted returns by x.cumsum(0) and torch.cumsum(R, dim=1)',
        'import torch\nG = r * g\nc = G.cumsum(0)\n'
        'L = (c * c).sum() + torch.cumsum(R, dim=1)[:, -1].sum() * c[-1]\n',
        {'r': [1.0, -0.5, 2.0], 'g': [1.0, 0.9, 0.81], 'R': [[0.1, 0.2], [0.3, -0.4]]},
        'L', 6.4454,
        {'r[0]': 7.640000000000001, 'r[1]': 5.0760000000000005, 'r[2]': 3.6774000000000004,
         'g[0]': 7.640000000000001, 'g[1]': -2.8200000000000003, 'g[2]': 9.08, 'R[0,0]': 2.17,
         'R[0,1]': 2.17, 'R[1,0]': 2.17, 'R[1,1]': 2.17}),
    "zygote_pow_while": (
        "Zygote's README: pow(x, n) by a while loop, gradient(x -> pow(x, 3), 5) = 75",
        'def pow(x, n):\n    r = 1\n    while n > 0:\n        n -= 1\n        r *= x\n'
        '    return r\ny = pow(x, 3)\n',
        {'x': 5.0},
        'y', 125.0,
        {'x': 75.0}),
    # np.hstack, torch.cat and torch.stack, read since h-courses19 (they were refused)
    "ng_bias_column_hstack": (
        "Ng's CS229/ML course: a bias column by np.hstack([np.ones((m, 1)), X]), J = ‖Xθ - y‖²/2m",
        'import numpy as np\nm = 3\nXb = np.hstack([np.ones((m, 1)), X])\nr = Xb @ theta - y\n'
        'J = np.dot(r, r) / (2 * m)\n',
        {'X': [[1.0, 2.0], [0.5, -1.0], [3.0, 0.2]], 'theta': [0.5, -0.2, 0.1],
         'y': [1.0, 0.0, 2.0]},
        'J', 0.7777333333333334,
        {'X[0,0]': 0.03333333333333333, 'X[0,1]': -0.016666666666666666,
         'X[1,0]': -0.020000000000000004, 'X[1,1]': 0.010000000000000002,
         'X[2,0]': 0.1386666666666667, 'X[2,1]': -0.06933333333333334, 'theta[0]': -0.76,
         'theta[1]': -2.1966666666666668, 'theta[2]': -0.5720000000000001,
         'y[0]': 0.16666666666666666, 'y[1]': -0.1, 'y[2]': 0.6933333333333334}),
    "torch_cat_stack_rnn": (
        'PyTorch: an RNN step on torch.cat((x, h), dim=0), outputs stacked by torch.stack',
        'import torch\nh = h0\nfor t in range(2):\n'
        '    h = torch.tanh(W @ torch.cat((xs[t], h), dim=0))\n    if t == 0:\n        h1 = h\n'
        'H = torch.stack([h1, h])\nL = (H ** 2).sum()\n',
        {'h0': [0.1, -0.2], 'W': [[0.5, -0.3, 0.2, 0.1], [0.4, 0.1, -0.6, 0.3]],
         'xs': [[1.0, -1.0], [0.5, 2.0]]},
        'L', 0.5144006361006521,
        {'h0[0]': -0.0713531534926853, 'h0[1]': 0.16835949096674735, 'W[0,0]': 0.47425101494253685,
         'W[0,1]': -1.4200687957399702, 'W[0,2]': -0.18488165665885048,
         'W[0,3]': -0.20005573481449018, 'W[1,0]': 0.3948410205023685,
         'W[1,1]': -0.12093648226627612, 'W[1,2]': 0.10675908525831554,
         'W[1,3]': -0.04850115939088609, 'xs[0,0]': 0.46773133069307177,
         'xs[0,1]': -0.16501836004509204, 'xs[1,0]': -0.14533883004171191,
         'xs[1,1]': 0.1244543152251357}),
    # Round 20: numerical methods with loops, branches and a def passed in (bisect(f, …),
    # newton(f, df, …), rk4(f, …)), a list grown by append, NumPy's trapz and linalg.inv
    # and det, ML from scratch (makemore's backprop ninja, Nielsen, min-char-rnn, nanoGPT's
    # causal head) and physics and control; every value and gradient by PyTorch 2.13
    # (float64, .backward() on the same computation written in torch).
    "newton_sqrt_f_df": (
        "numerical methods: Newton's method as a def given f and its derivative, while |Δx| > tol",
        'def newton(f, df, x0, tol=1e-12):\n'
        '    x = x0\n'
        '    dx = f(x) / df(x)\n'
        '    while abs(dx) > tol:\n'
        '        x = x - dx\n'
        '        dx = f(x) / df(x)\n'
        '    return x\n'
        '\n'
        'f = lambda x: x**2 - a\n'
        'df = lambda x: 2*x\n'
        'r = newton(f, df, 1.0)\n',
        {'a': 2.0},
        'r', 1.4142135623730951,
        {'a': 0.3535533905932737}),
    "bisect_given_f": (
        "numerical methods: bisection as a def given f, on [0, a] (the gradient is the path's: "
        'through hi = a)',
        'def bisect(f, lo, hi, tol=1e-6):\n'
        '    while hi - lo > tol:\n'
        '        mid = (lo + hi) / 2\n'
        '        if f(lo) * f(mid) <= 0:\n'
        '            hi = mid\n'
        '        else:\n'
        '            lo = mid\n'
        '    return (lo + hi) / 2\n'
        '\n'
        'f = lambda x: x**2 - a\n'
        'root = bisect(f, 0.0, a)\n',
        {'a': 3.0},
        'root', 1.7320507764816284,
        {'a': 0.5773502588272095}),
    "fixed_point_tolerance_break": (
        'numerical methods: fixed-point iteration x = g(x), for _ in range(100) with a tolerance '
        'break',
        'import math\n'
        'def g(x):\n'
        '    return math.exp(-c * x)\n'
        '\n'
        'x = 0.5\n'
        'for _ in range(100):\n'
        '    x_new = g(x)\n'
        '    if abs(x_new - x) < 1e-13:\n'
        '        break\n'
        '    x = x_new\n',
        {'c': 1.0},
        'x', 0.5671432904098423,
        {'c': -0.20524703377324738}),
    "horner_downward_range": (
        "Horner's rule, p = c[n-1], for i in range(n - 2, -1, -1): p = p*x + c[i], in the "
        'coefficients too',
        'def horner(c, x):\n'
        '    n = len(c)\n'
        '    p = c[n - 1]\n'
        '    for i in range(n - 2, -1, -1):\n'
        '        p = p * x + c[i]\n'
        '    return p\n'
        '\n'
        'y = horner(c, x)\n',
        {'c': [1.0, -2.0, 0.5, 3.0], 'x': 1.3},
        'y', 5.836000000000001,
        {'c[0]': 1.0, 'c[1]': 1.3, 'c[2]': 1.6900000000000002, 'c[3]': 2.1970000000000005,
         'x': 14.510000000000002}),
    "euler_decay_zeros_filled": (
        'numerical methods: Euler for dy/dt = -k y, y = np.zeros(N + 1) filled by y[n + 1] = y[n] '
        '+ dt f(t[n], y[n]); its error at T',
        'import numpy as np\n'
        'T = 1.0\n'
        'N = 10\n'
        't = np.linspace(0, T, N + 1)\n'
        'dt = t[1] - t[0]\n'
        'y = np.zeros(N + 1)\n'
        'y[0] = y0\n'
        'def f(t, y):\n'
        '    return -k * y\n'
        'for n in range(N):\n'
        '    y[n + 1] = y[n] + dt * f(t[n], y[n])\n'
        'err = y[-1] - y0 * np.exp(-k * T)\n',
        {'y0': 2.0, 'k': 0.8},
        'err', -0.029881019787178942,
        {'y0': -0.014940509893589485, 'k': -0.04566479833867031}),
    "euler_list_append": (
        "numerical methods: Euler's trajectory kept in a list, ys.append(ys[-1] - h k ys[-1])",
        'ys = [y0]\n'
        'h = 0.1\n'
        'for n in range(10):\n'
        '    ys.append(ys[-1] - h * k * ys[-1])\n'
        'y_end = ys[-1]\n',
        {'y0': 2.0, 'k': 0.8},
        'y_end', 0.8687769084472642,
        {'y0': 0.4343884542236321, 'k': -0.9443227265731133}),
    "rk4_pendulum_given_f": (
        "numerical methods: a pendulum's state np.array([θ, ω]) by rk4(f, s, h), f passed in, 5 "
        'steps; θ in θ0 and L',
        'import numpy as np\n'
        'g = 9.81\n'
        'def pendulum(s):\n'
        '    theta, omega = s\n'
        '    return np.array([omega, -g / L * np.sin(theta)])\n'
        '\n'
        'def rk4(f, s, h):\n'
        '    k1 = f(s)\n'
        '    k2 = f(s + h / 2 * k1)\n'
        '    k3 = f(s + h / 2 * k2)\n'
        '    k4 = f(s + h * k3)\n'
        '    return s + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)\n'
        '\n'
        's = np.array([theta0, 0.0])\n'
        'for i in range(5):\n'
        '    s = rk4(pendulum, s, 0.05)\n'
        'theta = s[0]\n',
        {'theta0': 0.3, 'L': 1.2},
        'theta', 0.22753862532503658,
        {'theta0': 0.7649171008640799, 'L': 0.057886267317810644}),
    "np_trapz_and_trapezoid": (
        "numerical methods: NumPy's trapezoidal rule, np.trapz(f, x) and np.trapezoid(f, dx=h)",
        'import numpy as np\n'
        'x = np.linspace(0, 1, 9)\n'
        'fx = np.exp(-k * x**2)\n'
        'I = np.trapz(fx, x) + np.trapezoid(fx, dx=x[1] - x[0])\n',
        {'k': 1.3},
        'I', 1.3865746625894582,
        {'k': -0.32393993571049573}),
    "power_method": (
        'numerical linear algebra: the power method, 60 steps of v = w / np.linalg.norm(w), λ = v '
        'A v (its gradient v vᵀ)',
        'import numpy as np\n'
        'v = np.ones(3)\n'
        'for i in range(60):\n'
        '    w = A @ v\n'
        '    v = w / np.linalg.norm(w)\n'
        'lam = v @ A @ v\n',
        {'A': [[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]]},
        'lam', 4.732050807568878,
        {'A[0,0]': 0.044658198738520484, 'A[0,1]': 0.12200846792804332,
         'A[0,2]': 0.16666666666638544, 'A[1,0]': 0.12200846792824921, 'A[1,1]': 0.3333333333333335,
         'A[1,2]': 0.45534180126109525, 'A[2,0]': 0.166666666666948, 'A[2,1]': 0.45534180126186374,
         'A[2,2]': 0.6220084679281459}),
    "gauss_seidel": (
        'numerical linear algebra: 8 Gauss-Seidel sweeps, x[i] = (b[i] - Σ_{j≠i} A[i, j] x[j]) / '
        'A[i, i] in place',
        'import numpy as np\n'
        'n = len(b)\n'
        'x = np.zeros(n)\n'
        'for sweep in range(8):\n'
        '    for i in range(n):\n'
        '        s = 0.0\n'
        '        for j in range(n):\n'
        '            if j != i:\n'
        '                s += A[i, j] * x[j]\n'
        '        x[i] = (b[i] - s) / A[i, i]\n'
        'r = x.sum()\n',
        GAUSS_SEIDEL_SYSTEM,
        'r', 0.8265298052598868,
        {'A[0,0]': -0.04581357186852828, 'A[0,1]': -0.041235453985143035,
         'A[0,2]': -0.09849959810595396, 'A[1,0]': -0.020825766295230586,
         'A[1,1]': -0.01874125536535375, 'A[1,2]': -0.0447750126019757,
         'A[2,0]': -0.027070172317943498, 'A[2,1]': -0.024366448211951414,
         'A[2,2]': -0.05820418317512951, 'b[0]': 0.22448974145925615, 'b[1]': 0.10204103416297536,
         'b[2]': 0.1326526651582266}),
    "gd_meta_gradient_lr": (
        'optimisation: 20 steps of x -= lr * grad_f(x) on a quadratic, the loss after them in the '
        'learning rate (a meta-gradient)',
        'import numpy as np\n'
        'A = np.array([[3.0, 0.5], [0.5, 1.0]])\n'
        'b = np.array([1.0, -2.0])\n'
        'def f(x):\n'
        '    return 0.5 * x @ A @ x - b @ x\n'
        'def grad_f(x):\n'
        '    return A @ x - b\n'
        'x = np.array([0.0, 0.0])\n'
        'for step in range(20):\n'
        '    x -= lr * grad_f(x)\n'
        'loss = f(x)\n',
        {'lr': 0.2},
        'loss', -2.7261305514010465,
        {'lr': -0.04892433138944281}),
    "lse_softplus_python_list": (
        'numerics: log-sum-exp with m = max(xs) over a Python list, and a softplus that branches '
        "on its argument's sign",
        'import math\n'
        'def softplus(x):\n'
        '    if x > 0:\n'
        '        return x + math.log1p(math.exp(-x))\n'
        '    return math.log1p(math.exp(x))\n'
        '\n'
        'def lse(xs):\n'
        '    m = max(xs)\n'
        '    return m + math.log(sum(math.exp(x - m) for x in xs))\n'
        '\n'
        'y = lse([a, b, c]) + softplus(a) + softplus(-b)\n',
        {'a': 1.0, 'b': 3.0, 'c': -2.0},
        'y', 4.49469427281954,
        {'a': 0.8495582331650144, 'b': 0.8281747218855209, 'c': 0.00589975040190278}),
    "makemore_backprop_ninja": (
        'makemore part 4 (backprop ninja), its forward pass at n = 4: embedding, batchnorm with n '
        '- 1, tanh, logits - logits.max(1, keepdim=True).values, counts_sum**-1, '
        "-logprobs[range(n), Yb].mean(); F.cross_entropy's loss",
        'import torch\n'
        'Xb = torch.tensor([[0, 1], [2, 3], [1, 1], [3, 0]])\n'
        'Yb = torch.tensor([2, 0, 3, 1])\n'
        'n = 4\n'
        'embcat = torch.cat([C[Xb[:, 0]], C[Xb[:, 1]]], 1)\n'
        'hprebn = embcat @ W1 + b1\n'
        'bnmeani = 1/n*hprebn.sum(0, keepdim=True)\n'
        'bndiff = hprebn - bnmeani\n'
        'bndiff2 = bndiff**2\n'
        'bnvar = 1/(n-1)*(bndiff2).sum(0, keepdim=True)\n'
        'bnvar_inv = (bnvar + 1e-5)**-0.5\n'
        'bnraw = bndiff * bnvar_inv\n'
        'hpreact = bngain * bnraw + bnbias\n'
        'h = torch.tanh(hpreact)\n'
        'logits = h @ W2 + b2\n'
        'logit_maxes = logits.max(1, keepdim=True).values\n'
        'norm_logits = logits - logit_maxes\n'
        'counts = norm_logits.exp()\n'
        'counts_sum = counts.sum(1, keepdims=True)\n'
        'counts_sum_inv = counts_sum**-1\n'
        'probs = counts * counts_sum_inv\n'
        'logprobs = probs.log()\n'
        'loss = -logprobs[range(n), Yb].mean()\n',
        {'C': [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.2], [0.05, 0.6]],
         'W1': [[0.2, -0.1, 0.3], [0.4, 0.5, -0.2], [-0.3, 0.1, 0.2], [0.1, -0.4, 0.6]],
         'b1': [0.01, -0.02, 0.03], 'bngain': [[1.0, 0.9, 1.1]], 'bnbias': [[0.0, 0.1, -0.1]],
         'W2': [[0.3, -0.2, 0.1, 0.4], [-0.1, 0.5, 0.2, -0.3], [0.2, 0.1, -0.4, 0.3]],
         'b2': [0.0, 0.1, -0.1, 0.05]},
        'loss', 1.4244178415738764,
        {'C[0,0]': 0.040103617373689046, 'C[0,1]': 0.026898784447000765,
         'C[1,0]': -0.07319003770696027, 'C[1,1]': 0.07095089961750542,
         'C[2,0]': -0.08551493269648802, 'C[2,1]': -0.012448882220525688,
         'C[3,0]': 0.11860135302975923, 'C[3,1]': -0.08540080184398048,
         'W1[0,0]': 0.04990361097213871, 'W1[0,1]': 0.01000038160552678,
         'W1[0,2]': 0.04469843847827967, 'W1[1,0]': 0.017949370571849785,
         'W1[1,1]': 0.06288283247744783, 'W1[1,2]': -0.11856704285683016,
         'W1[2,0]': -0.01074841668816895, 'W1[2,1]': 0.006279982861057079,
         'W1[2,2]': 0.02249072777548719, 'W1[3,0]': -0.20377672614618633,
         'W1[3,1]': 0.07768046802844944, 'W1[3,2]': -0.06935727967620477,
         'b1[0]': 5.551115123125783e-17, 'b1[1]': -1.3877787807814457e-17, 'b1[2]': 0.0,
         'bngain[0,0]': 0.014974851557108045, 'bngain[0,1]': -0.022089094010314565,
         'bngain[0,2]': 0.04075478849765775, 'bnbias[0,0]': -0.028759704155119803,
         'bnbias[0,1]': 0.07866663589967564, 'bnbias[0,2]': -0.001981016266615631,
         'W2[0,0]': 0.08007908957420258, 'W2[0,1]': -0.17384385976953803,
         'W2[0,2]': 0.25170251840159286, 'W2[0,3]': -0.1579377482062573,
         'W2[1,0]': 0.06007388564968133, 'W2[1,1]': -0.21082155909353345,
         'W2[1,2]': 0.20762404531438733, 'W2[1,3]': -0.05687637187053516,
         'W2[2,0]': 0.03545950601099858, 'W2[2,1]': 0.23887674493063413,
         'W2[2,2]': -0.20020132234368682, 'W2[2,3]': -0.0741349285979459,
         'b2[0]': -0.005241897918862058, 'b2[1]': 0.01644849184223482,
         'b2[2]': -0.024580329287331962, 'b2[3]': 0.013373735363959229}),
    "nielsen_quadratic_cost": (
        'Nielsen, Neural Networks and Deep Learning ch. 1-2: network [2, 3, 1] of column vectors, '
        'a = sigmoid(np.dot(w, a) + b) for b, w in zip(…), C = ½‖a - y‖²',
        'import numpy as np\n'
        'def sigmoid(z):\n'
        '    return 1.0/(1.0+np.exp(-z))\n'
        '\n'
        'a = x\n'
        'for b, w in zip((b1, b2), (w1, w2)):\n'
        '    a = sigmoid(np.dot(w, a)+b)\n'
        'C = 0.5*np.linalg.norm(a-y)**2\n',
        {'x': [[0.5], [-1.0]], 'y': [[1.0]], 'w1': [[0.2, -0.4], [0.7, 0.1], [-0.5, 0.3]],
         'b1': [[0.1], [-0.2], [0.05]], 'w2': [[0.6, -0.3, 0.8]], 'b2': [[-0.1]]},
        'C', 0.07713472973448429,
        {'x[0,0]': 0.011148906035809916, 'x[1,0]': 0.0005623082874308066,
         'y[0,0]': 0.39277151051084214, 'w1[0,0]': -0.006429533405454514,
         'w1[0,1]': 0.012859066810909028, 'w1[1,0]': 0.003510685771021373,
         'w1[1,1]': -0.007021371542042746, 'w1[2,0]': -0.0088057593185618,
         'w1[2,1]': 0.0176115186371236, 'b1[0,0]': -0.012859066810909028,
         'b1[1,0]': 0.007021371542042746, 'b1[2,0]': -0.0176115186371236,
         'w2[0,0]': -0.06048302367090665, 'w2[0,1]': -0.04800912167036479,
         'w2[0,2]': -0.035366805818299395, 'b2[0,0]': -0.09367681084765066}),
    "min_char_rnn_5_steps": (
        "Karpathy's min-char-rnn, 5 steps with a name per step for its dicts: the one-hot "
        'x[inputs[t]] = 1 of a column, tanh, softmax, -np.log(p[targets[t], 0])',
        'import numpy as np\n'
        'inputs = [0, 1, 2, 1, 0]\n'
        'targets = [1, 2, 1, 0, 2]\n'
        'h = np.copy(hprev)\n'
        'loss = 0\n'
        'for t in range(len(inputs)):\n'
        '    x = np.zeros((3, 1))\n'
        '    x[inputs[t]] = 1\n'
        '    h = np.tanh(np.dot(Wxh, x) + np.dot(Whh, h) + bh)\n'
        '    y = np.dot(Why, h) + by\n'
        '    p = np.exp(y) / np.sum(np.exp(y))\n'
        '    loss += -np.log(p[targets[t], 0])\n',
        {'hprev': [[0.1], [-0.1]], 'Wxh': [[0.2, -0.3, 0.1], [0.4, 0.1, -0.2]],
         'Whh': [[0.5, -0.2], [0.3, 0.1]], 'bh': [[0.0], [0.1]],
         'Why': [[0.3, -0.1], [0.2, 0.4], [-0.5, 0.1]], 'by': [[0.0], [0.05], [-0.05]]},
        'loss', 5.433385442323463,
        {'hprev[0,0]': -0.06378730328577407, 'hprev[1,0]': -0.02428767417246687,
         'Wxh[0,0]': 0.5225093355296253, 'Wxh[0,1]': 0.24635146265318042,
         'Wxh[0,2]': -0.18095290679363119, 'Wxh[1,0]': -0.1793813370471795,
         'Wxh[1,1]': 0.19958104578899116, 'Wxh[1,2]': -0.23830690894803216,
         'Whh[0,0]': -0.02734613218630773, 'Whh[0,1]': 0.17180152792333667,
         'Whh[1,0]': 0.02633818778428636, 'Whh[1,1]': -0.03860787211048865,
         'bh[0,0]': 0.5879078913891745, 'bh[1,0]': -0.21810720020622051,
         'Why[0,0]': 0.20135517034073275, 'Why[0,1]': 0.20343642468680753,
         'Why[1,0]': -0.2851496343261509, 'Why[1,1]': 0.1391101417372091,
         'Why[2,0]': 0.08379446398541808, 'Why[2,1]': -0.3425465664240167,
         'by[0,0]': 0.532973691370024, 'by[1,0]': -0.16528342919669248,
         'by[2,0]': -0.36769026217333123}),
    "nanogpt_causal_head": (
        "Karpathy's nanoGPT Head at T = 3, C = 2: k.transpose(-2, -1) * C**-0.5, torch.tril's "
        "mask by torch.where(tril == 0, -1e9, wei) (PyTorch's masked_fill with -inf), softmax, @ "
        'v',
        'import torch\n'
        'T, C = 3, 2\n'
        'q = x @ Wq\n'
        'k = x @ Wk\n'
        'v = x @ Wv\n'
        'wei = q @ k.transpose(-2, -1) * C**-0.5\n'
        'tril = torch.tril(torch.ones(T, T))\n'
        'wei = torch.where(tril == 0, -1e9, wei)\n'
        'wei = torch.softmax(wei, dim=-1)\n'
        'out = wei @ v\n'
        'L = (out ** 2).sum()\n',
        {'x': [[0.1, 0.5], [-0.3, 0.2], [0.4, -0.6]], 'Wq': [[0.5, -0.2], [0.1, 0.3]],
         'Wk': [[0.2, 0.4], [-0.3, 0.1]], 'Wv': [[1.0, 0.2], [-0.1, 0.7]]},
        'L', 0.2134923344807067,
        {'x[0,0]': 0.20446773986473074, 'x[0,1]': 0.691851591863569,
         'x[1,0]': -0.039678009918064666, 'x[1,1]': 0.1821110404039613,
         'x[2,0]': 0.04759353192561607, 'x[2,1]': 0.011554612718692233,
         'Wq[0,0]': 0.000946696511914712, 'Wq[0,1]': 0.0005259687359558549,
         'Wq[1,0]': -0.0014056902098800274, 'Wq[1,1]': -0.0010616897057825585,
         'Wk[0,0]': 0.0005737324479774056, 'Wk[0,1]': -0.0013443916729462616,
         'Wk[1,0]': -0.0007267758179129071, 'Wk[1,1]': 0.0011405601025256612,
         'Wv[0,0]': 0.04467243559110835, 'Wv[0,1]': 0.03385004905923695,
         'Wv[1,0]': -0.04022665799427018, 'Wv[1,1]': 0.5307422253700439}),
    "layernorm_def": (
        'layer norm as a def with eps=1e-5: x.mean(axis=-1, keepdims=True), the biased variance; '
        "F.layer_norm's",
        'import numpy as np\n'
        'def layernorm(x, gamma, beta, eps=1e-5):\n'
        '    mu = x.mean(axis=-1, keepdims=True)\n'
        '    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)\n'
        '    xhat = (x - mu) / np.sqrt(var + eps)\n'
        '    return gamma * xhat + beta\n'
        'out = layernorm(x, gamma, beta)\n'
        'L = (out * w).sum()\n',
        {'x': [[1.0, 2.0, 0.5], [-1.0, 0.3, 0.8]], 'gamma': [1.0, 0.8, 1.2],
         'beta': [0.0, 0.1, -0.1], 'w': [[0.5, -1.0, 2.0], [1.0, 0.3, -0.4]]},
        'L', -5.76109134575805,
        {'x[0,0]': -0.8590291045869343, 'x[0,1]': 0.2862784364937889, 'x[0,2]': 0.5727506680931436,
         'x[1,0]': -0.07072209208648472, 'x[1,1]': 0.2546607845264869,
         'x[1,2]': -0.18393869244000213, 'gamma[0]': -1.495678873459934,
         'gamma[1]': -1.2308399988333503, 'gamma[2]': -2.542283727692863, 'beta[0]': 1.5,
         'beta[1]': -0.7, 'beta[2]': 1.6, 'w[0,0]': -0.26725780576272545,
         'w[0,1]': 1.1690312230509015, 'w[0,2]': -1.382837467661082, 'w[1,0]': -1.3620499705785711,
         'w[1,1]': 0.3811974132807373, 'w[1,2]': 1.1126638447731796}),
    "conv1d_loops": (
        'a 1-D convolution (cross-correlation) written with loops, out[i] += x[i + j] * w[j], '
        "then relu²; F.conv1d's",
        'import numpy as np\n'
        'def conv1d(x, w, b):\n'
        '    n, k = len(x), len(w)\n'
        '    out = np.zeros(n - k + 1)\n'
        '    for i in range(n - k + 1):\n'
        '        for j in range(k):\n'
        '            out[i] += x[i + j] * w[j]\n'
        '        out[i] += b\n'
        '    return out\n'
        'y = conv1d(x, w, b)\n'
        'L = np.sum(np.maximum(y, 0) ** 2)\n',
        {'x': [1.0, -0.5, 2.0, 0.3, -1.2, 0.7], 'w': [0.2, -0.4, 0.5], 'b': 0.1},
        'L', 3.2301,
        {'x[0]': 0.6000000000000001, 'x[1]': -1.2000000000000002, 'x[2]': 1.5, 'x[3]': 0.396,
         'x[4]': -0.792, 'x[5]': 0.99, 'w[0]': 3.594, 'w[1]': -3.876, 'w[2]': 7.386, 'b': 4.98}),
    "huber_def_branches": (
        'a regression course: the Huber loss as a def with if abs(r) <= delta, over zip(x, y), '
        "with L2 on w; F.huber_loss's",
        'def huber(r, delta=1.0):\n'
        '    if abs(r) <= delta:\n'
        '        return 0.5 * r ** 2\n'
        '    return delta * (abs(r) - 0.5 * delta)\n'
        '\n'
        'loss = 0.0\n'
        'for xi, yi in zip(x, y):\n'
        '    loss += huber(w * xi + b - yi)\n'
        'loss = loss / len(x) + lam * w ** 2\n',
        {'x': [1.0, 2.0, -1.0, 0.5], 'y': [0.5, 4.0, -2.5, 0.2], 'w': 0.8, 'b': 0.1, 'lam': 0.01},
        'loss', 0.8126499999999999,
        {'x[0]': 0.08000000000000002, 'x[1]': -0.2, 'x[2]': 0.2, 'x[3]': 0.06, 'y[0]': -0.1,
         'y[1]': 0.25, 'y[2]': -0.25, 'y[3]': -0.075, 'w': -0.5965, 'b': 0.175,
         'lam': 0.6400000000000001}),
    "hinge_python_max": (
        'an SVM course: the hinge loss, sum(max(0, 1 - yᵢ sᵢ) for …) / n + ½ λ w·w',
        'import numpy as np\n'
        'scores = X @ w + b\n'
        'loss = sum(max(0, 1 - yi * si) for yi, si in zip(y, scores)) / len(y) + 0.5 * lam * '
        'np.dot(w, w)\n',
        {'X': [[1.0, 2.0], [-1.0, 0.5], [0.3, -0.2], [2.0, 1.0]], 'y': [1.0, -1.0, 1.0, -1.0],
         'w': [0.4, -0.3], 'b': 0.1, 'lam': 0.1},
        'loss', 1.0050000000000001,
        {'X[0,0]': -0.1, 'X[0,1]': 0.075, 'X[1,0]': 0.1, 'X[1,1]': -0.075, 'X[2,0]': -0.1,
         'X[2,1]': 0.075, 'X[3,0]': 0.1, 'X[3,1]': -0.075, 'y[0]': 0.024999999999999988,
         'y[1]': 0.11250000000000002, 'y[2]': -0.07, 'y[3]': -0.15, 'w[0]': -0.03499999999999995,
         'w[1]': -0.10500000000000001, 'b': 0.0, 'lam': 0.125}),
    "kmeans_distortion": (
        "k-means' distortion J = Σ ‖xᵢ - μ_c(i)‖² for fixed assignments, mu[c] by an integer array",
        'import numpy as np\n'
        'c = np.array([0, 1, 1, 0, 1])\n'
        'J = np.sum((X - mu[c]) ** 2)\n',
        {'X': [[1.0, 2.0], [3.0, 3.5], [2.5, 4.0], [0.5, 1.5], [3.2, 3.0]],
         'mu': [[0.8, 1.7], [3.0, 3.4]]},
        'J', 1.0800000000000003,
        {'X[0,0]': 0.3999999999999999, 'X[0,1]': 0.6000000000000001, 'X[1,0]': 0.0,
         'X[1,1]': 0.20000000000000018, 'X[2,0]': -1.0, 'X[2,1]': 1.2000000000000002,
         'X[3,0]': -0.6000000000000001, 'X[3,1]': -0.3999999999999999,
         'X[4,0]': 0.40000000000000036, 'X[4,1]': -0.7999999999999998,
         'mu[0,0]': 0.20000000000000018, 'mu[0,1]': -0.20000000000000018,
         'mu[1,0]': 0.5999999999999996, 'mu[1,1]': -0.6000000000000005}),
    "projectile_range": (
        "a physics course: a projectile's range v cos θ · 2 v sin θ / g, θ in degrees",
        'import math\n'
        'g = 9.81\n'
        'def projectile_range(v0, theta):\n'
        '    t_flight = 2 * v0 * math.sin(theta) / g\n'
        '    return v0 * math.cos(theta) * t_flight\n'
        '\n'
        'theta = deg * math.pi / 180\n'
        'R = projectile_range(v0, theta)\n',
        {'v0': 20.0, 'deg': 30.0},
        'R', 35.311943069701876,
        {'v0': 3.531194306970187, 'deg': 0.7116531098855576}),
    "spring_energy": (
        "a physics course: a spring-mass oscillator's energy ½ m v² + ½ k x² at t (½ k A² for "
        'every t; its t-derivative 0)',
        'import numpy as np\n'
        'omega = np.sqrt(k / m)\n'
        'x = A * np.cos(omega * t)\n'
        'v = -A * omega * np.sin(omega * t)\n'
        'E = 0.5 * m * v**2 + 0.5 * k * x**2\n',
        {'k': 4.0, 'm': 0.5, 'A': 0.3, 't': 1.1},
        'E', 0.18,
        {'k': 0.045, 'm': 9.75781955236954e-19, 'A': 1.2, 't': 0.0}),
    "lqr_feedback_gain": (
        'a control course: the cost of u = -K x on a double integrator over 10 steps, in the gain '
        'K (a policy gradient)',
        'import numpy as np\n'
        'A = np.array([[1.0, 0.1], [0.0, 1.0]])\n'
        'B = np.array([[0.005], [0.1]])\n'
        'Q = np.diag([1.0, 0.1])\n'
        'R = np.array([[0.01]])\n'
        'x = np.array([[1.0], [0.0]])\n'
        'J = 0.0\n'
        'for t in range(10):\n'
        '    u = -K @ x\n'
        '    J += (x.T @ Q @ x + u.T @ R @ u)[0, 0]\n'
        '    x = A @ x + B @ u\n'
        'J += (x.T @ Q @ x)[0, 0]\n',
        {'K': [[2.0, 1.5]]},
        'J', 7.344850875243669,
        {'K[0,0]': -0.995312258959564, 'K[0,1]': 0.2560222211226713}),
    "kalman_update": (
        "a Kalman filter's predict and update, K = P Hᵀ np.linalg.inv(S)",
        'import numpy as np\n'
        'F = np.array([[1.0, dt], [0.0, 1.0]])\n'
        'H = np.array([[1.0, 0.0]])\n'
        'Q = q * np.eye(2)\n'
        'R = np.array([[r]])\n'
        'x_pred = F @ x\n'
        'P_pred = F @ P @ F.T + Q\n'
        'y = z - H @ x_pred\n'
        'S = H @ P_pred @ H.T + R\n'
        'K = P_pred @ H.T @ np.linalg.inv(S)\n'
        'x_new = x_pred + K @ y\n'
        'P_new = (np.eye(2) - K @ H) @ P_pred\n'
        'out = x_new[0] + P_new[0, 0]\n',
        {'x': [1.0, 0.5], 'P': [[1.0, 0.1], [0.1, 2.0]], 'z': [1.3], 'dt': 0.1, 'q': 0.01,
         'r': 0.5},
        'out', 1.5580645161290323,
        {'x[0]': 0.32258064516129026, 'x[1]': 0.032258064516129024, 'P[0,0]': 0.1560874089490114,
         'P[0,1]': 0.015608740894901142, 'P[1,0]': 0.015608740894901142,
         'P[1,1]': 0.0015608740894901144, 'z[0]': 0.6774193548387097, 'dt': 0.254942767950052,
         'q': 0.1560874089490114, 'r': 0.34963579604578565}),
    "bishop_gaussian_log_density": (
        "Bishop (2.43): a 2-D Gaussian's log density with np.linalg.det and np.linalg.inv; "
        "torch.distributions.MultivariateNormal's log_prob",
        'import numpy as np\n'
        'D = 2\n'
        'd = x - mu\n'
        'logp = -0.5 * D * np.log(2 * np.pi) - 0.5 * np.log(np.linalg.det(Sigma)) - 0.5 * d @ '
        'np.linalg.inv(Sigma) @ d\n',
        {'x': [1.0, -0.5], 'mu': [0.2, 0.1], 'Sigma': [[2.0, 0.3], [0.3, 0.5]]},
        'logp', -2.5203920563440545,
        {'x[0]': -0.6373626373626372, 'x[1]': 1.582417582417582, 'mu[0]': 0.6373626373626372,
         'mu[1]': -1.582417582417582, 'Sigma[0,0]': -0.07160970897234639,
         'Sigma[0,1]': -0.33945175703417446, 'Sigma[1,0]': -0.3394517570341744,
         'Sigma[1,1]': 0.15312160367105354}),
    "simpson_given_f_to_s": (
        "numerical methods: Simpson's rule as a def given f, on np.linspace(a, b, n + 1) to an "
        'upper limit s (dI/ds ≈ f(s), the fundamental theorem)',
        'import numpy as np\n'
        'def f(x):\n'
        '    return np.exp(-x**2)\n'
        '\n'
        'def simpson(f, a, b, n):\n'
        '    h = (b - a) / n\n'
        '    x = np.linspace(a, b, n + 1)\n'
        '    y = f(x)\n'
        '    return h / 3 * (y[0] + 4 * np.sum(y[1:-1:2]) + 2 * np.sum(y[2:-1:2]) + y[-1])\n'
        '\n'
        'I = simpson(f, 0.0, s, 8)\n',
        {'s': 1.5},
        'I', 0.8561815169739657,
        {'s': 0.10537020608756326}),
    "gauss_seidel_slices": (
        'numerical linear algebra: Gauss-Seidel with slices, np.dot(A[i, :i], x[:i]) (empty at i '
        '= 0) and np.dot(A[i, i+1:], x[i+1:])',
        'import numpy as np\n'
        'n = 3\n'
        'x = np.zeros(n)\n'
        'for k in range(5):\n'
        '    for i in range(n):\n'
        '        x[i] = (b[i] - np.dot(A[i, :i], x[:i]) - np.dot(A[i, i+1:], x[i+1:])) / A[i, i]\n'
        'y = x.sum()\n',
        GAUSS_SEIDEL_SYSTEM,
        'y', 0.8263996514917695,
        {'A[0,0]': -0.045731944765946504, 'A[0,1]': -0.041553179012345676,
         'A[0,2]': -0.09836973508230452, 'A[1,0]': -0.02089762602880659,
         'A[1,1]': -0.01866896862139918, 'A[1,2]': -0.04495493312757203,
         'A[2,0]': -0.026961615869341565, 'A[2,1]': -0.02448167373971193,
         'A[2,2]': -0.05813383509087792, 'b[0]': 0.2244809580761317, 'b[1]': 0.10207616769547327,
         'b[2]': 0.1325887860082304}),
    "euler_given_a_lambda": (
        'numerical methods: euler(f, y0, t) filling np.zeros(len(t)), given lambda y, t: -k*y in '
        'the call',
        'import numpy as np\n'
        'def euler(f, y0, t):\n'
        '    y = np.zeros(len(t))\n'
        '    y[0] = y0\n'
        '    for i in range(len(t) - 1):\n'
        '        y[i + 1] = y[i] + (t[i + 1] - t[i]) * f(y[i], t[i])\n'
        '    return y\n'
        '\n'
        'y_end = euler(lambda y, t: -k * y, 1.0, np.linspace(0, 1, 11))[-1]\n',
        {'k': 0.5},
        'y_end', 0.5987369392383789,
        {'k': -0.6302494097246093}),
    "newton_lambdas_return_pair": (
        'numerical methods: newton(f, df, x0) returning x, i on convergence, given two lambdas',
        'def newton(f, df, x0, tol=1e-10, maxiter=50):\n'
        '    x = x0\n'
        '    for i in range(maxiter):\n'
        '        step = f(x) / df(x)\n'
        '        x -= step\n'
        '        if abs(step) < tol:\n'
        '            return x, i\n'
        '    return x, maxiter\n'
        '\n'
        'r, iters = newton(lambda x: x**2 - a, lambda x: 2*x, 1.0)\n'
        '@output r\n',
        {'a': 3.0},
        'r', 1.7320508075688774,
        {'a': 0.28867513459481287}),
    "simpson_given_np_sin": (
        "numerical methods: Simpson's rule given NumPy's own function, simpson(np.sin, 0.0, s, 8) "
        '(≈ 1 - cos s; its s-derivative ≈ sin s)',
        'import numpy as np\n'
        'def simpson(f, a, b, n):\n'
        '    h = (b - a) / n\n'
        '    x = np.linspace(a, b, n + 1)\n'
        '    y = f(x)\n'
        '    return h / 3 * (y[0] + 4 * np.sum(y[1:-1:2]) + 2 * np.sum(y[2:-1:2]) + y[-1])\n'
        '\n'
        'I = simpson(np.sin, 0.0, s, 8)\n',
        {'s': 1.5},
        'I', 0.929269205877604,
        {'s': 0.9975189872893367}),
    # Round 21 (h-courses21): peer suites as their authors wrote them (JAX's autodiff
    # cookbook, autograd's test_scalar_ops, micrograd's test_engine); every number by JAX
    # 0.10 (x64) or PyTorch 2.13 (float64), never by tracer
    "jax_cookbook_verbatim": (
        "JAX's autodiff cookbook as written: key = random.key(0), random.split(key, 3), "
        "b = random.normal(b_key, ()) (a number: () said \"expected a number, a name or '('\"), "
        'then grad(loss, argnums=0)(W, b) at values of our own (JAX 0.10, x64)',
        'import jax.numpy as jnp\n'
        'from jax import grad, jit, vmap\n'
        'from jax import random\n'
        'key = random.key(0)\n'
        '\n'
        'def sigmoid(x):\n'
        '    return 0.5 * (jnp.tanh(x / 2) + 1)\n'
        '\n'
        '# Outputs probability of a label being true.\n'
        'def predict(W, b, inputs):\n'
        '    return sigmoid(jnp.dot(inputs, W) + b)\n'
        '\n'
        '# Build a toy dataset.\n'
        'inputs = jnp.array([[0.52, 1.12,  0.77],\n'
        '                   [0.88, -1.08, 0.15],\n'
        '                   [0.52, 0.06, -1.30],\n'
        '                   [0.74, -2.49, 1.39]])\n'
        'targets = jnp.array([True, True, False, True])\n'
        '\n'
        '# Training loss is the negative log-likelihood of the training examples.\n'
        'def loss(W, b):\n'
        '    preds = predict(W, b, inputs)\n'
        '    label_probs = preds * targets + (1 - preds) * (1 - targets)\n'
        '    return -jnp.sum(jnp.log(label_probs))\n'
        '\n'
        '# Initialize random model coefficients\n'
        'key, W_key, b_key = random.split(key, 3)\n'
        'W = random.normal(W_key, (3,))\n'
        'b = random.normal(b_key, ())\n'
        '\n'
        '# Differentiate `loss` with respect to the first positional argument:\n'
        'W_grad = grad(loss, argnums=0)(W, b)\n'
        "print(f'{W_grad=}')\n",
        {'W': [0.1, -0.2, 0.3], 'b': 0.1},
        'y', 1.9764756485147847,
        {'W[0]': -0.5408888497614377, 'W[1]': 0.5584608022378482, 'W[2]': -1.332078369328875,
         'b': -0.6639152160074223}),
    "autograd_check_grads_arccosh": (
        "autograd's test_scalar_ops, test_arccosh as written but at a point of its own (not "
        'npr.randn()**2 + 1.2): check_grads(fun)(2.3) said "missing operator between \')\' and '
        "'('\"; it is read as grad(fun)(2.3), the output y = fun(x) at x = 2.3 (PyTorch 2.13)",
        'import autograd.numpy as np\n'
        'from autograd.test_util import check_grads\n'
        'fun = lambda x : 3.0 * np.arccosh(x)\n'
        'check_grads(fun)(2.3)\n',
        {},
        'y', 4.425134343724276,
        {'x': 1.4484136487558028}),
    "autograd_test_arccosh_drawn": (
        "autograd's test_scalar_ops, test_arccosh's body as written: npr = np.random (it made "
        'random an input) and check_grads(fun)(npr.randn()**2 + 1.2) (npr "not a constant"): '
        "the draw is tracer's fixed seed's, 0.9417, so x = 0.9417**2 + 1.2 (PyTorch 2.13 there)",
        'import autograd.numpy as np\n'
        'from autograd.test_util import check_grads\n'
        'npr = np.random\n'
        '\n'
        'fun = lambda x : 3.0 * np.arccosh(x)\n'
        'check_grads(fun)(npr.randn()**2 + 1.2)\n',
        {},
        'y', 4.097043320598818,
        {'x': 1.6379192758180436}),
    "tinygrad_test_backward_pass_torch": (
        "tinygrad's test_tensor test_backward_pass, its PyTorch half: x = torch.tensor(x_init, "
        'requires_grad=True) said "x_init is not a constant" (at values of our own; '
        "out.mul(m).add(m) is written (out * m + m), as tracer asks) (PyTorch 2.13)",
        'import torch\n'
        'x_init = [[0.5, -1.2, 0.3]]\n'
        'W_init = [[0.1, 0.2, -0.3], [0.4, -0.5, 0.6], [-0.7, 0.8, 0.9]]\n'
        'm_init = [[1.0, -2.0, 3.0]]\n'
        'x = torch.tensor(x_init, requires_grad=True)\n'
        'W = torch.tensor(W_init, requires_grad=True)\n'
        'm = torch.tensor(m_init)\n'
        'out = x.matmul(W).relu()\n'
        'out = torch.nn.functional.log_softmax(out, dim=1)\n'
        'out = (out * m + m).sum()\n'
        'out.backward()\n',
        {},
        'out', -2.914637097180402,
        {'x[0,0]': -0.6245606886062464, 'x[0,1]': 1.5614017215156157,
         'x[0,2]': -2.4982427544249854, 'W[0,0]': 0.0, 'W[0,1]': -1.5614017215156157,
         'W[0,2]': 0.0, 'W[1,0]': -0.0, 'W[1,1]': 3.7473641316374775, 'W[1,2]': -0.0,
         'W[2,0]': 0.0, 'W[2,1]': -0.9368410329093694, 'W[2,2]': 0.0}),
    "olah_sum_times_sum": (
        "Chris Olah, 'Calculus on Computational Graphs': e = (a + b) * (b + 1) at a = 2, b = 1 "
        "(the post's ∂e/∂a = 2, ∂e/∂b = 5)",
        'c = a + b\n'
        'd = b + 1\n'
        'e = c * d\n',
        {'a': 2.0, 'b': 1.0},
        'e', 6.0,
        {'a': 2.0, 'b': 5.0}),
    "micrograd_readme_as_written": (
        "micrograd's README pasted whole: Value(-4.0), print(f'{g.data:.4f}'), g.backward() "
        "(its printed 24.7041, 138.8338, 645.5773)",
        'from micrograd.engine import Value\n'
        '\n'
        'a = Value(-4.0)\n'
        'b = Value(2.0)\n'
        'c = a + b\n'
        'd = a * b + b**3\n'
        'c += c + 1\n'
        'c += 1 + c + (-a)\n'
        'd += d * 2 + (b + a).relu()\n'
        'd += 3 * d + (b - a).relu()\n'
        'e = c - d\n'
        'f = e**2\n'
        'g = f / 2.0\n'
        'g += 10.0 / f\n'
        "print(f'{g.data:.4f}') # prints 24.7041, the outcome of this forward pass\n"
        'g.backward()\n'
        "print(f'{a.grad:.4f}') # prints 138.8338, i.e. the numerical value of dg/da\n"
        "print(f'{b.grad:.4f}') # prints 645.5773, i.e. the numerical value of dg/db\n",
        {},
        'g', 24.70408163265306,
        {'a': 138.83381924198252, 'b': 645.5772594752186}),
    "grosse_logistic_least_squares": (
        "Grosse's CSC421 autodiff lecture: logistic least squares with an L2 regularizer, "
        "autograd's grad(cost) at the point of its call (lam is typeset λ)",
        'import autograd.numpy as np\n'
        'from autograd import grad\n'
        '\n'
        'def logistic(z):\n'
        '    return 1. / (1. + np.exp(-z))\n'
        '\n'
        'def cost(w, b, x, t, lam):\n'
        '    z = np.dot(x, w) + b\n'
        '    y = logistic(z)\n'
        '    L = 0.5 * np.mean((y - t)**2)\n'
        '    R = 0.5 * lam * np.dot(w, w)\n'
        '    return L + R\n'
        '\n'
        'x = np.array([[1.0, 2.0], [-0.5, 0.3], [0.7, -1.2]])\n'
        't = np.array([1.0, 0.0, 1.0])\n'
        'dcost = grad(cost)\n'
        'print(dcost(np.array([0.3, -0.2]), 0.1, x, t, 0.01))\n',
        {},
        'f', 0.10183986482107073,
        {'w[0]': -0.07810199487357711, 'w[1]': -0.03960246819919693, 'b': -0.03070268166820001,
         'x[0,0]': -0.012499999999999999, 'x[0,1]': 0.008333333333333333,
         'x[1,0]': 0.011777529426459274, 'x[1,1]': -0.007851686284306185,
         'x[2,0]': -0.00848833392691928, 'x[2,1]': 0.0056588892846128535,
         't[0]': 0.16666666666666666, 't[1]': -0.15750923188513544, 't[2]': 0.12195480299639974,
         'lam': 0.065}),
    "cs231n_two_layer_net_loss": (
        "CS231n assignment 1's TwoLayerNet.loss, its self.params and y=None left out as the "
        "refusals say (scores = None and loss = None said 'None is not a value in tracer')",
        'import numpy as np\n'
        '\n'
        'def loss(X, W1, b1, W2, b2, y, reg=0.0):\n'
        '    N, D = X.shape\n'
        '\n'
        '    # Compute the forward pass\n'
        '    scores = None\n'
        '    h1 = np.maximum(0, X.dot(W1) + b1)\n'
        '    scores = h1.dot(W2) + b2\n'
        '\n'
        '    # Compute the loss\n'
        '    loss = None\n'
        '    scores -= np.max(scores, axis=1, keepdims=True)\n'
        '    exp_scores = np.exp(scores)\n'
        '    probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)\n'
        '    correct_logprobs = -np.log(probs[range(N), y])\n'
        '    data_loss = np.sum(correct_logprobs) / N\n'
        '    reg_loss = reg * np.sum(W1 * W1) + reg * np.sum(W2 * W2)\n'
        '    loss = data_loss + reg_loss\n'
        '    return loss\n'
        '\n'
        'X = np.array([[0.1, 0.2], [-0.3, 0.5], [0.7, -0.4]])\n'
        'y = np.array([0, 1, 1])\n'
        'L = loss(X, W1, b1, W2, b2, y, reg=0.05)\n',
        {'W1': [[0.5, -0.2, 0.3], [0.1, 0.4, -0.6]], 'b1': [0.1, 0.0, 0.05],
         'W2': [[0.3, -0.1], [0.2, 0.5], [-0.4, 0.2]], 'b2': [0.0, 0.1]},
        'L', 0.7112183982956528,
        {'W1[0,0]': 0.06612743315406358, 'W1[0,1]': -0.0012065123225850453,
         'W1[0,2]': -0.03177812508592529, 'W1[1,0]': 0.0031733538349923733,
         'W1[1,1]': 0.027469091742062787, 'W1[1,2]': -0.024698214236614113,
         'b1[0]': 0.05125227324140556, 'b1[1]': 0.005688027273178173,
         'b1[2]': -0.08825446440846471, 'W2[0,0]': 0.061265698211678966,
         'W2[0,1]': -0.04126569821167897, 'W2[1,0]': 0.04923686946219294,
         'W2[1,1]': 0.020763130537807067, 'W2[2,0]': 0.03354538700705391,
         'W2[2,1]': -0.05354538700705391, 'b2[0]': 0.12813068310351391,
         'b2[1]': -0.12813068310351391}),
    "cs231n_softmax_loss_naive": (
        "CS231n assignment 1's softmax_loss_naive, loops and its hand gradient dW, "
        "(probs[j] - (j == y[i])) * X[i] (a comparison in arithmetic, Python's 1 or 0, said "
        "'a comparison (==) is a condition'); tracer's gradient of loss is the dW it computes",
        'import numpy as np\n'
        '\n'
        'def softmax_loss_naive(W, X, y, reg):\n'
        '    # Initialize the loss and gradient to zero.\n'
        '    loss = 0.0\n'
        '    dW = np.zeros_like(W)\n'
        '\n'
        '    num_train = X.shape[0]\n'
        '    num_classes = W.shape[1]\n'
        '    for i in range(num_train):\n'
        '        scores = X[i].dot(W)\n'
        '        scores -= np.max(scores)\n'
        '        exp_scores = np.exp(scores)\n'
        '        probs = exp_scores / np.sum(exp_scores)\n'
        '        loss += -np.log(probs[y[i]])\n'
        '        for j in range(num_classes):\n'
        '            dW[:, j] += (probs[j] - (j == y[i])) * X[i]\n'
        '    loss /= num_train\n'
        '    dW /= num_train\n'
        '    loss += reg * np.sum(W * W)\n'
        '    dW += 2 * reg * W\n'
        '    return loss, dW\n'
        '\n'
        'X = np.array([[1.0, -0.5, 0.2], [0.3, 0.8, -1.0], [-0.7, 0.4, 0.9]])\n'
        'y = np.array([2, 0, 1])\n'
        'loss, grad = softmax_loss_naive(W, X, y, 0.1)\n',
        {'W': [[0.2, -0.5, 0.1], [1.5, 1.3, 2.1], [0.0, 0.25, 0.2]]},
        'loss', 1.906122159054327,
        {'W[0,0]': 0.0703504921067503, 'W[0,1]': 0.1395178176513329,
         'W[0,2]': -0.2498683097580831, 'W[1,0]': 0.08406070158844275,
         'W[1,1]': 0.19089879475821564, 'W[1,2]': 0.7050405036533416,
         'W[2,0]': 0.3109027786799724, 'W[2,1]': -0.17136952520078358,
         'W[2,2]': -0.04953325347918876}),
    "jax_readme_mlp_zip": (
        "JAX's README MLP (for W, b in params: jnp.dot, jnp.tanh) with params written as the "
        "refusal of a list of pairs says, zip((W1, W2), (b1, b2)) (its numbers JAX 0.10's, "
        "jax.grad(loss, (0, 1, 2))(params, x, t), x64, where the others' are PyTorch's)",
        'import jax.numpy as jnp\n'
        '\n'
        'def predict(inputs):\n'
        '  for W, b in zip((W1, W2), (b1, b2)):\n'
        '    outputs = jnp.dot(inputs, W) + b\n'
        '    inputs = jnp.tanh(outputs)  # inputs to the next layer\n'
        '  return outputs                # no activation on last layer\n'
        '\n'
        'def loss(inputs, targets):\n'
        '  preds = predict(inputs)\n'
        '  return jnp.sum((preds - targets)**2)\n'
        '\n'
        'L = loss(x, t)\n',
        {'W1': [[0.1, 0.2], [0.3, -0.1]], 'b1': [0.1, 0.0], 'W2': [[0.2], [-0.3]],
         'b2': [0.05], 'x': [1.0, -0.5], 't': [0.3]},
        'L', 0.098272170436866,
        {'W1[0,0]': -0.12508060730208387, 'W1[0,1]': 0.17680772590071037,
         'W1[1,0]': 0.06254030365104193, 'W1[1,1]': -0.08840386295035518,
         'b1[0]': -0.12508060730208387, 'b1[1]': 0.17680772590071037,
         'W2[0,0]': -0.03132229480989529, 'W2[1,0]': -0.153556126569809,
         'b2[0]': -0.6269678474590734, 'x[0]': 0.022853484449933688,
         'x[1]': -0.055204954780696196, 't[0]': 0.6269678474590734}),
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


def test_seeded_and_stepped_course_programs_match_pytorch():
    """PyTorch's autograd tutorial (Q.backward(gradient=external_grad); torch.eye(4, 5) and
    .t(), which said 'eye takes 1 argument(s)') and d2l 3.4's step, w -= lr * w.grad /
    batch_size (refused before); every number by PyTorch 2.13 in float64."""
    q = tracer.trace("import torch\na = torch.tensor([2., 3.], requires_grad=True)\n"
                     "b = torch.tensor([6., 4.], requires_grad=True)\nQ = 3*a**3 - b**2\n"
                     "external_grad = torch.tensor([1., 1.])\n"
                     "Q.backward(gradient=external_grad)\n")
    assert q.reverse().accumulated[-1] == {"a[0]": 36.0, "a[1]": 81.0, "b[0]": -12.0,
                                           "b[1]": -8.0}
    eye = tracer.trace("import torch\ninp = torch.eye(4, 5, requires_grad=True)\n"
                       "out = (inp+1).pow(2).t()\n"
                       "out.backward(torch.ones_like(out), retain_graph=True)\n")
    assert eye.reverse().accumulated[-1] == {f"inp[{i},{j}]": 4.0 if i == j else 2.0
                                             for i in range(4) for j in range(5)}
    d2l = tracer.trace(
        "import torch\ndef linreg(X, w, b):\n    return torch.matmul(X, w) + b\n"
        "def squared_loss(y_hat, y):\n    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2\n"
        "lr = 0.03\nbatch_size = 2\nX = torch.tensor([[1.0, 2.0], [0.5, -1.0]])\n"
        "y = torch.tensor([[3.0], [0.5]])\n"
        "w = torch.tensor([[0.1], [-0.2]], requires_grad=True)\n"
        "b = torch.zeros(1, requires_grad=True)\nl = squared_loss(linreg(X, w, b), y)\n"
        "l.sum().backward()\nwith torch.no_grad():\n    w -= lr * w.grad / batch_size\n"
        "    b -= lr * b.grad / batch_size\n")
    new = {u.name: u.new for u in d2l.reverse().run.updates}
    assert new == pytest.approx({"w[0,0]": 0.151375, "w[1,0]": -0.10475000000000002,
                                 "b[0]": 0.05325}, rel=1e-12)


D2L_SOFTMAX_SCRATCH = (  # d2l 4.4 (softmax regression from scratch) as the book writes it
    "import torch\nfrom IPython import display\nfrom d2l import torch as d2l\n\n"
    "num_inputs = 4\nnum_outputs = 3\n\n"
    "W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)\n"
    "b = torch.zeros(num_outputs, requires_grad=True)\n\n"
    "def softmax(X):\n    X_exp = torch.exp(X)\n    partition = X_exp.sum(1, keepdim=True)\n"
    "    return X_exp / partition  # The broadcasting mechanism is applied here\n\n"
    "def net(X):\n    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)\n\n"
    "def cross_entropy(y_hat, y):\n    return - torch.log(y_hat[range(len(y_hat)), y])\n\n"
    "X = torch.tensor([[0.1, 0.2, -0.3, 0.5], [1.0, -0.5, 0.25, 0.0]])\n"
    "y = torch.tensor([0, 2])\nl = cross_entropy(net(X), y)\nl.mean().backward()\n")


def test_d2ls_softmax_regression_from_scratch_as_written_matches_pytorch():
    """d2l 4.4 pasted whole: W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), …) said
    "normal(…)'s shape is read from whole numbers", and train_epoch_ch3's l.mean().backward()
    was refused. W is given here (--at wins over the draw); the literals are PyTorch 2.13's
    (float64, the same lines with W = torch.tensor(…, requires_grad=True))."""
    formula = tracer.trace(D2L_SOFTMAX_SCRATCH, at={
        "W": "[[0.1, -0.2, 0.3], [0.4, 0.0, -0.1], [0.2, 0.1, -0.3], [-0.1, 0.2, 0.05]]"})
    assert formula.outputs == pytest.approx({"l[0]": 1.172032423596729,
                                             "l[1]": 0.8587275089276838}, rel=1e-14)
    want = [0.11855458245038084, 0.15169157105506229, -0.2702461535054432,
            -0.14556019313021462, -0.03432138106624757, 0.17988157419646225,
            0.14180641808912667, -0.016058833035903074, -0.12574758505322364,
            -0.1725658038100484, 0.08304880892256715, 0.0895169948874813]
    got = formula.reverse().accumulated[-1]
    assert [got[f"W[{i},{j}]"] for i in range(4) for j in range(3)] == \
        pytest.approx(want, rel=1e-12, abs=1e-15)
    assert [got[f"b[{j}]"] for j in range(3)] == pytest.approx(
        [-0.1920638644077063, 0.30117942711568313, -0.10911556270797684], rel=1e-12)
    drawn = tracer.trace(D2L_SOFTMAX_SCRATCH).inputs  # drawn: normal(0, 0.01), 4 by 3
    assert len([n for n in drawn if n.startswith("W[")]) == 12
    assert all(abs(drawn[f"W[{i},{j}]"]) < 0.05 for i in range(4) for j in range(3))


def test_d2ls_mlp_from_scratch_with_its_optimizer_matches_pytorch():
    """d2l 5.2's MLP from scratch, its sizes a tuple's (num_inputs, num_outputs, num_hiddens
    = 4, 3, 5: torch.zeros(num_hiddens, …) said 'num_hiddens is not a constant'), its
    updater = torch.optim.SGD(params, lr=0.1) after params = [W1, b1, W2, b2] ('SGD's
    parameters are read as a list of names', then 'a list of matrices is not one value').
    d2l's loss = nn.CrossEntropyLoss(reduction='none') is written F.cross_entropy (the
    object is refused, saying so); W1 and W2 given (--at wins over the draw). The literals
    are PyTorch 2.13's (float64, the same lines, then the step under torch.no_grad())."""
    program = (
        "import torch\nfrom torch import nn\nimport torch.nn.functional as F\n\n"
        "num_inputs, num_outputs, num_hiddens = 4, 3, 5\n\n"
        "W1 = torch.randn(num_inputs, num_hiddens, requires_grad=True)\n"
        "b1 = torch.zeros(num_hiddens, requires_grad=True)\n"
        "W2 = torch.randn(num_hiddens, num_outputs, requires_grad=True)\n"
        "b2 = torch.zeros(num_outputs, requires_grad=True)\n\nparams = [W1, b1, W2, b2]\n\n"
        "def relu(X):\n    a = torch.zeros_like(X)\n    return torch.max(X, a)\n\n"
        "def net(X):\n    X = X.reshape((-1, num_inputs))\n"
        "    H = relu(X@W1 + b1)  # Here '@' stands for matrix multiplication\n"
        "    return (H@W2 + b2)\n\n"
        "X = torch.tensor([[0.1, 0.2, -0.3, 0.5], [1.0, -0.5, 0.25, 0.0]])\n"
        "y = torch.tensor([0, 2])\nl = F.cross_entropy(net(X), y)\nl.backward()\n"
        "updater = torch.optim.SGD(params, lr=0.1)\nupdater.step()\n")
    at = {"W1": "[[0.1, -0.2, 0.3, 0.05, -0.1], [0.2, 0.1, -0.3, 0.4, 0.0], "
                "[-0.1, 0.3, 0.2, -0.2, 0.1], [0.05, -0.05, 0.1, 0.3, -0.4]]",
          "W2": "[[0.2, -0.1, 0.1], [0.3, 0.2, -0.2], [-0.1, 0.4, 0.05], [0.1, -0.3, 0.2], "
                "[0.25, 0.1, -0.15]]"}
    formula = tracer.trace(program, at=at)
    assert formula.outputs == pytest.approx({"l": 1.0977052826940974}, rel=1e-14)
    new = {u.name: u.new for u in formula.reverse().run.updates}
    want = {"W1": [0.10062538135594554, -0.2, 0.29554704120050274, 0.05042102475254636, -0.1,
                   0.20125076271189107, 0.1, -0.29777352060025136, 0.4008420495050927, 0.0,
                   -0.10187614406783659, 0.3, 0.1988867603001257, -0.2012630742576391, 0.1,
                   0.053126906779727645, -0.05, 0.1, 0.3021051237627318, -0.4],
            "b1": [0.006253813559455279, 0.0, -0.004452958799497274, 0.004210247525463596,
                   0.0],
            "W2": [0.2034272859119524, -0.10156960916273784, 0.09814232325078545, 0.3, 0.2,
                   -0.2, -0.10743624999349773, 0.3904516660035049, 0.06698458398999285,
                   0.10962904137167574, -0.3044098543143587, 0.19478081294268296, 0.25, 0.1,
                   -0.15],
            "b2": [0.017768318222074832, -0.034045326685731514, 0.016277008463656678]}
    for name, values in want.items():
        got = [v for k, v in new.items() if k.startswith(name + "[")]
        assert got == pytest.approx(values, rel=1e-12, abs=1e-15), name


def test_d2ls_linear_regression_from_scratch_as_written_matches_pytorch():
    """d2l 3.4 pasted whole: its def sgd(params, lr, batch_size) (with torch.no_grad(): for
    param in params: param -= lr * param.grad / batch_size; param.grad.zero_()) said 'with
    torch.no_grad(): in a def (d2l's sgd) is not read', and net = linreg, loss =
    squared_loss 'loss is a value in this program, not a function to call'. One step of the
    training loop's body; w given (--at wins over the draw). The literals are PyTorch 2.13's
    (float64, the same lines)."""
    program = (
        "import torch\nfrom d2l import torch as d2l\n\n"
        "def linreg(X, w, b):  #@save\n"
        '    """The linear regression model."""\n'
        "    return torch.matmul(X, w) + b\n\n"
        "def squared_loss(y_hat, y):  #@save\n"
        '    """Squared loss."""\n'
        "    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2\n\n"
        "def sgd(params, lr, batch_size):  #@save\n"
        '    """Minibatch stochastic gradient descent."""\n'
        "    with torch.no_grad():\n"
        "        for param in params:\n"
        "            param -= lr * param.grad / batch_size\n"
        "            param.grad.zero_()\n\n"
        "X = torch.tensor([[1.0, 2.0], [0.5, -1.0], [-0.3, 0.8]])\n"
        "y = torch.tensor([[3.0], [0.5], [1.0]])\n"
        "w = torch.normal(0, 0.01, size=(2,1), requires_grad=True)\n"
        "b = torch.zeros(1, requires_grad=True)\n"
        "lr = 0.03\nbatch_size = 3\nnet = linreg\nloss = squared_loss\n"
        "l = loss(net(X, w, b), y)  # Minibatch loss in `X` and `y`\n"
        "# Compute gradient on `l` with respect to [`w`, `b`]\n"
        "l.sum().backward()\n"
        "sgd([w, b], lr, batch_size)  # Update parameters using their gradient\n")
    formula = tracer.trace(program, at={"w": "[[0.1], [-0.2]]"})
    assert list(formula.outputs.values()) == pytest.approx([5.444999999999999, 0.03125,
                                                           0.70805], rel=1e-14)
    result = formula.reverse()
    assert result.accumulated[-1] == pytest.approx({"w[0,0]": -3.068, "w[1,0]": -7.302,
                                                    "b[0]": -4.74}, rel=1e-13)
    assert {u.name: u.new for u in result.run.updates} == pytest.approx(
        {"w[0,0]": 0.13068000000000002, "w[1,0]": -0.12698000000000004, "b[0]": 0.0474},
        rel=1e-13)


def test_baydins_survey_tables_row_by_row():
    """Baydin et al.'s f(x1, x2) = ln(x1) + x1 x2 - sin(x2) at (2, 5), every row of its
    forward table (seed x1, and seed x2) and of its reverse table, in the survey's order
    v_{-1}, v_0, v_1 = ln v_{-1}, v_2 = v_{-1} v_0, v_3 = sin v_0, v_4 = v_1 + v_2,
    v_5 = v_4 - v_3. The book prints 0.693, 10, -0.959, 10.693, 11.652; tangents 0.5, 5, 0,
    5.5, 5.5; adjoints v̄_0 = 1.716, v̄_{-1} = 5.5. The literals are PyTorch 2.13's (float64:
    retain_grad on each row for the adjoints, torch.autograd.functional.jvp for the tangents)."""
    formula = tracer.trace("ln(x1)+x1*x2-sin(x2)", at={"x1": "2", "x2": "5"})
    assert formula.values == {-1: 2.0, 0: 5.0, 1: 0.6931471805599453, 2: 10.0,
                              3: -0.9589242746631385, 4: 10.693147180559945,
                              5: 11.652071455223084}
    assert formula.forward(wrt="x1").run.passes[0].column == pytest.approx(
        [1.0, 0.0, 0.5, 5.0, 0.0, 5.5, 5.5], rel=1e-15)
    assert formula.forward(wrt="x2").run.passes[0].column == pytest.approx(
        [0.0, 1.0, 0.0, 2.0, 0.28366218546322625, 2.0, 1.7163378145367738], rel=1e-15)
    assert formula.reverse().run.passes[0].column == pytest.approx(
        [5.5, 1.7163378145367738, 1.0, 1.0, -1.0, 1.0, 1.0], rel=1e-15)
    exact = tracer.trace("ln(x1)+x1*x2-sin(x2)", at={"x1": "2", "x2": "5"}, exact=True)
    assert str(exact.reverse().gradient["x2"]) == "2 - cos(5)"


def test_cs231ns_sigmoid_circuit_row_by_row():
    """CS231n's backprop notes: f(w, x) = 1/(1 + e^-(w0 x0 + w1 x1 + w2)) at w = [2, -3, -3],
    x = [-1, -2], gate by gate in the figure's order (the notes print -2, 6, 4, 1, -1, 0.37,
    1.37, 0.73 forward and 1.00, -0.53, -0.53, -0.20, 0.20 … backward, and the gradient
    [-0.20, 0.39, -0.39, -0.59, 0.20]). The literals are PyTorch 2.13's (retain_grad on each
    gate's output, float64)."""
    formula = tracer.trace("1/(1+exp(-(w0*x0+w1*x1+w2)))", order="source",
                           at={"w0": "2", "x0": "-1", "w1": "-3", "x1": "-2", "w2": "-3"})
    assert list(formula.values.values()) == pytest.approx(
        [2.0, -1.0, -3.0, -2.0, -3.0, -2.0, 6.0, 4.0, 1.0, -1.0, 0.36787944117144233,
         1.3678794411714423, 0.7310585786300049], rel=1e-15)
    assert formula.reverse().run.passes[0].column == pytest.approx(
        [-0.19661193324148188, 0.39322386648296376, -0.39322386648296376, -0.5898357997244457,
         0.19661193324148188, 0.19661193324148188, 0.19661193324148188, 0.19661193324148188,
         0.19661193324148188, -0.19661193324148188, -0.534446645388523, -0.534446645388523,
         1.0], rel=1e-15)


@pytest.mark.parametrize("program, at, hessian", [
    # Nocedal & Wright (2.1): Rosenbrock's Hessian [[1200 x1² - 400 x2 + 2, -400 x1],
    # [-400 x1, 200]]: at the minimum (1, 1) and at the standard start (-1.2, 1)
    ("f = 100*(x2-x1^2)^2+(1-x1)^2", {"x1": "1", "x2": "1"},
     [[802.0, -400.0], [-400.0, 200.0]]),
    ("f = 100*(x2-x1^2)^2+(1-x1)^2", {"x1": "-1.2", "x2": "1"},
     [[1330.0, 480.0], [480.0, 200.0]]),
    # Griewank & Walther: Speelpenning's product, H_ij = Π x / (x_i x_j) off the diagonal
    ("import numpy as np\ny = np.prod(x)", {"x": "[0.5, 1.5, -2.0, 3.0]"},
     [[0.0, -6.0, 4.5, -3.0], [-6.0, 0.0, 1.5, -1.0], [4.5, 1.5, 0.0, 0.75],
      [-3.0, -1.0, 0.75, 0.0]]),
    # Murphy 8.3: logistic regression's NLL + ½ λ‖w‖², H = Xᵀ S X + λ I
    ("import numpy as np\nmu = 1/(1+np.exp(-(X @ w)))\n"
     "NLL = -np.sum(y*np.log(mu) + (1-y)*np.log(1-mu)) + 0.5*0.1*np.dot(w, w)",
     {"X": "[[1.0, 0.5, -0.3], [1.0, -1.5, 0.8], [1.0, 2.0, 0.1], [1.0, 0.3, -1.2]]",
      "w": "[0.3, -0.2, 0.4]", "y": "[1.0, 0.0, 1.0, 0.0]"},
     [[1.0495667340782056, 0.3926454278662687, -0.18261823627981125],
      [0.39264542786626866, 1.6421327402482624, -0.32070964911943645],
      [-0.1826182362798113, -0.3207096491194364, 0.6102315644222831]]),
])
def test_textbook_hessians_match_pytorch(program, at, hessian):
    """Every Hessian by torch.autograd.functional.hessian (PyTorch 2.13, float64); the
    Rosenbrock ones are the book's closed form too. Murphy's is taken in w alone."""
    formula = tracer.trace(program, at=at)
    result = formula.hessian()
    names = [n for n in result.hessian if n.startswith(("x", "w"))]
    assert len(names) == len(hessian)
    for i, a in enumerate(names):
        assert [result.hessian[a][b] for b in names] == pytest.approx(hessian[i], rel=1e-12,
                                                                       abs=1e-12)


def test_peer_readmes_higher_derivatives_match_pytorch():
    """Zygote's README pow(x, n) by a while loop at 5 (gradient 75) and sympy's tutorial
    diff(x**4, x, 3) = 24 x, at 1.3: each derivative by nested torch.autograd.grad
    (PyTorch 2.13, float64)."""
    zygote = tracer.trace("def pow(x, n):\n    r = 1\n    while n > 0:\n        n -= 1\n"
                          "        r *= x\n    return r\ny = pow(x, 3)\n", at={"x": "5"})
    assert zygote.derivatives(order=3).derivatives == pytest.approx([125.0, 75.0, 30.0, 6.0])
    sympy = tracer.trace("x^4", at={"x": "1.3"}).derivatives(order=4).derivatives
    assert sympy == pytest.approx(
        [2.8561000000000005, 8.788000000000002, 20.28, 31.200000000000003, 24.0], rel=1e-12)


def test_griewank_walthers_running_example_row_by_row():
    """Griewank & Walther's Tables 3.2 and 3.6 (sections 3.1, 3.2): y = (sin(x1/x2) + x1/x2 -
    exp(x2)) (x1/x2 - exp(x2)) at (1.5, 0.5), its listing v1 … v6 in the book's order: the
    book prints v6 = 2.0167, tangents (ẋ = (1, 0)) 2, -1.98, 0, 2, 0.02, 3.0118, adjoints
    x̄1 = 3.0118, x̄2 = -13.7239. The literals are PyTorch 2.13's (retain_grad on each v_i,
    torch.autograd.functional.jvp for the tangents, float64)."""
    formula = tracer.trace("v1 = x1 / x2\nv2 = sin(v1)\nv3 = exp(x2)\nv4 = v1 - v3\n"
                           "v5 = v2 + v4\nv6 = v5 * v4\ny = v6\n", order="source",
                           at={"x1": "1.5", "x2": "0.5"})
    assert list(formula.values.values()) == pytest.approx(
        [1.5, 0.5, 3.0, 0.1411200080598672, 1.6487212707001282, 1.3512787292998718,
         1.492398737359739, 2.016646669428201], rel=1e-15)
    assert formula.forward(wrt="x1").run.passes[0].column == pytest.approx(
        [1.0, 0.0, 2.0, -1.9799849932008908, 0.0, 2.0, 0.02001500679910917,
         3.0118433276739065], rel=1e-15)
    assert formula.reverse().run.passes[0].column == pytest.approx(
        [3.011843327673907, -13.723961509314076, 1.5059216638369535, 1.3512787292998718,
         -2.843677466659611, 2.843677466659611, 1.3512787292998718, 1.0], rel=1e-15)


def test_newtons_square_root_given_f_and_a_gaussians_precision_match_pytorch():
    """Higher derivatives through a numerical method and through np.linalg.inv: Newton's √a as
    newton(f, df, 1.0) (f and df passed in, while |Δx| > tol) to order 3 at a = 2, which the
    iteration gives as √a's own, ½ a^-½, -¼ a^-3/2, ⅜ a^-5/2; and Bishop's Gaussian log
    density's Hessian in μ, -Σ⁻¹ (the precision, through det and inv by cofactors). The
    literals are PyTorch 2.13's (nested torch.autograd.grad;
    torch.autograd.functional.hessian; float64)."""
    _, program, _, _, _, _ = COURSES["newton_sqrt_f_df"]
    newton = tracer.trace(program, at={"a": "2"})
    assert newton.derivatives(order=3).derivatives == pytest.approx(
        [1.4142135623730951, 0.3535533905932737, -0.08838834764831843, 0.0662912607362388],
        rel=1e-12)
    _, program, point, _, _, _ = COURSES["bishop_gaussian_log_density"]
    gauss = tracer.trace(program, at={k: str(v) for k, v in point.items()}).hessian().hessian
    assert [[gauss[a][b] for b in ("mu[0]", "mu[1]")] for a in ("mu[0]", "mu[1]")] == [
        pytest.approx([-0.5494505494505493, 0.32967032967032955], rel=1e-12),
        pytest.approx([0.32967032967032955, -2.1978021978021975], rel=1e-12)]


def test_griewank_walthers_lighthouse_jacobian_matches_jaxs_jacfwd_and_jacrev():
    """Griewank & Walther's lighthouse (1.4): y1 = ν tan(ωt) / (γ - tan(ωt)), y2 = γ y1, its
    2×4 Jacobian both ways (forward: a pass per input, 4; reverse: a pass per output, 2, the
    cheaper). The literals are JAX 0.10's jax.jacfwd and jax.jacrev (x64), which agree to the
    last digit but one; PyTorch 2.13's torch.autograd.functional.jacobian gives the same."""
    program = ("y1 = nu * tan(omega * t) / (gamma - tan(omega * t))\n"
               "y2 = gamma * nu * tan(omega * t) / (gamma - tan(omega * t))\n")
    result = tracer.trace(program, at={"nu": "2.0", "omega": "0.5", "t": "1.3",
                                       "gamma": "3.1"}).jacobian()
    want = {"y1": [0.32490205505652114, 2.3230664386920097, 0.893487091804619,
                   -0.2777183228622399],
            "y2": [1.0071963706752156, 7.20150595994523, 2.769809984594319,
                   -0.21112269075990142]}
    for output, row in want.items():
        assert [result.jacobian[output][n] for n in ("nu", "omega", "t", "gamma")] == \
            pytest.approx(row, rel=1e-14)
    assert (result.run.cost("forward").passes, result.run.cost("reverse").passes) == (4, 2)
    assert result.run.cheaper == "reverse"


def test_autograds_check_grads_line_is_tracer_check():
    """autograd's test_scalar_ops writes check_grads(fun)(x0): read as the output fun(x) at x0,
    tracer check (the API's .check()) compares both modes with sympy and differences, as
    check_grads compares them with differences. The literal is PyTorch 2.13's (float64)."""
    _, program, _, _, _, _ = COURSES["autograd_check_grads_arccosh"]
    run = tracer.trace(program).check().run
    assert run.agrees
    (only,) = run.inputs
    assert only.name == "x" and only.symbolic == pytest.approx(1.4484136487558028, rel=1e-14)
    assert only.forward == pytest.approx(only.reverse, rel=1e-15)


def test_jaxs_cookbook_jacfwd_and_jacrev_match_jax():
    """JAX's autodiff cookbook, "Jacobians and Hessians using jacfwd and jacrev": f = lambda W:
    predict(W, b, inputs), J = jacfwd(f)(W), then J = jacrev(f)(W), as written (but b = 0.1:
    the cookbook draws b, and tracer draws inputs only); they said "jacfwd and jacrev are
    tracer's commands". The literals are JAX 0.10's jax.jacfwd (x64); its jax.jacrev agrees
    to the last digit but one."""
    _, program, _, _, _, _ = COURSES["jax_cookbook_verbatim"]
    program = program.split("# Differentiate")[0].replace(
        "b = random.normal(b_key, ())", "b = 0.1") + (
        "from jax import jacfwd, jacrev\n\n"
        "# Isolate the function from the weight matrix to the predictions\n"
        "f = lambda W: predict(W, b, inputs)\n\n"
        "J = jacfwd(f)(W)\n"
        'print("jacfwd result, with shape", J.shape)\n'
        "print(J)\n\n"
        "J = jacrev(f)(W)\n"
        'print("jacrev result, with shape", J.shape)\n'
        "print(J)\n")
    result = tracer.trace(program, at={"W": "[0.1, -0.2, 0.3]"}).jacobian()
    want = [[0.12918181709035748, 0.27823775988692384, 0.19128845992226012],
            [0.20927413770980288, -0.2568364417347581, 0.0356717280187164],
            [0.12798972302355116, 0.0147680449642559, -0.31997430755887785],
            [0.13941603842267317, -0.4691161292871031, 0.26187607217231856]]
    assert list(result.jacobian) == ["y[0]", "y[1]", "y[2]", "y[3]"]
    for i, row in enumerate(want):
        assert [result.jacobian[f"y[{i}]"][f"W[{j}]"] for j in range(3)] == \
            pytest.approx(row, rel=1e-14)
    assert result.run.cheaper == "forward"  # 3 inputs, 4 outputs
