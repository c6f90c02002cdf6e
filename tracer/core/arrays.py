"""Arrays: small vectors and matrices as groups of scalar rows.

An array is a shape and its elements in row-major order; an element is whatever a scalar is
while a program runs (a row, an input, a constant). Nothing here has a derivative of its own:
every function expands into elementary ops of the op table, applied element by element through
``apply`` (the lowering's), so every row of an array program is a lecture row.

- Elementwise ops broadcast a scalar against an array, or combine two arrays of one shape.
- Reductions fold left to right: ``sum([a, b, c])`` is ``(a + b) + c``, two rows;
  ``norm(b)`` is ``√(b₀² + b₁² + …)``, ``dot(x, y)`` is ``x₀y₀ + x₁y₁ + …``.
- ``A @ B`` is a dot product per element of the result.
- Elements are named by their indices: the element (0, 1) of ``b`` is ``b[0,1]``.

Worked example: ``2 * dot(x, x)`` with x = [0, 1, 2, 3] is four squares x₀x₀ … x₃x₃, three sums
and one product: eight rows, and the gradient 4x = [0, 4, 8, 12].
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from itertools import product
from typing import Any, NamedTuple

from tracer.core import ops
from tracer.core.builder import MAX_ROWS
from tracer.core.nodes import Num
from tracer.core.wengert import Const
from tracer.errors import LimitError, ProgramError

# Every element becomes at least one row once it is used, so an array may hold as many
# elements as a trace may hold rows; a product's multiplications count the same way.
MAX_ELEMENTS = MAX_ROWS


class Array(NamedTuple):
    """A vector or matrix value: its shape and its elements, row by row."""

    shape: tuple[int, ...]
    items: tuple[Any, ...]


Apply = Callable[[ops.Op, Sequence[Any]], Any]  # an op on scalars, as the lowering applies it


def const(value: float) -> Const:
    text = str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)
    return Const(float(value), Num(float(value), text))


def indices(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    return list(product(*(range(n) for n in shape)))


def element_name(name: str, index: tuple[int, ...]) -> str:
    """``b[0,1]``: how an element is named everywhere (rows, inputs, outputs, JSON)."""
    return f"{name}[{','.join(map(str, index))}]"


def show(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def flatten(name: str, value: Any) -> list[tuple[str, Any]]:
    """A named value as (element name, scalar) pairs: a scalar stays as it is."""
    if not isinstance(value, Array):
        return [(name, value)]
    return [(element_name(name, ix), item) for ix, item in zip(indices(value.shape), value.items,
                                                              strict=True)]


def from_nested(rows: Any) -> Array:
    """An array from nested lists of scalars (``[[1, 2], [3, 4]]``), checked rectangular."""
    if not isinstance(rows, list):
        raise ProgramError("expected a list")
    arrays = sum(isinstance(r, Array) for r in rows)
    if 0 < arrays < len(rows):
        raise ProgramError("a list mixes numbers and lists")
    if arrays:
        shapes = {r.shape for r in rows}
        if len(shapes) != 1 and any(len(r.shape) > 1 for r in rows):  # Nielsen's biases
            raise ProgramError(f"a list of matrices ({', '.join(show(r.shape) for r in rows)}) "
                               "is not one value here (tracer's arrays are vectors and "
                               "matrices): loop over a tuple of them, for b, w in zip((b1, b2), "
                               "(w1, w2)), or give each a name of its own")
        if len(shapes) != 1:
            raise ProgramError("the rows of a matrix must have the same length: "
                               + ", ".join(show(r.shape) for r in rows))
        shape = (len(rows), *rows[0].shape)
        dimensions(shape, "a list of lists of lists")
        return Array(shape, tuple(x for r in rows for x in r.items))
    return Array((len(rows),), tuple(rows))


def appended(a: Any, item: Any) -> Array:
    """A list after ``a.append(item)``: a number after a list of numbers, a vector as a new row
    (a list of vectors is a matrix, as ``np.array(hs)`` makes it); what makes no vector or
    matrix is refused, saying what to write."""
    if not isinstance(a, Array):
        raise ProgramError("append adds to a list, and this value is a number: start the list "
                           "as ys = [y0] (or ys = [])")
    if not isinstance(item, Array):
        if len(a.shape) == 1:
            return Array((a.shape[0] + 1,), (*a.items, item))
        raise ProgramError(f"this list holds rows {show(a.shape[1:])}; the value appended is a "
                           "number")
    if len(item.shape) == 1 and (a.shape == (0,) or a.shape[1:] == item.shape):
        return Array((a.shape[0] + 1, item.shape[0]), (*a.items, *item.items))
    if len(item.shape) > 1:
        raise ProgramError(f"appending a matrix {show(item.shape)} makes a list of matrices, "
                           "which is not one value here (tracer's arrays are vectors and "
                           "matrices): append its elements (its .flatten()), or keep the last "
                           "one alone")
    held = "numbers" if len(a.shape) == 1 else f"rows {show(a.shape[1:])}"
    raise ProgramError(f"this list holds {held}; the value appended has shape "
                       f"{show(item.shape)}")


def dimensions(shape: tuple[int, ...], what: str) -> None:
    """tracer's arrays are vectors and matrices: refuse a third dimension up front."""
    if len(shape) > 2:
        raise ProgramError(f"{what} would have {len(shape)} dimensions {show(shape)}; tracer's "
                           "arrays are vectors and matrices (1 or 2 dimensions)")


def amount(n: int) -> str:
    """A count as a student reads it: 1,000,000, or about 10^300 when it has no end to read."""
    return f"{n:,}" if n < 10**15 else f"about 10^{len(str(n)) - 1}"


def limit(count: int, what: str, made: str = "make {} elements") -> None:
    """Refuse, before making it, an array (or a product) of more than ``MAX_ELEMENTS``."""
    if count > MAX_ELEMENTS:
        raise LimitError(f"{what} would {made.format(amount(count))} (a row each); tracer stops "
                         f"a program at {MAX_ELEMENTS:,} rows: use a smaller size")


# --- elementwise --------------------------------------------------------------------------------

def elementwise(op: ops.Op, args: Sequence[Any], apply: Apply) -> Array:
    """``op`` applied element by element, shapes broadcast as NumPy does: a number meets
    every element, and a vector every row of a matrix (``X @ W + b``)."""
    shape = _broadcast_or_refuse([a.shape for a in args if isinstance(a, Array)], op.name)
    columns = [None if not isinstance(a, Array) else a.items if a.shape == shape else
               [a.items[k] for k in _spread(a.shape, shape)] for a in args]
    out = []
    for k in range(math.prod(shape)):
        out.append(apply(op, [a if col is None else col[k] for a, col in zip(args, columns,
                                                                              strict=True)]))
    return Array(shape, tuple(out))


def _broadcast_or_refuse(shapes: list[tuple[int, ...]], what: str) -> tuple[int, ...]:
    """The shape ``shapes`` broadcast to; a ProgramError naming them when they do not."""
    shape = broadcast(shapes)
    if shape is None:
        described = " and ".join(show(s) for s in shapes)
        raise ProgramError(f"{what} needs arrays whose shapes broadcast (one shape, or a "
                           f"number, or a vector as long as a matrix's rows); here the shapes "
                           f"are {described}")
    # (10⁶, 1) against (1, 10⁶) broadcasts to 10¹² elements: refused before any is spread
    limit(math.prod(shape), f"{what} of shapes {' and '.join(show(s) for s in shapes)}")
    return shape


def broadcast(shapes: Sequence[tuple[int, ...]]) -> tuple[int, ...] | None:
    """The shape arrays of ``shapes`` broadcast to (NumPy's rule: aligned from the right,
    each dimension equal or 1), or None when they do not."""
    ndim = max(len(s) for s in shapes)
    out = []
    for d in range(ndim):
        dims = {s[d - ndim + len(s)] for s in shapes if d - ndim + len(s) >= 0} - {1}
        if len(dims) > 1:
            return None
        out.append(dims.pop() if dims else 1)
    return tuple(out)


def spread_all(values: Sequence[Any], what: str) -> tuple[tuple[int, ...] | None,
                                                          list[list[Any]]]:
    """``values`` broadcast together, as NumPy's ``where`` does: their shape (None when all
    are numbers) and, for each value, its element at each element of that shape."""
    shapes = [v.shape for v in values if isinstance(v, Array)]
    if not shapes:
        return None, [[v] for v in values]
    shape = _broadcast_or_refuse(shapes, what)
    n = math.prod(shape)
    return shape, [[v] * n if not isinstance(v, Array) else list(v.items) if v.shape == shape
                   else [v.items[k] for k in _spread(v.shape, shape)] for v in values]


def _spread(shape: tuple[int, ...], to: tuple[int, ...]) -> list[int]:
    """For each element of shape ``to``, the element of ``shape`` broadcast into it."""
    lead = len(to) - len(shape)
    out = []
    for ix in indices(to):
        k = 0
        for n, i in zip(shape, ix[lead:], strict=True):
            k = k * n + (0 if n == 1 else i)
        out.append(k)
    return out


# --- reductions and products --------------------------------------------------------------------

def _fold(op_name: str, items: Sequence[Any], apply: Apply) -> Any:
    op = ops.BY_NAME[op_name]
    acc = items[0]
    for item in items[1:]:
        acc = apply(op, [acc, item])
    return acc


def total(a: Any, apply: Apply) -> Any:
    if not isinstance(a, Array):
        return a
    if not a.items:
        return const(0)
    return _fold("add", a.items, apply)


def extreme(name: str, a: Any, apply: Apply) -> Any:
    """``max(a)`` or ``min(a)`` of an array's elements, left to right (of a number: itself)."""
    if not isinstance(a, Array):
        return a
    if not a.items:
        raise ProgramError(f"{name} of an empty array has no value")
    return _fold(name, a.items, apply)


def mean(a: Any, apply: Apply) -> Any:
    if not isinstance(a, Array):
        return a
    if not a.items:  # 0/0 (NumPy's nan, with a warning)
        raise ProgramError("mean of an empty array has no value")
    return apply(ops.BY_NAME["div"], [total(a, apply), const(len(a.items))])


def prod(a: Any, apply: Apply) -> Any:
    if not isinstance(a, Array):
        return a
    return _fold("mul", a.items, apply) if a.items else const(1)


def norm(a: Any, apply: Apply) -> Any:
    """The Euclidean norm (of all elements): √(Σ aᵢ²)."""
    if not isinstance(a, Array):
        return apply(ops.BY_NAME["abs"], [a])
    squares = [apply(ops.BY_NAME["pow"], [x, const(2)]) for x in a.items]
    return apply(ops.BY_NAME["sqrt"], [total(Array(a.shape, tuple(squares)), apply)])


def ordered_norm(a: Any, order: Any, apply: Apply) -> Any:
    """``np.linalg.norm(x, 1)``, ``x.norm(2)``, ``ord=``/``p=``: the second argument of a
    norm is its order, in NumPy and PyTorch alike (not an axis, as sum's is): of a vector,
    ord 2 is the Euclidean norm and ord 1 Σ |xᵢ|; of a matrix, NumPy and PyTorch read an
    order differently (the largest singular value, or the elements' norm), so it is refused."""
    k = float(order.value) if isinstance(order, Const) else None
    if isinstance(a, Array) and len(a.shape) == 2:
        raise ProgramError("a norm of a matrix with an order is read differently by NumPy (ord "
                           "2: the largest singular value) and PyTorch (the elements' norm): "
                           "write norm(A) for √(Σ aᵢⱼ²), or the sum you mean")
    if k == 2:
        return norm(a, apply)
    if k == 1:
        return total(each("abs", [a], apply), apply)
    raise ProgramError("a norm's order is read as 2 (Euclidean, the default) or 1 (Σ |xᵢ|); "
                       f"here {f'{k:g}' if k is not None else 'a computed value'}")


def dot(x: Any, y: Any, apply: Apply) -> Any:
    """NumPy's dot: of two vectors their inner product; with a matrix the matrix product
    (``np.dot(W, x)`` is ``W @ x``); with a number the product element by element."""
    mul = ops.BY_NAME["mul"]
    if not isinstance(x, Array) and not isinstance(y, Array):
        return apply(mul, [x, y])
    if not (isinstance(x, Array) and isinstance(y, Array)):
        return elementwise(mul, [x, y], apply)
    if len(x.shape) == 2 or len(y.shape) == 2:
        return matmul(x, y, apply, "dot")
    if x.shape != y.shape:
        raise ProgramError(f"dot needs two vectors of one length; here {_shape(x)} and "
                           f"{_shape(y)}")
    return total(elementwise(mul, [x, y], apply), apply)


def _shape(a: Any) -> str:
    return show(a.shape) if isinstance(a, Array) else "a number"


def matmul(a: Any, b: Any, apply: Apply, spelled: str = "@") -> Any:
    """``a @ b``: (m, n) @ (n, p), (m, n) @ (n,), (n,) @ (n, p) or (n,) @ (n,)."""
    if not (isinstance(a, Array) and isinstance(b, Array)):
        raise ProgramError("@ multiplies two arrays; for numbers write *")
    if a.shape[-1] != b.shape[0] or len(a.shape) > 2 or len(b.shape) > 2:
        between = " @ " if spelled == "@" else " and "
        raise ProgramError(f"{spelled} needs the columns of the left to match the rows of the "
                           f"right; here {show(a.shape)}{between}{show(b.shape)}")
    limit(math.prod(a.shape) * (b.shape[-1] if len(b.shape) == 2 else 1),
          f"{show(a.shape)} @ {show(b.shape)}", "take {} multiplications")
    rows_a = _as_rows(a)
    cols_b = _as_columns(b)
    n = a.shape[-1]
    mul = ops.BY_NAME["mul"]
    out = [total(Array((n,), tuple(apply(mul, [r[k], c[k]]) for k in range(n))), apply)
           for r in rows_a for c in cols_b]
    shape = (*a.shape[:-1], *b.shape[1:])
    return Array(shape, tuple(out)) if shape else out[0]


def _as_rows(a: Array) -> list[tuple[Any, ...]]:
    if len(a.shape) == 1:
        return [a.items]
    m, n = a.shape
    return [a.items[i * n:(i + 1) * n] for i in range(m)]


def _as_columns(b: Array) -> list[tuple[Any, ...]]:
    if len(b.shape) == 1:
        return [b.items]
    n, p = b.shape
    return [tuple(b.items[i * p + j] for i in range(n)) for j in range(p)]


def transpose(a: Any) -> Any:
    if not isinstance(a, Array) or len(a.shape) != 2:
        return a
    m, n = a.shape
    return Array((n, m), tuple(a.items[i * n + j] for j in range(n) for i in range(m)))


def transposed(args: Sequence[Any]) -> Any:
    """``a.T`` as written three ways: transpose(a), PyTorch's ``k.transpose(-2, -1)`` (two
    dimensions swapped, counted from the end when negative) and NumPy's
    ``np.transpose(a, (1, 0))``; swapping a dimension with itself leaves a as it is."""
    a = args[0]
    if len(args) == 1:
        return transpose(a)
    rank = len(a.shape) if isinstance(a, Array) else 0
    given = args[1:] if len(args) == 3 else \
        list(args[1].items if isinstance(args[1], Array) else args[1]) \
        if isinstance(args[1], Array | tuple) else [args[1]]
    dims = [whole(d, "transpose's dimension") for d in given]
    if len(args) == 2 and len(dims) != rank:
        raise ProgramError(f"transpose's axes name each of a's {rank} dimension(s) once; "
                           f"here {len(dims)}")
    if any(not -max(rank, 1) <= d < max(rank, 1) for d in dims):
        raise ProgramError(f"transpose's dimensions are 0 to {max(rank, 1) - 1} (or negative, "
                           f"from the end) for {_shape(a)}; here {dims}")
    dims = [d % max(rank, 1) for d in dims]
    if len(args) == 2 and sorted(dims) != list(range(rank)):
        raise ProgramError(f"transpose's axes name each dimension once; here {dims}")
    swapped = dims[0] != dims[1] if len(args) == 3 else dims != sorted(dims)
    return transpose(a) if swapped else a


def outer(x: Any, y: Any, apply: Apply) -> Array:
    if not (isinstance(x, Array) and isinstance(y, Array)):
        raise ProgramError("outer needs two vectors")
    limit(len(x.items) * len(y.items), f"outer of {show(x.shape)} and {show(y.shape)}")
    mul = ops.BY_NAME["mul"]
    return Array((len(x.items), len(y.items)),
                 tuple(apply(mul, [a, b]) for a in x.items for b in y.items))


# --- constructors -------------------------------------------------------------------------------

def whole(value: Any, what: str) -> int:
    """A value that must be a whole number (a size, an index): a constant, not a row."""
    if not isinstance(value, Const) or not float(value.value).is_integer():
        shown = "a value computed from the inputs" if not isinstance(value, Const) else \
            repr(value.value)
        exc = ProgramError(f"{what} must be a whole number such as 3 or a loop counter; "
                           f"here it is {shown}")
        exc.operand = value  # type: ignore[attr-defined]  # the interpreter names an input
        raise exc
    return int(value.value)


def shape_of(args: Sequence[Any], what: str) -> tuple[int, ...]:
    """zeros(2, 3), zeros([2, 3]) or zeros(a.shape): the shape asked for."""
    sizes = args[0].items if len(args) == 1 and isinstance(args[0], Array) else args
    shape = tuple(whole(v, f"a size of {what}") for v in sizes)
    if any(n < 0 for n in shape):
        raise ProgramError(f"{what} needs sizes of at least 0, got {show(shape)}")
    dimensions(shape, what)
    limit(math.prod(shape), f"{what}({', '.join(map(str, shape))})")
    return shape


def _cumulative(a: Any, apply: Apply, axis: Any = None) -> Any:
    """NumPy's cumsum: the running sums of the elements, as a vector; along an axis
    (``np.cumsum(X, axis=0)``, PyTorch's ``torch.cumsum(x, dim=0)``, ``x.cumsum(0)``), the
    running sums of each line along it, in the array's shape: [[1, 2], [3, 4]] along axis 0
    is [[1, 2], [4, 6]]."""
    if not isinstance(a, Array):
        if axis is not None and whole(axis, "an axis") not in (0, -1):
            raise ProgramError(f"axis {whole(axis, 'an axis')} is out of range for a number")
        return Array((1,), (a,))
    if axis is None:
        return _running(list(a.items), apply)
    k = whole(axis, "an axis")
    if not -len(a.shape) <= k < len(a.shape):
        raise ProgramError(f"axis {k} is out of range for an array of shape {show(a.shape)}")
    k %= len(a.shape)
    items = list(a.items)
    strides = [math.prod(a.shape[d + 1:]) for d in range(len(a.shape))]
    rest = [d for d in range(len(a.shape)) if d != k]
    for ix in indices(tuple(a.shape[d] for d in rest)):  # each line along the axis
        base = sum(i * strides[d] for i, d in zip(ix, rest, strict=True))
        line = [base + j * strides[k] for j in range(a.shape[k])]
        for p, q in itertools.pairwise(line):
            items[q] = apply(ops.BY_NAME["add"], [items[p], items[q]])
    return Array(a.shape, tuple(items))


def _running(items: list[Any], apply: Apply) -> Array:
    out: list[Any] = []
    for item in items:
        out.append(item if not out else apply(ops.BY_NAME["add"], [out[-1], item]))
    return Array((len(out),), tuple(out))


# NumPy's and PyTorch's joins of arrays: concatenate (torch.cat) along an axis that exists,
# stack along a new one, hstack and vstack as NumPy reads them (a vector as a row for vstack).
JOINS = frozenset({"concatenate", "cat", "hstack", "vstack", "stack"})


def joined(name: str, seq: Any, axis: Any = None) -> Array:
    """``np.concatenate((a, b), axis=0)``, ``torch.cat([a, b], dim=1)``, ``np.hstack((ones,
    X))``, ``np.vstack((a, b))``, ``np.stack((a, b), axis=1)``: the elements of the arrays in
    ``seq`` (a tuple, or an array read as its rows, as NumPy reads it) laid side by side, a
    row per element as they were: no operation, so no row of the trace."""
    parts = list(seq) if type(seq) is tuple else \
        [_row(seq, i) for i in range(seq.shape[0])] if isinstance(seq, Array) else None
    if not parts:
        raise ProgramError(f"{name} takes a tuple or list of arrays: {name}((a, b))")
    k = 0 if axis is None else whole(axis, "an axis")
    if name == "stack":
        parts = [p if isinstance(p, Array) else Array((), (p,)) for p in parts]
        if len({p.shape for p in parts}) != 1:
            raise ProgramError(f"stack needs arrays of one shape; here {_shapes(parts)}")
        shape = (len(parts), *parts[0].shape)
        dimensions(shape, "stack")
        rows = Array(shape, tuple(x for p in parts for x in p.items))
        return transpose(rows) if k % len(shape) == 1 and len(shape) == 2 else rows
    if name in ("hstack", "vstack"):
        parts = [p if isinstance(p, Array) else Array((1,), (p,)) for p in parts]
        if name == "vstack":
            parts = [Array((1, *p.shape), p.items) if len(p.shape) == 1 else p for p in parts]
        k = 0 if name == "vstack" or len(parts[0].shape) == 1 else 1
    if any(not isinstance(p, Array) for p in parts):
        raise ProgramError(f"{name} joins arrays; a number has no axis to join along (write "
                           f"it as a vector, [x])")
    return _along_axis(name, parts, k)


def _row(a: Array, i: int) -> Any:
    n = len(a.items) // a.shape[0]
    items = a.items[i * n:(i + 1) * n]
    return Array(a.shape[1:], items) if len(a.shape) > 1 else items[0]


def _shapes(parts: Sequence[Array]) -> str:
    return ", ".join(show(p.shape) for p in parts)


def _along_axis(name: str, parts: list[Array], k: int) -> Array:
    """The arrays joined along their axis k: every other length the same."""
    n = len(parts[0].shape)
    if any(len(p.shape) != n for p in parts):
        raise ProgramError(f"{name} needs arrays of one number of dimensions; here "
                           f"{_shapes(parts)}")
    if not -n <= k < n:
        raise ProgramError(f"axis {k} is out of range for arrays of shape {show(parts[0].shape)}")
    k %= n
    if len({p.shape[:k] + p.shape[k + 1:] for p in parts}) != 1:
        raise ProgramError(f"{name} along axis {k} needs the other lengths equal; here "
                           f"{_shapes(parts)}")
    if k == 0:
        items = tuple(x for p in parts for x in p.items)
    else:  # a matrix's rows, each the rows of every part side by side
        items = tuple(x for i in range(parts[0].shape[0]) for p in parts
                      for x in p.items[i * p.shape[1]:(i + 1) * p.shape[1]])
    shape = list(parts[0].shape)
    shape[k] = sum(p.shape[k] for p in parts)
    return Array(tuple(shape), items)


def _linspace(args: Sequence[Any], apply: Apply) -> Array:
    """NumPy's linspace(a, b, n): n constants from a to b, evenly spaced, both ends in; with
    an end computed from the inputs (∫₀ˢ f by a rule on linspace(0, s, n)), NumPy's rows:
    step = (b - a)/(n - 1), a + k step, and b itself last."""
    if isinstance(args[2], Array) or any(not isinstance(x, Const | int) for x in args[:2]):
        raise ProgramError("linspace takes numbers: linspace(start, stop, count)")
    n = whole(args[2], "a count")
    if n < 0:
        raise ProgramError(f"linspace needs a count of at least 0, got {n}")
    limit(n, f"linspace(…, {n})")
    if not all(isinstance(x, Const) for x in args[:2]):
        return _linspace_rows(args[0], args[1], n, apply)
    start, stop = float(args[0].value), float(args[1].value)
    step = (stop - start) / (n - 1) if n > 1 else 0.0
    return Array((n,), tuple(const(stop if k == n - 1 and n > 1 else start + k * step)
                             for k in range(n)))


def _linspace_rows(start: Any, stop: Any, n: int, apply: Apply) -> Array:
    if n < 2:
        return Array((n,), (start,) * n)
    step = apply(ops.BY_NAME["div"], [apply(ops.BY_NAME["sub"], [stop, start]), const(n - 1)])
    add, mul = ops.BY_NAME["add"], ops.BY_NAME["mul"]
    middle = tuple(apply(add, [start, apply(mul, [const(k), step])]) for k in range(1, n - 1))
    return Array((n,), (start, *middle, stop))


# --- small linear algebra, as a course writes it by hand ---------------------------------------
# np.linalg.det, inv and solve of matrices up to 3 by 3, by cofactors: every row is a product,
# a difference or the division by the determinant (no pivoting, so no decision on values),
# and the derivatives are the inverse's, d(A⁻¹) = -A⁻¹ dA A⁻¹, as PyTorch's.
LARGEST_BY_COFACTORS = 3


def _square(a: Any, name: str) -> int:
    """The size n of an n-by-n matrix, up to 3; refused otherwise, saying why."""
    if not isinstance(a, Array) or len(a.shape) != 2 or a.shape[0] != a.shape[1]:
        raise ProgramError(f"{name} takes a square matrix; here {_shape(a)}")
    n = a.shape[0]
    if n > LARGEST_BY_COFACTORS:
        raise ProgramError(f"{name} of a {n}×{n} matrix is not read: tracer writes the "
                           f"determinant and the inverse by cofactors, up to "
                           f"{LARGEST_BY_COFACTORS}×{LARGEST_BY_COFACTORS}; for a larger "
                           "system, write Gaussian elimination as a loop")
    return n


def _cofactors(a: Array, apply: Apply) -> tuple[list[list[Any]], Any]:
    """The cofactors C_ij of a square matrix (n ≤ 3) and its determinant Σ_j a_0j C_0j."""
    n = a.shape[0]
    at = [[a.items[i * n + j] for j in range(n)] for i in range(n)]
    mul, sub, add = (ops.BY_NAME[k] for k in ("mul", "sub", "add"))
    if n == 1:
        return [[const(1)]], at[0][0]

    def minor(i: int, j: int) -> Any:  # of a 2-by-2: the other element; of a 3-by-3: a 2-by-2
        rows = [r for r in range(n) if r != i]
        cols = [c for c in range(n) if c != j]
        if n == 2:
            return at[rows[0]][cols[0]]
        return apply(sub, [apply(mul, [at[rows[0]][cols[0]], at[rows[1]][cols[1]]]),
                           apply(mul, [at[rows[0]][cols[1]], at[rows[1]][cols[0]]])])

    neg = ops.BY_NAME["neg"]
    cof = [[minor(i, j) if (i + j) % 2 == 0 else apply(neg, [minor(i, j)])
            for j in range(n)] for i in range(n)]
    det = apply(mul, [at[0][0], cof[0][0]])
    for j in range(1, n):
        det = apply(add, [det, apply(mul, [at[0][j], cof[0][j]])])
    return cof, det


def determinant(a: Any, apply: Apply) -> Any:
    """np.linalg.det(A) (torch.det): by cofactors along the first row."""
    _square(a, "det")
    return _cofactors(a, apply)[1]


def inverse(a: Any, apply: Apply) -> Array:
    """np.linalg.inv(A) (torch.inverse): the adjugate over the determinant, Cᵀ / det A; a
    singular matrix stops at the division, as NumPy's LinAlgError does."""
    n = _square(a, "inv")
    cof, det = _cofactors(a, apply)
    div = ops.BY_NAME["div"]
    return Array((n, n), tuple(apply(div, [cof[j][i], det])
                               for i in range(n) for j in range(n)))


def solve(a: Any, b: Any, apply: Apply) -> Any:
    """np.linalg.solve(A, b): A⁻¹ b, for b a vector or a matrix of as many rows as A."""
    n = _square(a, "solve")
    if not isinstance(b, Array) or b.shape[0] != n:
        raise ProgramError(f"solve(A, b) needs b with {n} rows, as A has; here {_shape(b)}")
    return matmul(inverse(a, apply), b, apply)


def polyval(p: Any, x: Any, apply: Apply) -> Any:
    """NumPy's polyval(p, x): p[0] x^(n-1) + … + p[n-1], by Horner's rule as NumPy computes
    it (y = y x + p[i]), element by element of an array x."""
    if not isinstance(p, Array) or len(p.shape) != 1 or not p.items:
        raise ProgramError(f"polyval takes a vector of coefficients, highest power first; "
                           f"here {_shape(p)}")
    y = p.items[0]
    for c in p.items[1:]:
        y = each("add", [each("mul", [y, x], apply), c], apply)
    return y


def trapezoid(args: Sequence[Any], apply: Apply) -> Any:
    """np.trapezoid(y, x) (np.trapz, torch.trapezoid): Σ (x_{i+1} - x_i) (y_i + y_{i+1}) / 2;
    without x, with the spacing dx (default 1): dx Σ (y_i + y_{i+1}) / 2."""
    y, x = args[0], args[1] if len(args) > 1 else const(1)
    if not isinstance(y, Array) or len(y.shape) != 1:
        raise ProgramError(f"trapezoid takes a vector of values; here {_shape(y)}")
    if isinstance(x, Array) and x.shape != y.shape:
        raise ProgramError(f"trapezoid(y, x) needs x as long as y; here {_shape(y)} and "
                           f"{_shape(x)}")
    add, mul, sub = (ops.BY_NAME[k] for k in ("add", "mul", "sub"))
    pieces = []
    for i in range(len(y.items) - 1):
        step = apply(sub, [x.items[i + 1], x.items[i]]) if isinstance(x, Array) else x
        pieces.append(apply(mul, [step, apply(add, [y.items[i], y.items[i + 1]])]))
    if not pieces:
        return const(0)
    return apply(ops.BY_NAME["div"], [_fold("add", pieces, apply), const(2)])


def triangle(name: str, args: Sequence[Any]) -> Array:
    """np.tril(a, k) and np.triu(a, k) (torch's, ``diagonal=k``): the elements on and below
    (above) the k-th diagonal, zeros elsewhere (nanoGPT's causal mask, torch.tril(ones))."""
    a, k = args[0], whole(args[1], f"{name}'s diagonal") if len(args) > 1 else 0
    if not isinstance(a, Array) or len(a.shape) != 2:
        raise ProgramError(f"{name} takes a matrix; here {_shape(a)}")
    rows, cols = a.shape
    keep = (lambda i, j: j - i <= k) if name == "tril" else (lambda i, j: j - i >= k)
    return Array(a.shape, tuple(a.items[i * cols + j] if keep(i, j) else const(0)
                                for i in range(rows) for j in range(cols)))


def _inner(a: Any, b: Any, apply: Apply) -> Any:
    """NumPy's inner(a, b): products summed over the last dimension of each (of vectors, their
    dot product; of matrices, a @ b.T; of a vector and a matrix, each row with the vector)."""
    if not isinstance(a, Array) or not isinstance(b, Array):
        return each("mul", [a, b], apply)
    if len(b.shape) == 2:
        b = transpose(b)
        return matmul(a, b, apply, "inner")
    return matmul(a, b, apply, "inner") if len(a.shape) == 2 else dot(a, b, apply)


def _diag(a: Any) -> Array:
    """NumPy's diag: a matrix's diagonal, or the square matrix with a vector on its diagonal."""
    if isinstance(a, Array) and len(a.shape) == 1:
        n = a.shape[0]
        limit(n * n, f"diag of {amount(n)} elements")
        zero = const(0)
        return Array((n, n), tuple(a.items[i] if i == j else zero
                                   for i in range(n) for j in range(n)))
    return _diagonal(a)


def _diagonal(a: Any) -> Array:
    if not isinstance(a, Array) or len(a.shape) != 2:
        raise ProgramError("trace and diag take a matrix")
    n = min(a.shape)
    return Array((n,), tuple(a.items[k * a.shape[1] + k] for k in range(n)))


def reshaped(args: Sequence[Any]) -> Array:
    """``reshape(a, 2, 3)``, ``reshape(a, (2, -1))`` (one size may be -1: what the others
    leave), ``flatten(a)``: the same elements, in order, in another shape."""
    a = args[0]
    items = a.items if isinstance(a, Array) else (a,)
    sizes = args[1].items if len(args) == 2 and isinstance(args[1], Array) else args[1:]
    shape = [whole(v, "a size of reshape") for v in sizes] or [-1]
    if shape.count(-1) > 1 or any(n < -1 for n in shape):
        raise ProgramError(f"reshape takes sizes of at least 0 (one may be -1); got "
                           f"{show(tuple(shape))}")
    if -1 in shape:
        rest = math.prod(n for n in shape if n != -1)
        shape[shape.index(-1)] = len(items) // rest if rest and not len(items) % rest else -1
    if math.prod(shape) != len(items) or -1 in shape:
        raise ProgramError(f"reshape: {len(items)} elements do not fill the shape "
                           f"{show(tuple(shape))}")
    dimensions(tuple(shape), "reshape")
    return Array(tuple(shape), tuple(items))


def filled(shape: tuple[int, ...], value: float) -> Any:
    """An array of one number; of shape (), the number (np.zeros(()), as NumPy's 0-d array,
    adds and multiplies as one)."""
    if not shape:
        return const(value)
    return Array(shape, (const(value),) * math.prod(shape))


def arange(args: Sequence[Any]) -> Array:
    """arange(n), arange(a, b), arange(a, b, step), as numpy and torch count."""
    values = [a.value if isinstance(a, Const) else None for a in args]
    if None in values or not 1 <= len(values) <= 3:
        raise ProgramError("arange takes 1 to 3 numbers: arange(n), arange(a, b) or "
                           "arange(a, b, step)")
    start, stop, step = (0.0, values[0], 1.0) if len(values) == 1 else \
        (values[0], values[1], values[2] if len(values) == 3 else 1.0)
    if step == 0:
        raise ProgramError("arange's step must not be 0")
    called = f"arange({', '.join(const(v).expr.text or '' for v in values)})"
    span = (stop - start) / step
    if not math.isfinite(span):
        raise LimitError(f"{called} would make more elements than a float can count; tracer "
                         f"stops a program at {MAX_ELEMENTS:,} rows")
    count = max(0, math.ceil(span))
    limit(count, called)
    return Array((count,), tuple(const(start + k * step) for k in range(count)))


def eye(args: Sequence[Any]) -> Array:
    """eye(n), or NumPy's and PyTorch's eye(n, m): n rows, m columns, ones where i = j."""
    n = whole(args[0], "the size of eye")
    m = whole(args[1], "the number of eye's columns") if len(args) > 1 else n
    if min(n, m) < 0:
        raise ProgramError(f"eye needs a size of at least 0, got {min(n, m)}")
    called = f"eye({n})" if len(args) == 1 else f"eye({n}, {m})"
    limit(n * m, called)
    return Array((n, m), tuple(const(float(i == j)) for i in range(n) for j in range(m)))


def broadcast_to(a: Any, shape: Any) -> Array:
    """NumPy's (and torch's, needle's) ``broadcast_to(a, (2, 3))``: a's elements, each row
    used again wherever broadcasting repeats it."""
    sizes = list(shape) if type(shape) is tuple else [shape]
    to = shape_of(sizes, "broadcast_to")
    have = a.shape if isinstance(a, Array) else ()
    if broadcast([have, to]) != to:
        raise ProgramError(f"broadcast_to cannot spread shape {show(have)} to {show(to)}: "
                           "each dimension must match or be 1, aligned from the right")
    if not isinstance(a, Array):
        return Array(to, (a,) * math.prod(to))
    return Array(to, tuple(a.items[k] for k in _spread(have, to)))


def _factorial(n: Any) -> Const:
    """``math.factorial(n)`` of a whole number (a loop counter): a constant, as Python's is an
    int (a Taylor series' ``x**n / math.factorial(n)``)."""
    k = whole(n, "factorial's argument")
    if not 0 <= k <= 170:  # 171! is past a float's largest
        raise ProgramError(f"factorial needs a whole number from 0 to 170 (171! is too large "
                           f"for a float), got {k}")
    return const(float(math.factorial(k)))


def _reversed(a: Any) -> Any:
    """Python's ``reversed(a)``: a's elements (rows) last first, as ``a[::-1]`` takes them."""
    if type(a) is tuple:  # for W in reversed((W1, W2))
        return a[::-1]
    if not isinstance(a, Array) or not a.shape:
        raise ProgramError("reversed takes an array (or a tuple); this value is a number")
    return index(a, [SliceKey(None, None, const(-1))], "reversed's argument")


# --- indexing -----------------------------------------------------------------------------------

class SliceKey(NamedTuple):
    """``start:stop:step`` as an index's value (a part left out is None)."""

    start: Any
    stop: Any
    step: Any

    def span(self, n: int) -> range:
        """The positions it takes of a dimension of ``n``, as Python's slices do."""
        parts = [None if x is None else whole(x, "a slice's bound") for x in self]
        if parts[2] == 0:
            raise ProgramError("a slice's step must not be 0")
        return range(n)[slice(*parts)]


def index(a: Any, keys: Sequence[Any], name: str) -> Any:
    """``a[i]`` (a row of a matrix, or an element of a vector), ``a[i, j]``, or with slices
    ``a[1:]``, ``a[:, 0]`` (a new array of the elements taken)."""
    if not isinstance(a, Array):
        what = "this value" if name == "the array" else name  # "the array is a number" read ill
        raise ProgramError(f"{what} is a number, not an array: it has no elements to index")
    if None in keys:
        return _new_axes(a, keys, name)
    if any(isinstance(key, Array) for key in keys):
        return _gathered(a, keys, name)
    if len(keys) > len(a.shape):
        raise ProgramError(f"{name} has {len(a.shape)} dimension(s) {show(a.shape)}; "
                           f"{len(keys)} indices are too many")
    if any(type(key) is SliceKey for key in keys):
        return _sliced(a, keys, name)
    flat, stride = 0, math.prod(a.shape)
    for k, (key, n) in enumerate(zip(keys, a.shape, strict=False)):
        i = _position(key, n, k, a.shape, name)
        stride //= n
        flat += i * stride
    rest = a.shape[len(keys):]
    if not rest:
        return a.items[flat]
    return Array(rest, a.items[flat:flat + math.prod(rest)])


def _gathered(a: Array, keys: Sequence[Any], name: str) -> Array:
    """NumPy's index by lists of positions: ``p[[0, 1], [2, 0]]`` takes p[0, 2] and p[1, 0]
    (CS231n's ``probs[range(N), y]``: each row's entry of its class), ``p[[2, 0]]`` rows 2
    and 0; a whole number stands for each position."""
    if len(keys) == 1 and isinstance(keys[0], Array) and len(keys[0].shape) == 2:
        return _gathered_by_matrix(a, keys[0], name)
    taken = [index(a, [key.items[k] if isinstance(key, Array) else key for key in keys], name)
             for k in range(_lists_of_positions(keys))]
    return from_nested(taken)


def _gathered_by_matrix(a: Array, key: Array, name: str) -> Array:
    """``x[idx]`` with a matrix of positions: of a vector, the matrix of the elements they
    name; of a matrix (makemore's embedding ``C[Xb]``), three dimensions, refused saying how
    to take it a column of positions at a time."""
    if len(a.shape) != 1:
        shape = (*key.shape, *a.shape[1:])
        raise ProgramError(f"an index by a matrix of positions {show(key.shape)} into a matrix "
                           f"{show(a.shape)} makes {len(shape)} dimensions {show(shape)}, and "
                           "tracer's arrays are vectors and matrices: take a column of "
                           "positions at a time and join them, torch.cat([C[Xb[:, 0]], "
                           "C[Xb[:, 1]]], 1) (makemore's emb.view(n, -1))")
    return Array(key.shape, tuple(index(a, [k], name) for k in key.items))


def _lists_of_positions(keys: Sequence[Any]) -> int:
    """How many positions an index by lists names (``p[[0, 1], [2, 0]]``: 2), refusing a
    slice beside them and lists of different lengths."""
    if any(type(key) is SliceKey for key in keys):
        raise ProgramError("an index by a list of positions goes with whole numbers here "
                           "(p[[0, 1], y]), not with a slice")
    lists = [key for key in keys if isinstance(key, Array)]
    if any(len(key.shape) != 1 for key in lists) or len({key.shape for key in lists}) > 1:
        raise ProgramError("an index by lists of positions takes lists of one length "
                           "(p[[0, 1], [2, 0]]); here their shapes are "
                           + " and ".join(show(key.shape) for key in lists))
    return lists[0].shape[0]


def _scattered(a: Array, keys: Sequence[Any], value: Any, name: str) -> Array:
    """NumPy's assignment through lists of positions: CS231n's ``margins[np.arange(N), y] =
    0`` puts the value (or each element of a vector of as many values) at each position the
    lists name, one after another (where a position comes twice, the last value stays)."""
    n = _lists_of_positions(keys)
    if isinstance(value, Array) and value.shape != (n,):
        raise ProgramError(f"{n} positions are assigned here; the value given has "
                           f"shape {show(value.shape)}: give a number or {n} values")
    for k in range(n):
        at = [key.items[k] if isinstance(key, Array) else key for key in keys]
        a = replaced(a, at, value.items[k] if isinstance(value, Array) else value, name)
    return a


def _new_axes(a: Array, keys: Sequence[Any], name: str) -> Any:
    """``x[:, None]`` (NumPy's ``np.newaxis``): the elements the other keys take, with an
    axis of length 1 where each None stands (x[:, None] a column, x[None, :] a row)."""
    taken = index(a, [key for key in keys if key is not None], name)
    shape = list(taken.shape) if isinstance(taken, Array) else []
    kept = 0  # the dimensions of the result before this key
    for key in keys:
        if key is None:
            shape.insert(kept, 1)
        if key is None or type(key) is SliceKey:
            kept += 1
    dimensions(tuple(shape), f"{name} with a new axis")
    return Array(tuple(shape), taken.items if isinstance(taken, Array) else (taken,))


def _position(key: Any, n: int, k: int, shape: tuple[int, ...], name: str) -> int:
    """An index of dimension ``k`` (of ``n``), counted from the start."""
    i = whole(key, "an index")
    if not -n <= i < n:
        raise ProgramError(f"index {i} is out of range for {name}, whose shape is "
                           f"{show(shape)} (dimension {k} has {n})")
    return i % n


def _taken(a: Array, keys: Sequence[Any], name: str) -> tuple[tuple[int, ...], list[int]]:
    """The shape of ``a[keys]`` and the flat positions of its elements in ``a``: a whole
    number drops its dimension, a slice keeps the positions it takes, a dimension not indexed
    is taken whole."""
    spans: list[Sequence[int]] = []
    shape = []
    for k, n in enumerate(a.shape):
        key = keys[k] if k < len(keys) else SliceKey(None, None, None)
        if type(key) is SliceKey:
            spans.append(key.span(n))
            shape.append(len(spans[-1]))
        else:
            spans.append((_position(key, n, k, a.shape, name),))
    strides = [math.prod(a.shape[k + 1:]) for k in range(len(a.shape))]
    flat = [sum(i * s for i, s in zip(ix, strides, strict=True))
            for ix in itertools.product(*spans)]
    return tuple(shape), flat


def _sliced(a: Array, keys: Sequence[Any], name: str) -> Array:
    """``a[1:]``, ``a[:, 0]``, ``a[::-1]``: a new array of the elements taken."""
    shape, flat = _taken(a, keys, name)
    return Array(shape, tuple(a.items[k] for k in flat))


def replaced(a: Any, keys: Sequence[Any], value: Any, name: str) -> Array:
    """A copy of ``a`` with the element, row or slice at ``keys`` replaced by ``value`` (a
    number is put in every place, as NumPy's ``b[1:] = 0`` and ``x[i] = 1`` of a row)."""
    if not isinstance(a, Array):
        what = "this value" if name == "the array" else name  # "the array is a number" read ill
        raise ProgramError(f"{what} is a number, not an array: it has no elements to index")
    if len(keys) > len(a.shape):
        raise ProgramError(f"{name} has {len(a.shape)} dimension(s) {show(a.shape)}; "
                           f"{len(keys)} indices are too many")
    if any(key is None for key in keys):
        raise ProgramError("an assignment through a new axis (p[:, None] = …) is not read: "
                           "assign to p[:, 0] or p[0]")
    if any(isinstance(key, Array) for key in keys):
        return _scattered(a, keys, value, name)
    shape, flat = _taken(a, keys, name)
    if isinstance(value, Array):
        if not shape:
            raise ProgramError(f"an element of {name} is a number; the value given has shape "
                               f"{show(value.shape)}")
        if value.shape == shape:
            new = value.items
        elif broadcast([value.shape, shape]) == shape:  # b[1:] = a row, to every row: NumPy's
            new = tuple(value.items[k] for k in _spread(value.shape, shape))
        else:
            raise ProgramError(f"{name}[…] has shape {show(shape)}; the value given has "
                               f"{_shape(value)}")
    else:  # a number into every place: b[1:] = 0, and a row, x[i] = 1 (a one-hot column)
        new = (value,) * len(flat)
    items = list(a.items)
    for k, item in zip(flat, new, strict=True):
        items[k] = item
    return Array(a.shape, tuple(items))


# --- the functions a program may call ------------------------------------------------------------

def each(op_name: str, args: Sequence[Any], apply: Apply) -> Any:
    """An op of the table on numbers, or element by element where an argument is an array."""
    op = ops.BY_NAME[op_name]
    if any(isinstance(a, Array) for a in args):
        return elementwise(op, args, apply)
    return apply(op, args)


def _extreme(name: str, args: Sequence[Any], apply: Apply) -> Any:
    """``max(a)``: an array's largest element; ``max(a, b)``: the larger, element by element.
    ``max(X, 0)`` with an array X never reaches here: the call refuses it first
    (``no_axis_by_position``)."""
    if len(args) == 1:
        return extreme(name, args[0], apply)
    if len(args) == 2:
        return each(name, args, apply)  # (max(X, 0) was refused by no_axis_by_position)
    if any(isinstance(a, Array) for a in args):  # Python's max compares whole arrays
        larger = "maximum" if name == "max" else "minimum"
        raise ProgramError(f"{name} of {len(args)} values takes numbers, not an array (Python "
                           f"compares the arrays whole and fails): for the {name} of an "
                           f"array's elements write {name}(X); element by element, "
                           f"{larger}({larger}(a, b), c)")
    return _fold(name, args, apply)  # Python's max(a, b, c): max(max(a, b), c)


def no_axis_by_position(name: str, args: Sequence[Any]) -> None:
    """``sum(X, 0)``, ``np.max(X, 1)``: NumPy reads the whole number as an axis, Python's
    sum as a start and its max fails; refused with the spelling that says which."""
    if name not in REDUCTIONS or name == "norm" or len(args) != 2 or \
            not isinstance(args[0], Array) or \
            type(args[1]) is not Const or not float(args[1].value).is_integer():
        return
    k = int(args[1].value)
    also = ""
    if name in ("max", "min"):
        bigger = "larger" if name == "max" else "smaller"
        also = (f"; for the {bigger} of each element and {k}, write "
                f"{'maximum' if name == 'max' else 'minimum'}(X, {k})")
    raise ProgramError(f"{name}(X, {k}) of an array: NumPy reads {k} as an axis; write "
                       f"{name}(X, axis={k}) for that{also}")


def _clip(args: Sequence[Any], apply: Apply) -> Any:
    """NumPy's clip(a, low, high) (torch's clamp): min(max(a, low), high), element by element."""
    return each("min", [each("max", args[:2], apply), args[2]], apply)


def _logaddexp(a: Any, b: Any, apply: Apply) -> Any:
    """NumPy's ``logaddexp(a, b)`` = ln(e^a + e^b), as NumPy computes it without overflow:
    max(a, b) + log1p(exp(-|a - b|)), rows of the op table. Its slopes are the softmax
    weights e^a/(e^a + e^b), e^b/(e^a + e^b); where a = b, max splits 1/2, 1/2 and abs takes
    the slope 0, so the chain gives 1/2, 1/2 there too (with their kink warnings)."""
    gap = each("neg", [each("abs", [each("sub", [a, b], apply)], apply)], apply)
    rest = each("log1p", [each("exp", [gap], apply)], apply)
    return each("add", [each("max", [a, b], apply), rest], apply)


# --- torch.nn.functional, written out in rows of the op table ----------------------------------

def _loss(name: str) -> Callable[[Sequence[Any], Apply], Any]:
    """PyTorch's default reduction, the mean, of a loss taken element by element."""
    def run(args: Sequence[Any], apply: Apply) -> Any:
        y, t = args
        if name == "mse_loss":
            each_loss = each("pow", [each("sub", [y, t], apply), const(2)], apply)
        elif name == "l1_loss":
            each_loss = each("abs", [each("sub", [y, t], apply)], apply)
        elif name == "binary_cross_entropy":  # -(t ln p + (1 - t) ln(1 - p))
            hit = each("mul", [t, each("log", [y], apply)], apply)
            miss = each("mul", [each("sub", [const(1), t], apply),
                                each("log", [each("sub", [const(1), y], apply)], apply)], apply)
            each_loss = each("neg", [each("add", [hit, miss], apply)], apply)
        else:  # binary_cross_entropy_with_logits: softplus(z) - t z, which never overflows
            each_loss = each("sub", [each("softplus", [y], apply),
                                     each("mul", [t, y], apply)], apply)
        return mean(each_loss, apply) if isinstance(each_loss, Array) else each_loss
    return run


def _activation(name: str) -> Callable[[Sequence[Any], Apply], Any]:
    """silu (swish) x σ(x), gelu x (1 + erf(x/√2))/2 (PyTorch's default, the exact one) and
    logsigmoid -softplus(-x), element by element."""
    def run(args: Sequence[Any], apply: Apply) -> Any:
        x = args[0]
        if name == "logsigmoid":
            return each("neg", [each("softplus", [each("neg", [x], apply)], apply)], apply)
        if name == "gelu":
            return _gelu(x, False, apply)
        return each("mul", [x, each("sigmoid", [x], apply)], apply)
    return run


def _gelu(x: Any, tanh: bool, apply: Apply) -> Any:
    """x (1 + erf(x/√2))/2, PyTorch's default; with ``approximate=True`` (JAX's default) the
    tanh approximation x (1 + tanh(√(2/π) (x + 0.044715 x³)))/2."""
    if tanh:
        cubic = each("add", [x, each("mul", [const(0.044715), each("pow", [x, const(3)], apply)],
                                     apply)], apply)
        scale = each("sqrt", [each("div", [const(2), each("pi", [], apply)], apply)], apply)
        inner = each("tanh", [each("mul", [scale, cubic], apply)], apply)
    else:
        inner = each("erf", [each("div", [x, each("sqrt", [const(2)], apply)], apply)], apply)
    return each("mul", [x, each("div", [each("add", [const(1), inner], apply), const(2)], apply)],
                apply)


def _shifted(a: Any, axis: Any, apply: Apply, name: str) -> tuple[Any, Any, Any]:
    """z - m and Σ exp(z - m) along the axis (kept, to broadcast), with m the largest element
    there held fixed (detach): the shift keeps exp from overflowing and cancels from every
    derivative, so the rows show softmax's own slopes. Also m."""
    if not isinstance(a, Array):
        raise ProgramError(f"{name} takes an array; this is a number")
    if axis is None and len(a.shape) > 1:
        raise ProgramError(f"{name} of a matrix needs its axis: {name}(x, dim=1) (PyTorch) "
                           "or axis=1 (NumPy)")
    m = each("detach", [along(lambda part: extreme("max", part, apply), a, axis, True, name)],
             apply)
    shifted = each("sub", [a, m], apply)
    sums = along(lambda part: total(part, apply), each("exp", [shifted], apply), axis, True,
                 name)
    return shifted, sums, m


def _softmax(name: str) -> Callable[[Sequence[Any], Apply], Any]:
    """softmax, log_softmax and logsumexp along an axis (``F.softmax(z, dim=1)``,
    ``torch.logsumexp(z, 1, keepdim=True)``; of a vector, along it)."""
    def run(args: Sequence[Any], apply: Apply) -> Any:
        a, axis = args[0], (args[1] if len(args) > 1 else None)
        keep = len(args) > 2 and _truth(args[2])
        shifted, sums, m = _shifted(a, axis, apply, name)
        if name == "softmax":
            return each("div", [each("exp", [shifted], apply), sums], apply)
        if name == "log_softmax":
            return each("sub", [shifted, each("log", [sums], apply)], apply)
        lse = each("add", [m, each("log", [sums], apply)], apply)
        if keep:
            return lse
        kept = along(lambda part: part.items[0], a, axis, False, name)  # the shape, no rows
        return Array(kept.shape, lse.items) if isinstance(kept, Array) else lse.items[0]
    return run


def _cross_entropy(args: Sequence[Any], apply: Apply) -> Any:
    """PyTorch's cross_entropy(z, k): logsumexp(z) - z[k] for logits z and the class k (a
    whole number), the mean over a batch's rows for a matrix z and a vector of classes."""
    z, k = args
    if not isinstance(z, Array) or len(z.shape) not in (1, 2):
        raise ProgramError("cross_entropy takes logits, a vector or a matrix of one row per "
                           "example, and the classes")
    rows = [z] if len(z.shape) == 1 else [index(z, [const(n)], "the logits")
                                          for n in range(z.shape[0])]
    classes = [k] if len(z.shape) == 1 else list(k.items) if isinstance(k, Array) else [k]
    if len(classes) != len(rows):
        raise ProgramError(f"cross_entropy has {len(rows)} rows of logits and "
                           f"{len(classes)} class(es)")
    losses = []
    for row, c in zip(rows, classes, strict=True):
        j = whole(c, "a class")
        if not 0 <= j < row.shape[0]:
            raise ProgramError(f"class {j} is out of range for {row.shape[0]} logits")
        lse = _softmax("logsumexp")([row], apply)
        losses.append(each("sub", [lse, row.items[j]], apply))
    return losses[0] if len(losses) == 1 else mean(Array((len(losses),), tuple(losses)), apply)


def _own(a: Any) -> Any:
    """``a.copy()``: the same elements (the same rows: copying computes nothing) in an array
    of its own, so a later ``b[0] = …`` changes the copy alone (arrays are shared by identity,
    as in Python). A number is its own copy."""
    return Array(a.shape, a.items) if isinstance(a, Array) else a


class Named(NamedTuple):
    """A value passed by name (``axis=0``): what a ``Keyword`` instruction leaves."""

    name: str
    value: Any


REDUCTIONS = frozenset({"sum", "mean", "prod", "max", "min", "norm", "summation"})
ALONG = frozenset({"softmax", "log_softmax", "logsumexp"})  # along an axis, PyTorch's dim=
_AXIS, _KEEP = ("axis", "dim", "axes"), ("keepdims", "keepdim")  # axes=: needle's


def with_keywords(name: str, run: Callable[[Sequence[Any], Apply], Any], args: Sequence[Any],
                  named: dict[str, Any], apply: Apply) -> Any:
    """An array function called with arguments by name: a reduction along an axis
    (``sum(X, axis=0)``, torch's ``dim=``, ``keepdims=``), or clip's and clamp's bounds
    (``x.clamp(min=0)``)."""
    if name == "norm" and len(args) == 1 and len(named) == 1 and set(named) <= {"ord", "p"}:
        return ordered_norm(args[0], *named.values(), apply)  # np.linalg.norm(x, ord=1)
    if name in REDUCTIONS and len(args) == 1 and set(named) <= {*_AXIS, *_KEEP}:
        axis = next((named[k] for k in _AXIS if k in named), None)
        keep = any(_truth(named[k]) for k in _KEEP if k in named)
        return along(lambda part: run([part], apply), args[0], axis, keep, name)
    if name in ("clip", "clamp") and set(named) <= {"min", "max", "a_min", "a_max"}:
        low = named.get("min", named.get("a_min"))
        high = named.get("max", named.get("a_max"))
        value = args[0] if args else None
        if len(args) != 1 or (low is None and high is None):
            raise ProgramError(f"{name} takes the array and its bounds: {name}(x, low, high) "
                               f"or {name}(x, min=low, max=high)")
        if low is not None:
            value = each("max", [value, low], apply)
        return value if high is None else each("min", [value, high], apply)
    if name in JOINS and len(args) == 1 and len(named) == 1 and set(named) <= set(_AXIS):
        return joined(name, args[0], *named.values())  # torch.cat((a, b), dim=1)
    if name == "cumsum" and len(args) == 1 and len(named) == 1 and set(named) <= set(_AXIS):
        return _cumulative(args[0], apply, *named.values())  # np.cumsum(X, axis=0), dim=0
    if name in ("tril", "triu") and len(args) == 1 and len(named) == 1 and \
            set(named) <= {"k", "diagonal"}:  # np.tril(a, k=-1), torch.triu(a, diagonal=1)
        return triangle(name, [args[0], *named.values()])
    if name in ("trapz", "trapezoid") and len(args) == 1 and len(named) == 1 and \
            set(named) <= {"x", "dx"}:  # np.trapezoid(y, x=t), np.trapz(y, dx=h)
        return trapezoid([args[0], *named.values()], apply)
    if name == "gelu" and len(args) == 1 and set(named) == {"approximate"}:
        return _gelu(args[0], _truth(named["approximate"], "approximate"), apply)
    if name in ALONG and len(args) <= 2 and set(named) <= {*_AXIS, *_KEEP} and \
            not (len(args) == 2 and set(named) & set(_AXIS)):  # x.logsumexp(1, keepdim=True)
        axis = next((named[k] for k in _AXIS if k in named), args[1] if len(args) == 2 else None)
        keep = [named[k] for k in _KEEP if k in named]
        if keep and name != "logsumexp":
            raise ProgramError(f"{name} keeps its argument's shape: leave keepdims= out")
        return run([args[0], axis, *keep], apply)
    given = ", ".join(f"{k}=" for k in named)
    takes = ("axis= (or dim=) and keepdims=" if name in REDUCTIONS | ALONG else
             "axis= (or dim=)" if name == "cumsum" or name in JOINS else
             "min= and max=" if name in ("clip", "clamp") else
             "x= or dx=" if name in ("trapz", "trapezoid") else
             "k= (or diagonal=)" if name in ("tril", "triu") else "no argument by name")
    raise ProgramError(f"{name} takes {takes}; here {given}")


# var and std, each library's own: NumPy divides by n - ddof (ddof=0 by default, as JAX and
# autograd's numpy do), PyTorch by n - correction (1 by default; unbiased=False is 0)
SPREADS = frozenset({"var", "std"})
_SPREAD_NAMED = {"numpy": {*_AXIS, *_KEEP, "ddof"},
                 "torch": {*_AXIS, *_KEEP, "correction", "unbiased"}}
UNTOLD = ("{name} is NumPy's or PyTorch's, and they differ (NumPy divides by n, PyTorch by "
          "n - 1): write np.{name}(x) or torch.{name}(x){where}")


def spread(name: str, library: str, args: Sequence[Any], named: dict[str, Any],
           apply: Apply) -> Any:
    """NumPy's or PyTorch's (``library``) var, Σ (aᵢ - ā)² / (n - d), or std, its square
    root, of all elements or along an axis. Worked example: var([1, 2, 3, 4]) is 5/4 in NumPy
    (d = ddof = 0), 5/3 in PyTorch (d = correction = 1)."""
    allowed = _SPREAD_NAMED[library]
    if len(args) not in (1, 2) or not set(named) <= allowed or \
            (len(args) == 2 and set(named) & set(_AXIS)):
        takes = "axis= (or dim=), ddof= and keepdims=" if library == "numpy" else \
            "dim= (or axis=), correction= (or unbiased=) and keepdim="
        raise ProgramError(f"{name} takes the array, then by name {takes}" +
                           (f"; here {', '.join(f'{k}=' for k in named)}" if named else ""))
    a = args[0]
    if not isinstance(a, Array):
        raise ProgramError(f"{name} takes an array; this is a number")
    axis = args[1] if len(args) == 2 else next((named[k] for k in _AXIS if k in named), None)
    keep = any(_truth(named[k]) for k in _KEEP if k in named)
    d = _offset(library, named)
    return along(lambda part: _spread_of(name, library, part, d, apply), a, axis, keep, name)


def _offset(library: str, named: dict[str, Any]) -> int:
    """What var divides by, n less this: NumPy's ddof=, PyTorch's correction= or unbiased=."""
    if library == "numpy":
        return whole(named.get("ddof", const(0)), "ddof")
    if "correction" in named and "unbiased" in named:
        raise ProgramError("give correction= or unbiased=, not both")
    if "unbiased" in named:
        return int(_truth(named["unbiased"], "unbiased"))
    return whole(named.get("correction", const(1)), "correction")


def _spread_of(name: str, library: str, a: Array, d: int, apply: Apply) -> Any:
    n = len(a.items)
    if n - d <= 0:
        by = "ddof" if library == "numpy" else "correction"
        raise ProgramError(f"{name} of {n} element(s) with {by}={d} divides by n - {d} = "
                           f"{n - d} (the library gives nan or inf): give it more elements "
                           f"or a smaller {by}=")
    deviations = each("sub", [a, mean(a, apply)], apply)
    squares = each("pow", [deviations, const(2)], apply)
    variance = apply(ops.BY_NAME["div"], [total(squares, apply), const(n - d)])
    return variance if name == "var" else apply(ops.BY_NAME["sqrt"], [variance])


def _untold(name: str) -> Callable[[Sequence[Any], Apply], Any]:
    def run(args: Sequence[Any], apply: Apply) -> Any:
        raise ProgramError(UNTOLD.format(name=name, where=""))
    return run


def _truth(value: Any, what: str = "keepdims") -> bool:
    if isinstance(value, Const):
        return bool(value.value)
    raise ProgramError(f"{what} takes True or False")


def along(reduce: Callable[[Array], Any], a: Any, axis: Any, keep: bool, name: str) -> Any:
    """A reduction of each line of ``a`` along ``axis`` (None: of all its elements); the
    axis is dropped from the shape, or kept as 1 (``keepdims``)."""
    if not isinstance(a, Array):
        raise ProgramError(f"{name} along an axis takes an array; this is a number")
    if axis is None:
        out = reduce(Array((len(a.items),), a.items))
        return Array((1,) * len(a.shape), (out,)) if keep else out
    if type(axis) is tuple or isinstance(axis, Array):  # axis=(0, 1), dim=[0, 1]
        return _along_several(reduce, a, axis, keep)
    k = whole(axis, "an axis")
    if not -len(a.shape) <= k < len(a.shape):
        raise ProgramError(f"axis {k} is out of range for an array of shape {show(a.shape)}")
    k %= len(a.shape)
    every = SliceKey(None, None, None)
    rest = [n for d, n in enumerate(a.shape) if d != k]
    items = []
    for ix in indices(tuple(rest)):
        keys = [*map(const, ix[:k]), every, *map(const, ix[k:])]
        items.append(reduce(_sliced(a, keys, name)))
    shape = (*rest[:k], 1, *rest[k:]) if keep else tuple(rest)
    return Array(shape, tuple(items)) if shape else items[0]


def _along_several(reduce: Callable[[Array], Any], a: Array, axes: Any, keep: bool) -> Any:
    """A reduction over several axes at once, NumPy's ``axis=(0, 1)`` (torch's ``dim=``):
    each reduced line holds every element whose other indices agree, in row-major order."""
    given = list(axes.items if isinstance(axes, Array) else axes)
    ks = [whole(k, "an axis") for k in given]
    n = len(a.shape)
    if any(not -n <= k < n for k in ks):
        raise ProgramError(f"axes {tuple(ks)} are out of range for an array of shape "
                           f"{show(a.shape)}")
    ks = sorted({k % n for k in ks})
    if len(ks) != len(given):
        raise ProgramError("an axis is named twice in axis=(…)")
    rest = [d for d in range(n) if d not in ks]
    strides = [math.prod(a.shape[d + 1:]) for d in range(n)]
    items = []
    for ix in indices(tuple(a.shape[d] for d in rest)):
        base = sum(i * strides[d] for i, d in zip(ix, rest, strict=True))
        part = [a.items[base + sum(j * strides[d] for j, d in zip(jx, ks, strict=True))]
                for jx in indices(tuple(a.shape[d] for d in ks))]
        items.append(reduce(Array((len(part),), tuple(part))))
    shape = tuple(1 if d in ks else m for d, m in enumerate(a.shape)) if keep else \
        tuple(a.shape[d] for d in rest)
    return Array(shape, tuple(items)) if shape else items[0]


class Function(NamedTuple):
    """An array function: its argument counts and what it does (with the lowering's apply)."""

    arities: tuple[int, ...]
    run: Callable[[Sequence[Any], Apply], Any]
    summary: str
    integers: bool = False  # NumPy's and PyTorch's array of integers, of whole numbers


def _sized(fn: Callable[[tuple[int, ...]], Array], what: str) -> Callable[..., Any]:
    return lambda args, apply: fn(shape_of(args, what))


# Python's max and min take any number of values: as many as a call of tracer's is likely to
# write (an argument count is a tuple of the counts a function takes).
SEVERAL = tuple(range(1, 65))


def counts(arities: Sequence[int]) -> str:
    """Argument counts as a message says them: ``1 or 2``; a run of several, ``1 to 64``."""
    ks = sorted(set(arities))
    if len(ks) > 3 and ks == list(range(ks[0], ks[-1] + 1)):
        return f"{ks[0]} to {ks[-1]}"
    return " or ".join(map(str, ks))

FUNCTIONS: dict[str, Function] = {
    "sum": Function((1,), lambda a, ap: total(a[0], ap), "the sum of all elements"),
    "summation": Function((1,), lambda a, ap: total(a[0], ap),
                          "needle's (10-414's) sum: summation(a, axes=(1,)) is sum(a, axis=1)"),
    "broadcast_to": Function((2,), lambda a, ap: broadcast_to(a[0], a[1]),
                             "a's elements repeated into a shape, as NumPy broadcasts "
                             "(np.broadcast_to(b, (2, 3)); a copy)"),
    "mean": Function((1,), lambda a, ap: mean(a[0], ap), "the mean of all elements"),
    "prod": Function((1,), lambda a, ap: prod(a[0], ap), "the product of all elements"),
    "var": Function((1, 2), _untold("var"), "the variance, NumPy's Σ (aᵢ - ā)²/(n - ddof) "
                    "or PyTorch's /(n - 1) (correction=), each as its library writes it"),
    "std": Function((1, 2), _untold("std"), "the standard deviation, √var (NumPy's or "
                    "PyTorch's)"),
    "norm": Function((1, 2), lambda a, ap: norm(a[0], ap) if len(a) == 1 else
                     ordered_norm(a[0], a[1], ap), "the Euclidean norm √(Σ aᵢ²) (ord 1: Σ |aᵢ|)"),
    "max": Function(SEVERAL, lambda a, ap: _extreme("max", a, ap),
                    "the largest element (of two: the larger, element by element; of several "
                    "numbers: max(max(a, b), c))"),
    "min": Function(SEVERAL, lambda a, ap: _extreme("min", a, ap),
                    "the smallest element (of two: the smaller, element by element; of "
                    "several numbers: min(min(a, b), c))"),
    "dot": Function((2,), lambda a, ap: dot(a[0], a[1], ap), "the dot product (of a matrix: @)"),
    "matmul": Function((2,), lambda a, ap: matmul(a[0], a[1], ap), "the matrix product a @ b"),
    "outer": Function((2,), lambda a, ap: outer(a[0], a[1], ap), "the outer product"),
    "transpose": Function((1, 2, 3), lambda a, ap: transposed(a),
                          "the transpose (also a.T, k.transpose(-2, -1))"),
    "copy": Function((1,), lambda a, ap: _own(a[0]),
                     "an array of its own, the same elements (np.copy(a), a.copy())"),
    "clone": Function((1,), lambda a, ap: _own(a[0]),
                      "an array of its own, the same elements (torch's a.clone())"),
    "array": Function((1,), lambda a, ap: _own(a[0]),
                      "the list as it is (np.array([1, 2])); of an array, a copy, as NumPy's",
                      integers=True),
    "tensor": Function((1,), lambda a, ap: _own(a[0]),
                       "the list as it is (torch.tensor([1, 2])); of an array, a copy",
                       integers=True),
    "Tensor": Function((1,), lambda a, ap: _own(a[0]),
                       "the list as it is (torch.Tensor([1.0, 2.0])), as torch.tensor"),
    "double": Function((1,), lambda a, ap: _own(a[0]),
                       "the same values (torch's x.double(): tracer computes in double "
                       "precision always)"),
    "arange": Function((1, 2, 3), lambda a, ap: arange(a), "0, 1, …, n-1 (also a..b)",
                       integers=True),
    "range": Function((1, 2, 3), lambda a, ap: arange(a),
                      "as a value, arange's numbers (an index: probs[range(N), y])"),
    "zeros": Function((1, 2), _sized(lambda s: filled(s, 0.0), "zeros"), "an array of zeros"),
    "ones": Function((1, 2), _sized(lambda s: filled(s, 1.0), "ones"), "an array of ones"),
    "eye": Function((1, 2), lambda a, ap: eye(a),
                    "the n-by-n identity matrix (eye(n, m): n by m, ones where i = j)"),
    "zeros_like": Function((1,), lambda a, ap: filled(_shape_tuple(a[0]), 0.0),
                           "zeros in the shape of an array"),
    "ones_like": Function((1,), lambda a, ap: filled(_shape_tuple(a[0]), 1.0),
                          "ones in the shape of an array"),
    "full": Function((2,), lambda a, ap: filled(shape_of(a[:1], "full"), _number(a[1])),
                     "an array filled with one number"),
    "len": Function((1,), lambda a, ap: const(_length(a[0])), "the length of the first "
                    "dimension"),
    "hypot": Function((2,), lambda a, ap: each("sqrt", [each("add", [
        each("pow", [a[0], const(2)], ap), each("pow", [a[1], const(2)], ap)], ap)], ap),
        "√(a² + b²), element by element"),
    "logaddexp": Function((2,), lambda a, ap: _logaddexp(a[0], a[1], ap),
                          "NumPy's log(e^a + e^b), as max(a, b) + log1p(exp(-|a - b|)), "
                          "element by element"),
    "negative": Function((1,), lambda a, ap: each("neg", [a[0]], ap), "-a (NumPy's negative)"),
    "reciprocal": Function((1,), lambda a, ap: each("div", [const(1), a[0]], ap),
                           "1/a, element by element"),
    "cumsum": Function((1, 2), lambda a, ap: _cumulative(a[0], ap, *a[1:]),
                       "the running sums of an array's elements (along an axis: "
                       "cumsum(X, axis=0), PyTorch's x.cumsum(0))"),
    "linspace": Function((3,), lambda a, ap: _linspace(a, ap), "n numbers from a to b, evenly"),
    **{name: Function((1, 2), lambda a, ap, name=name: joined(name, *a), what) for name, what in (
        ("concatenate", "arrays joined along an axis: concatenate((a, b), axis=0)"),
        ("cat", "PyTorch's concatenate: torch.cat((a, b), dim=0)"),
        ("hstack", "arrays joined side by side (vectors end to end)"),
        ("vstack", "arrays joined one under another (a vector as a row)"),
        ("stack", "arrays of one shape joined along a new axis: stack((a, b), axis=0)"))},
    "det": Function((1,), lambda a, ap: determinant(a[0], ap),
                    "np.linalg.det: the determinant, by cofactors (up to 3×3)"),
    "inv": Function((1,), lambda a, ap: inverse(a[0], ap),
                    "np.linalg.inv: the inverse, adjugate / det (up to 3×3)"),
    "inverse": Function((1,), lambda a, ap: inverse(a[0], ap),
                        "torch.inverse: the inverse, adjugate / det (up to 3×3)"),
    "solve": Function((2,), lambda a, ap: solve(a[0], a[1], ap),
                      "np.linalg.solve(A, b): inv(A) @ b (up to 3×3)"),
    "tril": Function((1, 2), lambda a, ap: triangle("tril", a),
                     "np.tril(a, k): on and below the k-th diagonal, zeros above"),
    "triu": Function((1, 2), lambda a, ap: triangle("triu", a),
                     "np.triu(a, k): on and above the k-th diagonal, zeros below"),
    "trapezoid": Function((1, 2), trapezoid, "np.trapezoid(y, x): the trapezoidal rule"),
    "trapz": Function((1, 2), trapezoid, "np.trapz(y, x): the trapezoidal rule"),
    "inner": Function((2,), lambda a, ap: _inner(a[0], a[1], ap),
                      "NumPy's inner: sums over the last dimension of each (a @ b.T)"),
    "trace": Function((1,), lambda a, ap: total(_diagonal(a[0]), ap),
                      "the sum of a matrix's diagonal"),
    "diag": Function((1,), lambda a, ap: _diag(a[0]),
                     "a matrix's diagonal, as a vector; of a vector, the matrix with it on its "
                     "diagonal"),
    "reshape": Function((2, 3, 4), lambda a, ap: reshaped(a),
                        "the same elements in another shape: reshape(a, 2, 3), a.reshape(-1)"),
    "flatten": Function((1,), lambda a, ap: reshaped(a), "the elements as a vector"),
    "ravel": Function((1,), lambda a, ap: reshaped(a), "the elements as a vector"),
    "factorial": Function((1,), lambda a, ap: _factorial(a[0]),
                          "n! of a whole number n (math.factorial(n)), a constant: n is a "
                          "count, never differentiated"),
    "polyval": Function((2,), lambda a, ap: polyval(a[0], a[1], ap),
                        "NumPy's polyval(p, x): Horner's rule, highest power first"),
    "reversed": Function((1,), lambda a, ap: _reversed(a[0]),
                         "the elements (a matrix's rows) last first, as Python's reversed and "
                         "a[::-1] (for c in reversed(coeffs))"),
    "square": Function((1,), lambda a, ap: each("pow", [a[0], const(2)], ap),
                       "a², element by element (NumPy's square)"),
    "clip": Function((3,), _clip, "clip(a, low, high): min(max(a, low), high) (NumPy's)"),
    "clamp_min": Function((2,), lambda a, ap: each("max", a, ap),
                          "clamp_min(a, low): max(a, low) (torch's, fast.ai's relu)"),
    "clamp_max": Function((2,), lambda a, ap: each("min", a, ap),
                          "clamp_max(a, high): min(a, high) (torch's)"),
    **{name: Function((2,), _loss(name), f"PyTorch's {name}, the mean of {what}")
       for name, what in (("mse_loss", "(y - t)²"), ("l1_loss", "|y - t|"),
                          ("binary_cross_entropy", "-(t ln p + (1 - t) ln(1 - p))"),
                          ("binary_cross_entropy_with_logits", "softplus(z) - t z"))},
    **{name: Function((1,), _activation(name), what) for name, what in (
        ("silu", "x σ(x) (PyTorch's silu)"), ("swish", "x σ(x) (silu)"),
        ("gelu", "x (1 + erf(x/√2))/2 (PyTorch's gelu)"),
        ("logsigmoid", "ln σ(x) = -softplus(-x)"))},
    "softmax": Function((1, 2), _softmax("softmax"),
                        "e^z / Σ e^z along an axis, z shifted by its largest element"),
    "log_softmax": Function((1, 2), _softmax("log_softmax"),
                            "z - ln Σ e^z along an axis, z shifted by its largest element"),
    "logsumexp": Function((1, 2, 3), _softmax("logsumexp"),
                          "ln Σ e^z along an axis, as m + ln Σ e^(z - m), m the largest"),
    "cross_entropy": Function((2,), _cross_entropy,
                              "PyTorch's cross_entropy(z, k): logsumexp(z) - z[k], the mean "
                              "over a batch"),
    "clamp": Function((3,), _clip, "clamp(a, low, high): min(max(a, low), high) (torch's)"),
}


def _shape_tuple(a: Any) -> tuple[int, ...]:
    if not isinstance(a, Array):
        raise ProgramError("zeros_like and ones_like take an array")
    return a.shape


def _number(value: Any) -> float:
    if not isinstance(value, Const):
        raise ProgramError("full fills an array with a constant number")
    return float(value.value)


def _length(a: Any) -> int:
    if not isinstance(a, Array):
        raise ProgramError("len takes an array; a number has no length")
    return a.shape[0]


def attribute(value: Any, name: str) -> Any:
    """``a.T`` and ``a.shape``."""
    if name == "T":
        return transpose(value)
    if name == "shape":
        shape = value.shape if isinstance(value, Array) else ()
        return Array((len(shape),), tuple(const(n) for n in shape))
    if name in FUNCTIONS or ops.function(name, 1) is not None:
        raise ProgramError(f".{name} is a method: call it as .{name}()")
    if name in _TENSOR_ATTRIBUTES:
        raise ProgramError(_TENSOR_ATTRIBUTES[name])
    raise ProgramError(f"arrays have .T and .shape; there is no .{name}")


# PyTorch's and micrograd's attributes of a value, as course code reads them (x.data, x.grad).
_TENSOR_ATTRIBUTES = {
    "data": ".data is the value itself here (tracer's values are plain numbers and arrays of "
            "them): leave .data out",
    "grad": ".grad is what tracer reverse computes: leave it out of the program and read the "
            "gradient in tracer reverse's output (--step takes a gradient-descent step)",
}
