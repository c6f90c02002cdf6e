"""Arrays: shapes, broadcasting, reductions and products expand into scalar ops of the table."""

from __future__ import annotations

import math
import re

import pytest

from tracer.core import arrays, ops
from tracer.core.arrays import Array, const
from tracer.errors import LimitError, ProgramError


def numeric(op, args):
    """An apply that computes on constants, as the lowering folds them."""
    return const(op.value(*[a.value for a in args]))


def vec(*xs) -> Array:
    return Array((len(xs),), tuple(const(x) for x in xs))


def values(a):
    return [x.value for x in a.items] if isinstance(a, Array) else a.value


def test_elementwise_broadcasts_a_number_and_combines_equal_shapes():
    add = ops.BY_NAME["add"]
    assert values(arrays.elementwise(add, [vec(1, 2), const(10)], numeric)) == [11, 12]
    assert values(arrays.elementwise(add, [vec(1, 2), vec(3, 4)], numeric)) == [4, 6]
    with pytest.raises(ProgramError, match=r"\(2,\) and \(3,\)"):
        arrays.elementwise(add, [vec(1, 2), vec(1, 2, 3)], numeric)


def test_reductions_fold_left_to_right():
    calls = []

    def recording(op, args):
        calls.append(op.name)
        return numeric(op, args)

    assert values(arrays.total(vec(1, 2, 3), recording)) == 6 and calls == ["add", "add"]
    assert values(arrays.mean(vec(1, 2, 3), numeric)) == 2
    assert values(arrays.prod(vec(2, 3, 4), numeric)) == 24
    assert values(arrays.norm(vec(3, 4), numeric)) == 5
    assert values(arrays.dot(vec(1, 2), vec(3, 4), numeric)) == 11
    with pytest.raises(ProgramError, match="dot needs two vectors of one length"):
        arrays.dot(vec(1, 2), vec(1, 2, 3), numeric)


def test_shapes_broadcast_as_numpy_does():
    """A vector meets every row of a matrix (X @ W + b), a column every column; shapes that do
    not broadcast are named."""
    matrix = Array((2, 2), tuple(const(x) for x in (1.0, 2.0, 3.0, 4.0)))
    add = ops.BY_NAME["add"]
    assert values(arrays.elementwise(add, [matrix, vec(10, 20)], numeric)) == [11, 22, 13, 24]
    column = Array((2, 1), (const(10), const(20)))
    assert values(arrays.elementwise(add, [column, vec(1, 2)], numeric)) == [11, 12, 21, 22]
    assert arrays.broadcast([(3, 1), (1, 4)]) == (3, 4)
    assert arrays.broadcast([(2, 3), (2,)]) is None
    with pytest.raises(ProgramError, match=r"here the shapes are \(2, 2\) and \(3,\)"):
        arrays.elementwise(add, [matrix, vec(1, 2, 3)], numeric)


def test_max_and_min_of_an_array_fold_its_elements():
    a = vec(1, 5, -2)
    assert values(arrays.extreme("max", a, numeric)) == 5
    assert values(arrays.extreme("min", a, numeric)) == -2
    assert values(arrays.extreme("max", const(3), numeric)) == 3
    with pytest.raises(ProgramError, match="max of an empty array"):
        arrays.extreme("max", Array((0,), ()), numeric)


def test_square_and_clip_are_ops_of_the_table_element_by_element():
    calls = []

    def recording(op, args):
        calls.append(op.name)
        return numeric(op, args)

    square, clip = arrays.FUNCTIONS["square"], arrays.FUNCTIONS["clip"]
    assert values(square.run([vec(1, -2, 3)], recording)) == [1, 4, 9]
    assert calls == ["pow"] * 3
    assert values(square.run([const(-3)], numeric)) == 9
    calls.clear()
    assert values(clip.run([vec(-1, 0.5, 3), const(0), const(1)], recording)) == [0, 0.5, 1]
    assert calls == ["max"] * 3 + ["min"] * 3
    assert values(clip.run([const(5), const(0), vec(1, 7)], numeric)) == [1, 5]  # broadcast
    assert arrays.FUNCTIONS["clamp"].run is clip.run


def test_slices_take_and_replace_as_python_does():
    matrix = Array((2, 3), tuple(const(x) for x in range(6)))
    every = arrays.SliceKey(None, None, None)
    assert values(arrays.index(vec(1, 2, 3, 4), [arrays.SliceKey(const(1), None, None)],
                               "a")) == [2, 3, 4]
    assert values(arrays.index(vec(1, 2, 3, 4), [arrays.SliceKey(None, None, const(-2))],
                               "a")) == [4, 2]
    column = arrays.index(matrix, [every, const(1)], "M")
    assert column.shape == (2,) and values(column) == [1, 4]
    block = arrays.index(matrix, [arrays.SliceKey(const(-1), None, None)], "M")
    assert block.shape == (1, 3) and values(block) == [3, 4, 5]
    assert arrays.index(vec(1, 2), [arrays.SliceKey(const(5), None, None)], "a").shape == (0,)
    filled = arrays.replaced(matrix, [every, const(0)], const(9), "M")
    assert values(filled) == [9, 1, 2, 9, 4, 5]
    row = arrays.replaced(matrix, [const(1), arrays.SliceKey(const(1), None, None)],
                          vec(7, 8), "M")
    assert values(row) == [0, 1, 2, 3, 7, 8]
    with pytest.raises(ProgramError, match=r"M\[…\] has shape \(2,\)"):
        arrays.replaced(matrix, [const(1), arrays.SliceKey(const(1), None, None)],
                        vec(7, 8, 9), "M")
    with pytest.raises(ProgramError, match="step must not be 0"):
        arrays.index(vec(1, 2), [arrays.SliceKey(None, None, const(0))], "a")


def test_along_reduces_each_line_of_an_axis():
    matrix = Array((2, 3), tuple(const(x) for x in range(6)))

    def total(a):
        return arrays.total(a, numeric)

    rows = arrays.along(total, matrix, const(1), False, "sum")
    assert rows.shape == (2,) and values(rows) == [3, 12]
    columns = arrays.along(total, matrix, const(-2), True, "sum")
    assert columns.shape == (1, 3) and values(columns) == [3, 5, 7]
    everything = arrays.along(total, matrix, None, True, "sum")
    assert everything.shape == (1, 1) and values(everything) == [15]
    assert values(arrays.along(total, vec(1, 2), const(0), False, "sum")) == 3
    with pytest.raises(ProgramError, match="axis 2 is out of range"):
        arrays.along(total, matrix, const(2), False, "sum")


def test_cumsum_runs_along_an_axis_in_the_arrays_shape():
    """np.cumsum(X, axis=0), PyTorch's torch.cumsum(x, dim=0) and x.cumsum(0) (PyTorch needs
    the dim) said 'cumsum takes 1 argument(s), got 2'; without an axis, NumPy's flat sums."""
    matrix = Array((2, 3), tuple(const(x) for x in (1, 2, 3, 4, 5, 6)))
    down = arrays.FUNCTIONS["cumsum"].run([matrix, const(0)], numeric)
    assert down.shape == (2, 3) and values(down) == [1, 2, 3, 5, 7, 9]
    across = arrays.FUNCTIONS["cumsum"].run([matrix, const(-1)], numeric)
    assert across.shape == (2, 3) and values(across) == [1, 3, 6, 4, 9, 15]
    flat = arrays.FUNCTIONS["cumsum"].run([matrix], numeric)
    assert flat.shape == (6,) and values(flat) == [1, 3, 6, 10, 15, 21]
    assert values(arrays.FUNCTIONS["cumsum"].run([vec(1, 2, 3), const(0)], numeric)) == [1, 3, 6]
    with pytest.raises(ProgramError, match=r"axis 2 is out of range for an array of shape"):
        arrays.FUNCTIONS["cumsum"].run([matrix, const(2)], numeric)
    with pytest.raises(ProgramError, match=r"cumsum takes axis= \(or dim=\); here axis=, "
                       "keepdims="):
        arrays.with_keywords("cumsum", arrays.FUNCTIONS["cumsum"].run, [matrix],
                             {"axis": const(0), "keepdims": const(1)}, numeric)


def test_joins_lay_arrays_side_by_side_as_numpy_does():
    """np.concatenate, torch.cat, np.hstack, np.vstack and np.stack (they said 'arrays are
    not joined here'); each shape and order is NumPy's (checked against numpy 2 and torch)."""
    a, b = vec(1, 2, 3), vec(4, 5)
    A = Array((2, 2), tuple(const(x) for x in (1, 2, 3, 4)))
    B = Array((2, 2), tuple(const(x) for x in (5, 6, 7, 8)))
    cases = [
        (("concatenate", (a, b)), (5,), [1, 2, 3, 4, 5]),
        (("cat", (A, B)), (4, 2), [1, 2, 3, 4, 5, 6, 7, 8]),
        (("concatenate", (A, B), const(1)), (2, 4), [1, 2, 5, 6, 3, 4, 7, 8]),
        (("cat", (A, B), const(-1)), (2, 4), [1, 2, 5, 6, 3, 4, 7, 8]),
        (("hstack", (a, b)), (5,), [1, 2, 3, 4, 5]),
        (("hstack", (const(1), a)), (4,), [1, 1, 2, 3]),  # a number is a vector of one
        (("hstack", (A, B)), (2, 4), [1, 2, 5, 6, 3, 4, 7, 8]),
        (("vstack", (vec(1, 2), A)), (3, 2), [1, 2, 1, 2, 3, 4]),  # a vector is a row
        (("stack", (a, a)), (2, 3), [1, 2, 3, 1, 2, 3]),
        (("stack", (a, a), const(1)), (3, 2), [1, 1, 2, 2, 3, 3]),
        (("concatenate", A), (4,), [1, 2, 3, 4]),  # an array is read as its rows
    ]
    for (name, *args), shape, want in cases:
        made = arrays.joined(name, *args)
        assert made.shape == shape and values(made) == want, (name, args)
    for args, message in [
        (("concatenate", (A, a)), r"concatenate needs arrays of one number of dimensions; "
                                  r"here \(2, 2\), \(3,\)"),
        (("cat", (A, Array((1, 3), a.items))),
         r"cat along axis 0 needs the other lengths equal; here \(2, 2\), \(1, 3\)"),
        (("concatenate", (A, B), const(2)), r"axis 2 is out of range for arrays of shape"),
        (("concatenate", (a, const(2))), "a number has no axis to join along"),
        (("stack", (A, B)), "stack would have 3 dimensions"),
        (("stack", (a, b)), r"stack needs arrays of one shape; here \(3,\), \(2,\)"),
    ]:
        with pytest.raises(ProgramError, match=message):
            arrays.joined(*args)


def test_trace_diag_and_inner():
    matrix = Array((2, 3), tuple(const(x) for x in range(6)))
    assert values(arrays.FUNCTIONS["diag"].run([matrix], numeric)) == [0, 4]
    assert values(arrays.FUNCTIONS["trace"].run([matrix], numeric)) == 4
    assert values(arrays.FUNCTIONS["inner"].run([vec(1, 2), vec(3, 4)], numeric)) == 11
    with pytest.raises(ProgramError, match="trace and diag take a matrix"):
        arrays.FUNCTIONS["trace"].run([vec(1, 2)], numeric)
    square = arrays.FUNCTIONS["diag"].run([vec(1, 2)], numeric)  # NumPy's: a vector's matrix
    assert square.shape == (2, 2) and values(square) == [1, 0, 0, 2]


def test_dot_is_numpys_dot():
    """np.dot(W, x) with a matrix is the matrix product (CS231n's and JAX tutorials' spelling);
    with a number, the product element by element."""
    w = Array((2, 2), tuple(const(x) for x in (1.0, 2.0, 3.0, 4.0)))
    assert values(arrays.dot(w, vec(0.5, -1), numeric)) == values(
        arrays.matmul(w, vec(0.5, -1), numeric)) == [-1.5, -2.5]
    assert values(arrays.dot(w, w, numeric)) == [7, 10, 15, 22]
    assert values(arrays.dot(const(2), vec(1, 3), numeric)) == [2, 6]
    assert values(arrays.dot(const(2), const(3), numeric)) == 6
    with pytest.raises(ProgramError, match=r"dot needs the columns .* here \(2, 2\) and \(3,\)"):
        arrays.dot(w, vec(1, 2, 3), numeric)


def test_matmul_shapes():
    a = Array((2, 2), tuple(const(x) for x in (1, 2, 3, 4)))
    assert values(arrays.matmul(a, vec(5, 6), numeric)) == [17, 39]
    assert arrays.matmul(a, a, numeric).shape == (2, 2)
    assert values(arrays.matmul(vec(1, 1), a, numeric)) == [4, 6]
    assert values(arrays.matmul(vec(1, 2), vec(3, 4), numeric)) == 11
    with pytest.raises(ProgramError, match=r"\(2, 2\) @ \(3,\)"):
        arrays.matmul(a, vec(1, 2, 3), numeric)


def test_transpose_index_and_replace():
    a = Array((2, 3), tuple(const(x) for x in range(6)))
    assert values(arrays.transpose(a)) == [0, 3, 1, 4, 2, 5]
    assert values(arrays.index(a, [const(1)], "a")) == [3, 4, 5]
    assert values(arrays.index(a, [const(-1), const(0)], "a")) == 3
    assert values(arrays.replaced(a, [const(0), const(2)], const(9), "a")) == [0, 1, 9, 3, 4, 5]
    # a number into a row, as NumPy's x[i] = 1 (min-char-rnn's one-hot xs[t][inputs[t]] = 1)
    assert values(arrays.replaced(a, [const(1)], const(7), "a")) == [0, 1, 2, 7, 7, 7]
    with pytest.raises(ProgramError, match="out of range"):
        arrays.index(a, [const(2)], "a")


def test_constructors_and_names():
    assert values(arrays.arange([const(4)])) == [0, 1, 2, 3]
    assert values(arrays.arange([const(1), const(2), const(0.25)])) == [1, 1.25, 1.5, 1.75]
    assert values(arrays.eye([const(2)])) == [1, 0, 0, 1]
    assert arrays.shape_of([const(2), const(3)], "zeros") == (2, 3)
    assert arrays.element_name("b", (0, 1)) == "b[0,1]"
    assert arrays.flatten("a", vec(7, 8)) == [("a[0]", const(7)), ("a[1]", const(8))]
    nested = arrays.from_nested([vec(1, 2), vec(3, 4)])
    assert nested.shape == (2, 2)
    with pytest.raises(ProgramError, match="same length"):
        arrays.from_nested([vec(1, 2), vec(3)])


@pytest.mark.parametrize("name, message", [
    ("data", ".data is the value itself here (tracer's values are plain numbers and arrays of "
             "them): leave .data out"),
    ("grad", ".grad is what tracer reverse computes: leave it out of the program"),
    ("foo", "arrays have .T and .shape; there is no .foo"),
])
def test_an_attribute_course_code_reads_says_what_to_write(name, message):
    """x.data and x.grad (PyTorch's, micrograd's) said "arrays have .T and .shape"."""
    with pytest.raises(ProgramError) as info:
        arrays.attribute(const(2.0), name)
    assert message in info.value.message


def test_indexing_a_number_says_it_is_one():
    """np.sqrt(x)[0] of a number said "the array is a number, not an array"."""
    with pytest.raises(ProgramError, match=r"^this value is a number, not an array: it has no "
                                           r"elements to index$"):
        arrays.index(const(2.0), [const(0)], "the array")
    with pytest.raises(ProgramError, match=r"^b is a number, not an array"):
        arrays.index(const(2.0), [const(0)], "b")


def test_a_copy_is_an_array_of_its_own_with_the_same_elements():
    a = Array((2,), (0, 1))
    for name in ("copy", "clone", "array", "tensor"):
        b = arrays.FUNCTIONS[name].run([a], None)
        assert b == a and b is not a  # the same rows; a later b[0] = … leaves a alone
    assert arrays.FUNCTIONS["copy"].run([const(2)], None) == const(2)  # a number: itself


def test_logaddexp_is_numpys_without_overflow():
    """ln(e^a + e^b) as max(a, b) + log1p(exp(-|a - b|)): rows of the op table, in order."""
    rows = []

    def apply(op, args):
        rows.append(op.name)
        return op.value(*args)

    fn = arrays.FUNCTIONS["logaddexp"].run
    assert fn([1.0, 2.0], apply) == pytest.approx(2.3132616875182226, rel=1e-15)
    assert rows == ["sub", "abs", "neg", "exp", "log1p", "max", "add"]
    assert fn([1000.0, -1000.0], apply) == 1000.0  # e^1000 would overflow
    assert fn([-800.0, -800.0], apply) == pytest.approx(-800 + math.log(2), rel=1e-15)


def test_the_mean_of_an_empty_array_has_no_value_as_its_max():
    """mean(zeros(0)) said "the constant 0/0 is undefined: division by zero" (NumPy: nan)."""
    with pytest.raises(ProgramError, match=r"^mean of an empty array has no value$"):
        arrays.mean(Array((0,), ()), numeric)
    with pytest.raises(ProgramError, match="max of an empty array has no value"):
        arrays.extreme("max", Array((0,), ()), numeric)
    assert values(arrays.total(Array((0,), ()), numeric)) == 0  # the sum of none: 0


def test_a_new_axis_inserts_a_dimension_of_length_one():
    """x[:, None] is a column, x[None, :] a row, x[0, None] a vector of one: NumPy's newaxis."""
    x = vec(1, 2, 3)
    col = arrays.index(x, [arrays.SliceKey(None, None, None), None], "x")
    assert (col.shape, values(col)) == ((3, 1), [1, 2, 3])
    assert arrays.index(x, [None, arrays.SliceKey(None, None, None)], "x").shape == (1, 3)
    assert arrays.index(x, [None], "x").shape == (1, 3)
    assert values(arrays.index(x, [const(0), None], "x")) == [1]
    assert values(arrays.elementwise(ops.BY_NAME["sub"], [col, arrays.index(x, [None], "x")],
                                     numeric)) == [0, -1, -2, 1, 0, -1, 2, 1, 0]
    with pytest.raises(ProgramError, match=r"x with a new axis would have 3 dimensions"):
        arrays.index(Array((1, 1), (const(1),)), [None], "x")


def test_lists_of_positions_take_elements_as_numpy_does():
    """p[[0, 1], [2, 0]] is p[0,2], p[1,0]; p[[2, 0]] rows 2 and 0; a number stands for each."""
    p = Array((2, 3), tuple(const(v) for v in (1, 2, 3, 4, 5, 6)))
    assert values(arrays.index(p, [vec(0, 1), vec(2, 0)], "p")) == [3, 4]
    assert values(arrays.index(p, [vec(1, 0)], "p")) == [4, 5, 6, 1, 2, 3]
    assert arrays.index(p, [vec(1, 0)], "p").shape == (2, 3)
    assert values(arrays.index(p, [const(1), vec(2, 2)], "p")) == [6, 6]
    with pytest.raises(ProgramError, match=r"lists of one length .* \(2,\) and \(3,\)"):
        arrays.index(p, [vec(0, 1), vec(0, 1, 2)], "p")
    with pytest.raises(ProgramError, match="not with a slice"):
        arrays.index(p, [vec(0, 1), arrays.SliceKey(None, None, None)], "p")
    # (p[[0, 1], [2, 0]] = … is read since h-courses17: the next test; a new axis is not)
    with pytest.raises(ProgramError, match=r"assignment through a new axis"):
        arrays.replaced(p, [arrays.SliceKey(None, None, None), None], const(0), "p")


def test_an_assignment_through_lists_of_positions_puts_each_value_in_its_place():
    """CS231n's margins[np.arange(N), y] = 0 (it was refused: "assign each element")."""
    p = Array((2, 3), tuple(const(v) for v in (1, 2, 3, 4, 5, 6)))
    assert values(arrays.replaced(p, [vec(0, 1), vec(2, 0)], const(0), "p")) == \
        [1, 2, 0, 0, 5, 6]
    assert values(arrays.replaced(p, [vec(0, 1), vec(2, 0)], vec(7, 8), "p")) == \
        [1, 2, 7, 8, 5, 6]
    assert values(arrays.replaced(p, [const(1), vec(0, 0)], vec(7, 8), "p")) == \
        [1, 2, 3, 8, 5, 6]  # a position named twice keeps the last value, as NumPy's
    with pytest.raises(ProgramError, match=r"2 positions are assigned here; the value given "
                                           r"has shape \(3,\): give a number or 2 values"):
        arrays.replaced(p, [vec(0, 1), vec(2, 0)], vec(7, 8, 9), "p")
    with pytest.raises(ProgramError, match="not with a slice"):
        arrays.replaced(p, [vec(0, 1), arrays.SliceKey(None, None, None)], const(0), "p")


# The numbers below were computed by PyTorch 2.13 (float64), never by tracer.
def _matrix(*rows):
    return Array((len(rows), len(rows[0])), tuple(const(x) for r in rows for x in r))


def _close(got, want):
    assert got == pytest.approx(want, rel=1e-12, abs=1e-15)


def test_softmax_log_softmax_and_logsumexp_run_along_a_dim_as_pytorchs():
    z = _matrix((1.0, 2.0, 0.5), (-1.0, 0.0, 3.0))
    run = {name: arrays.FUNCTIONS[name].run for name in ("softmax", "log_softmax", "logsumexp")}
    _close(values(run["softmax"]([z, const(1)], numeric)),
           [0.23122389762214907, 0.6285317192117624, 0.14024438316608848,
            0.017147825545520388, 0.0466126225779739, 0.9362395518765058])
    _close(values(run["log_softmax"]([z, const(0)], numeric)),
           [-0.1269280110429726, -0.1269280110429726, -2.5788897342925496,
            -2.1269280110429727, -2.1269280110429727, -0.07888973429254957])
    lse = run["logsumexp"]([z, const(1)], numeric)
    assert lse.shape == (2,)
    _close(values(lse), [2.464368784107945, 3.0658839037574293])
    assert run["logsumexp"]([z, const(-1), const(True)], numeric).shape == (2, 1)  # keepdim


def test_softmax_holds_the_shift_fixed_so_no_derivative_runs_through_max():
    calls = []

    def recording(op, args):
        calls.append(op.name)
        return numeric(op, args)

    arrays.FUNCTIONS["softmax"].run([vec(1, 2)], recording)
    assert calls[:2] == ["max", "detach"]


def test_softmax_of_a_matrix_needs_its_dim_and_keeps_its_shape():
    z = _matrix((1.0, 2.0), (3.0, 4.0))
    with pytest.raises(ProgramError, match=r"softmax of a matrix needs its axis: "
                                           r"softmax\(x, dim=1\)"):
        arrays.FUNCTIONS["softmax"].run([z], numeric)
    with pytest.raises(ProgramError, match="softmax keeps its argument's shape: leave "
                                           "keepdims= out"):
        arrays.with_keywords("softmax", arrays.FUNCTIONS["softmax"].run, [z],
                             {"dim": const(1), "keepdim": const(True)}, numeric)
    with pytest.raises(ProgramError, match="log_softmax takes an array; this is a number"):
        arrays.FUNCTIONS["log_softmax"].run([const(2)], numeric)


def test_cross_entropy_is_logsumexp_less_the_class_logit_averaged_over_rows():
    run = arrays.FUNCTIONS["cross_entropy"].run
    z = _matrix((1.0, 2.0, 0.5), (-1.0, 0.0, 3.0))
    _close(values(run([z, vec(1, 2)], numeric)), 0.265126343932687)
    _close(values(run([vec(1.0, 2.0, 0.5), const(2)], numeric)), 1.964368784107945)
    with pytest.raises(ProgramError, match="class 3 is out of range for 3 logits"):
        run([z, vec(1, 3)], numeric)
    with pytest.raises(ProgramError, match="2 rows of logits and 3 class"):
        run([z, vec(1, 2, 0)], numeric)
    with pytest.raises(ProgramError, match="a class must be a whole number"):
        run([z, vec(1, 0.5)], numeric)


def test_the_losses_and_activations_of_torch_nn_functional_are_pytorchs():
    fn = arrays.FUNCTIONS
    a, t, p = vec(0.5, -1.0, 2.0), vec(1.0, 0.0, 1.0), vec(0.2, 0.6, 0.9)
    _close(values(fn["mse_loss"].run([a, t], numeric)), 0.75)
    _close(values(fn["l1_loss"].run([a, t], numeric)), 0.8333333333333334)
    _close(values(fn["binary_cross_entropy"].run([p, t], numeric)), 0.8770297199886938)
    _close(values(fn["binary_cross_entropy_with_logits"].run([a, t], numeric)),
           0.3047555609137673)
    _close(values(fn["silu"].run([a], numeric)),
           [0.3112296656009273, -0.2689414213699951, 1.7615941559557646])
    _close(values(fn["gelu"].run([a], numeric)),
           [0.34573123063700656, -0.15865525393145702, 1.9544997361036416])
    _close(values(fn["logsigmoid"].run([a], numeric)),
           [-0.4740769841801067, -1.3132616875182228, -0.1269280110429725])
    _close(values(arrays.with_keywords("gelu", fn["gelu"].run, [a],
                                       {"approximate": const(True)}, numeric)),
           [0.34571400982514394, -0.15880800939172324, 1.954597694087775])  # tanh's
    assert values(arrays.with_keywords("gelu", fn["gelu"].run, [a],
                                       {"approximate": const(False)}, numeric)) == \
        values(fn["gelu"].run([a], numeric))
    assert values(fn["clamp_min"].run([a, const(0)], numeric)) == [0.5, 0.0, 2.0]
    assert values(fn["clamp_max"].run([a, const(1)], numeric)) == [0.5, -1.0, 1.0]


def test_a_reduction_over_several_axes_takes_every_element_they_index():
    A = _matrix((1.0, 2.0, 0.5), (-1.0, 0.0, 3.0))
    total = arrays.FUNCTIONS["sum"].run
    assert values(arrays.along(lambda part: total([part], numeric), A, (const(0), const(1)),
                               False, "sum")) == 5.5
    top = arrays.along(lambda part: arrays.extreme("max", part, numeric), A,
                       Array((2,), (const(1), const(0))), True, "max")
    assert top.shape == (1, 1) and values(top) == [3.0]
    with pytest.raises(ProgramError, match="an axis is named twice"):
        arrays.along(lambda part: total([part], numeric), A, (const(0), const(-2)), False, "sum")
    with pytest.raises(ProgramError, match=r"axes \(0, 2\) are out of range for an array of "
                                           r"shape \(2, 3\)"):
        arrays.along(lambda part: total([part], numeric), A, (const(0), const(2)), False, "sum")


def test_eye_of_n_by_m_reversed_and_factorial_as_course_code_writes_them():
    """torch.eye(4, 5) (PyTorch's autograd tutorial), for c in reversed(coeffs) (Horner) and
    x**n / math.factorial(n) (a Taylor series) said 'eye takes 1 argument(s)' and 'unknown
    function'."""
    wide = arrays.eye([const(2), const(3)])
    assert wide.shape == (2, 3) and values(wide) == [1, 0, 0, 0, 1, 0]
    assert values(arrays.FUNCTIONS["reversed"].run([vec(1, 2, 3)], None)) == [3, 2, 1]
    assert arrays.FUNCTIONS["reversed"].run([(1, 2)], None) == (2, 1)
    assert arrays.FUNCTIONS["factorial"].run([const(5)], None) == const(120.0)
    with pytest.raises(ProgramError, match="factorial needs a whole number from 0 to 170"):
        arrays.FUNCTIONS["factorial"].run([const(171)], None)
    with pytest.raises(ProgramError, match="factorial's argument must be a whole number"):
        arrays.FUNCTIONS["factorial"].run([const(2.5)], None)
    with pytest.raises(ProgramError, match="eye needs a size of at least 0, got -1"):
        arrays.eye([const(2), const(-1)])


def test_broadcast_to_and_needles_summation():
    """np.broadcast_to(b, (2, 3)) (torch's, needle's) repeats b's rows; needle's
    summation(a, axes=(0,)) is sum(a, axis=0)."""
    b = vec(1, 2, 3)
    spread = arrays.broadcast_to(b, (const(2), const(3)))
    assert spread.shape == (2, 3) and spread.items == b.items * 2
    assert arrays.broadcast_to(const(4), (const(2),)).items == (const(4), const(4))
    with pytest.raises(ProgramError, match=r"broadcast_to cannot spread shape \(3,\) to \(2, 4\)"):
        arrays.broadcast_to(b, (const(2), const(4)))
    matrix = arrays.from_nested([vec(1, 2), vec(3, 4)])
    summed = arrays.with_keywords("summation", arrays.FUNCTIONS["summation"].run, [matrix],
                                  {"axes": (const(0),)}, numeric)
    assert values(summed) == [4, 6]


def test_det_inv_and_solve_by_cofactors_are_pytorchs():
    """np.linalg.det, inv and solve of matrices up to 3 by 3, by cofactors (a Kalman gain's
    inverse, a Gaussian's determinant); the numbers are PyTorch 2.13's (torch.linalg, float64)."""
    a = Array((3, 3), tuple(const(x) for x in (2.0, 0.5, -1.0, 0.3, 3.0, 0.2, 1.0, -0.4, 1.5)))
    assert values(arrays.determinant(a, numeric)) == pytest.approx(12.155, rel=1e-14)
    assert values(arrays.inverse(a, numeric)) == pytest.approx(
        [0.376799670917318, -0.028794734677087618, 0.25503907856849034, -0.02056766762649116,
         0.3290826820238585, -0.057589469354175235, -0.2566844919786096, 0.10695187165775401,
         0.48128342245989303], rel=1e-14)
    assert values(arrays.solve(a, vec(1.0, -2.0, 0.5), numeric)) == pytest.approx(
        [0.5619086795557384, -0.7075277663512958, -0.22994652406417115], rel=1e-14)
    two = Array((2, 2), tuple(const(x) for x in (0.0, 2.0, 1.0, 0.5)))  # a zero a_00: no pivot
    assert values(arrays.inverse(two, numeric)) == [-0.25, 1.0, 0.5, 0.0]
    one = Array((1, 1), (const(4.0),))
    assert values(arrays.inverse(one, numeric)) == [0.25]
    with pytest.raises(ProgramError, match=r"inv takes a square matrix; here \(2,\)"):
        arrays.inverse(vec(1, 2), numeric)
    four = Array((4, 4), tuple(const(float(i == j)) for i in range(4) for j in range(4)))
    with pytest.raises(ProgramError, match="det of a 4×4 matrix is not read: tracer writes the "
                                           "determinant and the inverse by cofactors, up to 3×3"):
        arrays.determinant(four, numeric)
    with pytest.raises(ProgramError, match=r"solve\(A, b\) needs b with 3 rows"):
        arrays.solve(a, vec(1, 2), numeric)


def test_the_trapezoidal_rule_is_numpys_trapezoid():
    """np.trapezoid(y, x) and np.trapz(y, dx=…): 15.5 and 4.5 here, as torch.trapezoid."""
    y = vec(1.0, 4.0, 9.0)
    assert values(arrays.trapezoid([y, vec(0.0, 1.0, 3.0)], numeric)) == 15.5
    assert values(arrays.with_keywords("trapz", arrays.trapezoid, [y], {"dx": const(0.5)},
                                       numeric)) == 4.5
    assert values(arrays.trapezoid([y], numeric)) == 9.0
    with pytest.raises(ProgramError, match=r"needs x as long as y; here \(3,\) and \(2,\)"):
        arrays.trapezoid([y, vec(0.0, 1.0)], numeric)


def test_tril_triu_and_a_transpose_of_two_dimensions_as_nanogpt_writes_them():
    """nanoGPT's Head: torch.tril(torch.ones(T, T)) as its causal mask, and
    k.transpose(-2, -1); np.triu(a, k=1) and np.transpose(a, (1, 0)) as NumPy writes them."""
    a = Array((3, 3), tuple(const(x) for x in range(1, 10)))
    assert values(arrays.triangle("tril", [a])) == [1, 0, 0, 4, 5, 0, 7, 8, 9]
    assert values(arrays.triangle("triu", [a, const(1)])) == [0, 2, 3, 0, 0, 6, 0, 0, 0]
    assert values(arrays.with_keywords("tril", lambda args, ap: None, [a],
                                       {"diagonal": const(-1)}, numeric)) == \
        [0, 0, 0, 4, 0, 0, 7, 8, 0]
    with pytest.raises(ProgramError, match=r"tril takes a matrix; here \(3,\)"):
        arrays.triangle("tril", [vec(1, 2, 3)])
    b = Array((2, 3), tuple(const(x) for x in range(6)))
    t = [0, 3, 1, 4, 2, 5]
    assert values(arrays.transposed([b, const(-2), const(-1)])) == t
    assert values(arrays.transposed([b, const(1), const(1)])) == [0, 1, 2, 3, 4, 5]
    assert values(arrays.transposed([b, (const(1), const(0))])) == t
    assert values(arrays.transposed([b, vec(0, 1)])) == [0, 1, 2, 3, 4, 5]
    with pytest.raises(ProgramError, match=r"dimensions are 0 to 1 .* here \[0, 2\]"):
        arrays.transposed([b, const(0), const(2)])
    with pytest.raises(ProgramError, match=r"name each dimension once; here \[0, 0\]"):
        arrays.transposed([b, (const(0), const(0))])


def test_an_index_by_a_matrix_of_positions_takes_a_vectors_elements():
    """x[idx] of a vector by a matrix of positions is a matrix, as NumPy's; makemore's C[Xb]
    of a matrix (three dimensions) said 'lists of one length' and now says what to write."""
    x = vec(10, 20, 30)
    idx = Array((2, 2), tuple(const(k) for k in (0, 2, 1, 1)))
    taken = arrays.index(x, [idx], "x")
    assert taken.shape == (2, 2) and values(taken) == [10, 30, 20, 20]
    c = Array((4, 2), tuple(const(k) for k in range(8)))
    xb = Array((4, 2), tuple(const(k % 4) for k in range(8)))
    with pytest.raises(ProgramError, match=re.escape(
            "an index by a matrix of positions (4, 2) into a matrix (4, 2) makes 3 dimensions "
            "(4, 2, 2), and tracer's arrays are vectors and matrices: take a column of positions "
            "at a time and join them, torch.cat([C[Xb[:, 0]], C[Xb[:, 1]]], 1)")):
        arrays.index(c, [xb], "C")


def test_a_list_of_matrices_says_to_loop_over_a_tuple():
    """Nielsen's biases = [b1, b2] (columns (3, 1) and (1, 1)) said 'the rows of a matrix
    must have the same length'; a list of matrices is not one value, and the loop it feeds
    reads a tuple."""
    b1 = Array((3, 1), (const(1), const(2), const(3)))
    b2 = Array((1, 1), (const(4),))
    with pytest.raises(ProgramError, match=re.escape(
            "a list of matrices ((3, 1), (1, 1)) is not one value here (tracer's arrays are "
            "vectors and matrices): loop over a tuple of them, for b, w in zip((b1, b2), "
            "(w1, w2))")):
        arrays.from_nested([b1, b2])
    assert arrays.from_nested([vec(1, 2), vec(3, 4)]).shape == (2, 2)


def test_polyval_is_horners_rule_highest_power_first():
    """np.polyval([1, 2, 3], 2) = 4 + 4 + 3 = 11, element by element of an array x."""
    assert values(arrays.polyval(vec(1, 2, 3), const(2), numeric)) == 11
    assert values(arrays.polyval(vec(1, 2, 3), vec(2, -1), numeric)) == [11, 2]
    with pytest.raises(ProgramError, match=r"polyval takes a vector of coefficients"):
        arrays.polyval(const(1), const(2), numeric)


def test_a_norms_second_argument_is_its_order_as_numpys_and_pytorchs():
    """np.linalg.norm(x, 2), x.norm(p=1): an order, not an axis (it said 'NumPy reads 2 as an
    axis'); of a matrix the two libraries read an order differently, so it is refused."""
    x = vec(3, -4)
    assert values(arrays.ordered_norm(x, const(2), numeric)) == 5
    assert values(arrays.ordered_norm(x, const(1), numeric)) == 7
    assert values(arrays.with_keywords("norm", lambda a, ap: None, [x], {"ord": const(1)},
                                       numeric)) == 7
    with pytest.raises(ProgramError, match=r"order is read as 2 \(Euclidean, the default\) or "
                                           r"1 \(Σ \|xᵢ\|\); here 3$"):
        arrays.ordered_norm(x, const(3), numeric)
    with pytest.raises(ProgramError, match="a norm of a matrix with an order is read "
                                           "differently by NumPy"):
        arrays.ordered_norm(Array((1, 2), (const(3), const(4))), const(2), numeric)


def test_an_array_of_shape_nothing_is_a_number():
    """np.zeros(()) (NumPy's 0-d array) was an array of no dimensions, its element named
    y[] in every table; it adds and multiplies as one number, and is one."""
    assert arrays.FUNCTIONS["zeros"].run([Array((0,), ())], None) == const(0.0)
    assert arrays.FUNCTIONS["full"].run([Array((0,), ()), const(2.0)], None) == const(2.0)
    assert values(arrays.FUNCTIONS["ones"].run([const(2)], None)) == [1.0, 1.0]


def test_a_broadcast_past_the_row_limit_is_refused_before_it_is_spread():
    """A column of 10⁶ against a row of 10⁶ broadcasts to 10¹² elements: refused at once
    (it ran until killed, listing 10¹² positions), as where's three values are."""
    column = Array((10**6, 1), (const(1),) * 10**6)
    row = Array((1, 10**6), column.items)
    for call in [lambda: arrays.elementwise(ops.BY_NAME["sub"], [column, row], numeric),
                 lambda: arrays.spread_all([column, row, const(0)], "where")]:
        with pytest.raises(LimitError, match=r"\(1000000, 1\) and \(1, 1000000\) would make "
                                             r"1,000,000,000,000 elements"):
            call()
    small = Array((3, 1), (const(1),) * 3)
    assert arrays.elementwise(ops.BY_NAME["sub"], [small, vec(1, 2)], numeric).shape == (3, 2)


def test_var_and_std_divide_as_their_library_does():
    """var([1, 2, 3, 4]): Σ (aᵢ - 2.5)² = 5, over n = 4 in NumPy (ddof=0), n - 1 = 3 in
    PyTorch (correction=1), n - 2 with ddof=2 or correction=2; std its square root."""
    a = vec(1, 2, 3, 4)
    assert values(arrays.spread("var", "numpy", [a], {}, numeric)) == 5 / 4
    assert values(arrays.spread("var", "torch", [a], {}, numeric)) == 5 / 3
    assert values(arrays.spread("var", "numpy", [a], {"ddof": const(2)}, numeric)) == 5 / 2
    assert values(arrays.spread("var", "torch", [a], {"correction": const(2)}, numeric)) == 5 / 2
    assert values(arrays.spread("var", "torch", [a], {"unbiased": const(0)}, numeric)) == 5 / 4
    assert values(arrays.spread("std", "numpy", [a], {}, numeric)) == math.sqrt(5 / 4)
    m = Array((2, 2), tuple(const(x) for x in (1, 2, 5, 8)))
    along0 = arrays.spread("var", "numpy", [m, const(0)], {"keepdims": const(1)}, numeric)
    assert along0.shape == (1, 2) and values(along0) == [4, 9]
    assert values(arrays.spread("var", "torch", [m], {"dim": const(1)}, numeric)) == [0.5, 4.5]


def test_var_without_its_library_says_which_to_write():
    with pytest.raises(ProgramError, match=re.escape("write np.var(x) or torch.var(x)")):
        arrays.FUNCTIONS["var"].run([vec(1, 2)], numeric)
    with pytest.raises(ProgramError, match=re.escape("ddof must be a whole number")):
        arrays.spread("var", "numpy", [vec(1, 2)], {"ddof": const(0.5)}, numeric)
