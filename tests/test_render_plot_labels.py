"""The words and numbers on a plot (tracer.render.plot_labels)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tracer.analysis.plot import plot
from tracer.render.plot_labels import curve_label, floor, mark_text, num, title


def _curve(source="x^2", output="y", mark=None):
    return SimpleNamespace(kind="curve", source=source, output=output, wrt="x", mark=mark)


def _errors(*inputs):
    return SimpleNamespace(kind="errors", source="x^2", output="y", inputs=inputs)


def _input(forward, central, autodiff):
    return SimpleNamespace(forward=forward, central=central, autodiff=autodiff)


def test_curve_label_by_order():
    assert curve_label(0, "x") == "f(x)"
    assert curve_label(1, "t") == "f′(t) (forward mode)"
    assert curve_label(2, "x") == "f″(x) (Taylor mode)"
    assert curve_label(4, "x") == "f⁽⁴⁾(x) (Taylor mode)"


def test_num_rounds_or_says_undefined():
    assert num(None, 4) == "undefined"
    assert num(1 / 3, 4) == "0.3333"
    assert num(2, 4) == "2"


def test_mark_text_none_without_a_mark():
    assert mark_text(_curve(), 4) is None


def test_mark_text_of_a_curve():
    mark = SimpleNamespace(x=0.5, value=0.25, derivatives=(1.0,))
    assert mark_text(_curve(mark=mark), 4) == "at x = 0.5: f = 0.25, f′ = 1"


def test_mark_text_of_a_curve_without_a_slope():
    mark = SimpleNamespace(x=0.0, value=None, derivatives=())
    assert mark_text(_curve(mark=mark), 4) == "at x = 0: f = undefined, f′ = undefined"


def test_mark_text_of_a_field():
    field = SimpleNamespace(kind="field", names=("x1", "x2"), mark=SimpleNamespace(
        x1=0.5, x2=2.0, value=1.0, gradient=(2.0, 0.5)))
    assert mark_text(field, 4) == "at (x1, x2) = (0.5, 2): f = 1, ∇f = (2, 0.5)"
    field.mark.gradient = None
    assert mark_text(field, 4).endswith("∇f = undefined")


def test_title_names_the_output_of_a_formula():
    assert title(_curve("x^2")) == "y = x^2"


def test_title_of_an_assignment_is_as_written():
    assert title(_curve("y = x^2")) == "y = x^2"
    assert title(_curve("y=x^2")) == "y=x^2"


def test_title_of_a_formula_beginning_with_the_outputs_letter():
    # y1*x + 1 does not name y: it only begins with y
    assert title(_curve("y1*x + 1")) == "y = y1*x + 1"
    assert title(_curve("y == 1")) == "y = y == 1"


def test_title_joins_lines_and_cuts_a_long_formula():
    # a program's statements joined by "; ", its output named by its own line (it was
    # "y = a = x^2 y = a + 1"); comments, @ lines and imports left out
    assert title(_curve("a = x^2\ny = a + 1")) == "a = x^2; y = a + 1"
    assert title(_curve("import numpy as np\n# the loss\n@at x=1\na = np.sin(x)\nb = a*a",
                        output="b")) == "a = np.sin(x); b = a*a"
    assert title(_curve("s = x\nfor i in range(3):\n    s = s*x\ny = s")) == \
        "s = x; for i in range(3): s = s*x; y = s"
    assert title(_curve("z = x  # the input\ny = z*2 # the loss")) == "z = x; y = z*2"
    long = "+".join(["x"] * 40)  # 79 characters
    assert title(_curve(long)) == "y = " + long[:57] + "…"


def test_title_of_an_error_plot():
    assert title(_errors()) == "Error of finite differences against h: x^2"


def test_floor_a_decade_below_the_smallest_error():
    assert floor(_errors(_input([1e-5, None], [3e-9, 0.0], 1e-3))) == pytest.approx(1e-10)


def test_floor_without_positive_errors():
    assert floor(_errors(_input([0.0, None], [0.0], 0.0))) == 1e-17
    assert floor(_errors()) == 1e-17


def test_floor_never_below_1e_307():
    assert floor(_errors(_input([1e-320], [], 1.0))) == 1e-307


def test_labels_of_a_real_plot():
    curve = plot("y1*x + 1", over="x=0..1", at={"y1": 2, "x": 0.5})
    assert title(curve) == "y = y1*x + 1"
    assert mark_text(curve, 4) == "at x = 0.5: f = 2, f′ = 2"
