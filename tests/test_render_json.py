"""The JSON writer: the documented schema, strict JSON, data not strings."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracer import pipeline
from tracer.errors import TracerError
from tracer.render.json import write
from tracer.views import run_data as document
from tracer.views.data import number


def render_json(run):
    """A run's JSON, as the command line writes it: its data view, written strictly."""
    return write(document(run))

LECTURE = "x1*x2+x2-log(x1)"


def strict(text: str):
    def refuse(token: str):
        raise AssertionError(f"non-standard JSON token {token}")

    return json.loads(text, parse_constant=refuse)


def test_forward_schema():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    doc = strict(render_json(pipeline.run_forward(ev, wrt=["x2"])))
    assert doc["mode"] == "forward" and doc["formula"] == LECTURE
    assert list(doc["inputs"]) == ["x1", "x2"] and doc["inputs"]["x2"] == -4
    assert [r["index"] for r in doc["rows"]] == [-1, 0, 1, 2, 3, 4]
    assert doc["rows"][2] == {"index": 1, "name": "v_1", "op": "mul", "args": [-1, 0],
                              "value": -12.0}
    assert doc["rows"][0] == {"index": -1, "name": "v_{-1}", "op": "input", "args": [],
                              "input": "x1", "value": 3.0}
    assert doc["outputs"]["y"] == pytest.approx(-16 - math.log(3))
    assert doc["output_rows"] == {"y": 4}
    (p,) = doc["passes"]
    assert p["seed"] == {"x1": 0, "x2": 1}
    assert p["column"] == [0, 1, 3, 0, 4, 4]
    assert p["result"] == {"y": 4}
    assert "jacobian" not in doc


def test_reverse_schema_with_jacobian():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    doc = strict(render_json(pipeline.run_reverse(ev)))
    assert doc["mode"] == "reverse"
    assert doc["passes"][0]["seed"] == {"y": 1}
    assert doc["passes"][0]["result"] == {"x1": pytest.approx(-13 / 3), "x2": 4}
    assert doc["jacobian"] == {"y": {"x1": pytest.approx(-13 / 3), "x2": 4}}


def test_forward_jacobian_needs_every_input():
    ev = pipeline.prepare(LECTURE, {"x1": 3, "x2": -4})
    assert document(pipeline.run_forward(ev))["jacobian"] == {
        "y": {"x1": pytest.approx(-13 / 3), "x2": 4}}


def test_constants_and_labels():
    ev = pipeline.prepare("a = 2*x\ny = a^2", {"x": 1})
    doc = document(pipeline.run_reverse(ev))
    assert doc["rows"][1]["constants"] == [{"slot": 0, "value": 2, "text": "2"}]
    assert doc["rows"][1]["labels"] == ["a"] and doc["rows"][1]["args"] == [0]


def test_non_finite_numbers_become_null_with_a_warning():
    ev = pipeline.prepare("sqrt(x)", {"x": 0})
    doc = strict(render_json(pipeline.run_forward(ev)))
    assert doc["passes"][0]["result"] == {"y": None}
    assert doc["warnings"][0]["row"] == 1 and "infinite" in doc["warnings"][0]["message"]


def test_number():
    assert number(3) == 3 and number(2.5) == 2.5 and number(True) == 1
    assert number(math.inf) is None and number(math.nan) is None and number("x") is None


def test_an_exact_value_below_the_float_range_is_0_beside_its_exact_spelling():
    """sigmoid(-800) exactly is about 3.668e-348: JSON said null without a warning (null is
    for what is not finite); its number is 0.0, as floats give, and its exact spelling is
    there."""
    from tracer.core.values import parse_values

    ev = pipeline.prepare("sigmoid(x)", parse_values("x=-800"), exact=True)
    doc = strict(render_json(pipeline.run_reverse(ev)))
    assert doc["outputs"] == {"y": 0.0} and doc["passes"][0]["result"] == {"x": 0.0}
    assert doc["outputs_exact"] == {"y": "1/(1 + exp(800))"} and doc["warnings"] == []
    negative = pipeline.prepare("-sigmoid(x)", parse_values("x=-800"), exact=True)
    out = strict(render_json(pipeline.run_reverse(negative)))["outputs"]["y"]
    assert out == 0.0 and math.copysign(1.0, out) == -1.0  # its sign kept: -0.0


@pytest.mark.parametrize("formula, at", [
    ("x", {"x": 1}),  # one row: the rows list stays on one line
    ("x*y", {"x": 1, "y": 2}),
    (LECTURE, {"x1": 3, "x2": -4}),
    ("y = sqrt(x)", {"x": 0}),  # a value that is null
])
def test_streamed_rows_write_the_same_text(formula, at):
    run = pipeline.run_reverse(pipeline.prepare(formula, at))
    streamed = document(run, stream=True)
    assert not isinstance(streamed["rows"], list)
    assert write(streamed) == write(document(run))


def test_the_reused_encoder_writes_as_the_json_module_does():
    from tracer.render.json import _compact

    value = {"a": [1, -0.0, 1e-310, 2.5e300, "é \" \\ \n \u2028", None, True, False, []],
             "b": {"ü": {}}, "c": 10**30}
    assert _compact(value) == json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    with pytest.raises(ValueError):
        _compact({"a": math.inf})
    with pytest.raises(TypeError):
        _compact({"a": object()})


def test_the_jacobian_says_whether_the_modes_agree():
    same = strict(write(document(pipeline.jacobian(pipeline.prepare(
        "y1 = x1*x2; y2 = sin(x1)", {"x1": 1, "x2": 2})))))
    assert same["agree"] is True and same["agreement"].startswith("Forward and reverse mode agree")
    split = strict(write(document(pipeline.jacobian(pipeline.prepare(
        "sqrt(x)*1e200*1e-200 - sqrt(x)*1e200*1e-200", {"x": 1e-300})))))
    assert split["agree"] is False
    assert "∂y/∂x is nan by forward mode and 0 by reverse mode" in split["agreement"]


_TERM = st.sampled_from(["x*y", "sin(x + 3)", "exp(x/7)", "log(x^2 + 2)", "2*x", "x - 0.5",
                         "pi*y", "tanh(s*y + i*x)", "s*s", "1e200*x", "sqrt(y*y)", "y/(1 + s^2)"])


@st.composite
def _program(draw) -> str:
    """A program of named lines, a loop (decisions, a counter among the constants, primed
    labels) and a branch, in random order."""
    lines = ["s = x"]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["line", "loop", "if"]))
        term = draw(_TERM).replace("i*", "2*")
        if kind == "line":
            lines.append(f"s = {term} + s")
        elif kind == "loop":
            lines += [f"for i in range({draw(st.integers(0, 4))}):",
                      f"    s = {draw(_TERM)}"]
        else:
            lines += ["if s < 1:", f"    s = {term}", "else:", "    s = s - y"]
    return "\n".join([*lines, f"z = {draw(_TERM).replace('i*', '3*')}"])


@settings(max_examples=60, deadline=None)
@given(_program(), st.sampled_from([-1.5, 0.25, 2.0, 1e-9]), st.sampled_from([0.5, -3.0]),
       st.integers(1, 5))
def test_rows_written_from_columns_are_the_rows_written_one_by_one(text, x, y, chunk):
    """The fast path (a trace's rows and decisions as columns, each written at once, in
    chunks of any size) writes the text the general path (an object per row) writes."""
    from tracer.views import data

    try:
        ev = pipeline.prepare(text, {"x": x, "y": y})
    except TracerError:  # outside the domain: nothing to write
        return
    run = pipeline.run_reverse(ev)
    before = data.CHUNK
    try:
        data.CHUNK = chunk
        streamed = document(run, stream=True)
        assert write(streamed) == write(document(run)), text
        streamed = document(run, stream=True)
        rows = [dict(r, args=list(r["args"])) for r in streamed["rows"]]
        for row in rows:
            if "labels" in row:
                row["labels"] = list(row["labels"])
        assert rows == document(run)["rows"]
    finally:
        data.CHUNK = before


def test_an_exact_values_number_is_worked_out_as_the_tables_do(monkeypatch):
    """JSON took an exact value's number by sympy's float(), which walks every repeat of a
    deep value's parts: an RNN's three tanh steps under --exact -f json ran over two minutes
    (the terminal's table, 4 s). Its number is now the tables' (analysis.exact.to_float, part
    by part, remembered); sympy's float() is not called."""
    import sympy as sp

    from tracer.analysis.exact import to_float

    x = sp.Rational(1, 3)
    for _ in range(6):
        x = sp.tanh(x + sp.Rational(1, 5) * x**2)
    want = to_float(x)

    def refuse(self):
        raise AssertionError("sympy's float() called")

    monkeypatch.setattr(sp.Expr, "__float__", refuse)
    assert number(x) == want and number(sp.sqrt(2)) == pytest.approx(math.sqrt(2), rel=1e-15)
    assert number(sp.Integer(3)) == 3 and number(sp.Rational(1, 2)) == 0.5


def test_pandas_reads_the_rows_as_the_trace_table(tmp_path):
    """README: the JSON is one nested document; pandas.DataFrame(json.load(f)["rows"]) is the
    trace as a table (pandas.read_json of the whole file fails: its arrays differ in length)."""
    pd = pytest.importorskip("pandas")
    run = pipeline.run_reverse(pipeline.prepare("x1*x2+x2-log(x1)", {"x1": 3, "x2": -4}))
    path = tmp_path / "r.json"
    path.write_text(write(document(run)), encoding="utf-8")
    with path.open(encoding="utf-8") as f:
        rows = pd.DataFrame(json.load(f)["rows"])
    assert list(rows["index"]) == [-1, 0, 1, 2, 3, 4]
    assert list(rows["op"])[:3] == ["input", "input", "mul"]
    assert rows["value"].dtype == float and rows["value"].iloc[-1] == pytest.approx(-17.0986122887)


def test_a_checks_agreement_can_be_read_again_from_its_numbers():
    """x/x at 1e-10: autodiff's 1.9e-6 against sympy's 0 agrees within the tolerance of the
    terms its sweep added (2e10); the JSON said "agree": true beside numbers 1.9e-6 apart and a
    tolerance of 1e-9, with no size to read it again from."""
    from tracer.analysis.check import check

    doc = strict(write(document(check(pipeline.prepare("x/x", {"x": 1e-10})))))
    gap = abs(doc["autodiff"]["x"] - doc["symbolic"]["x"])
    assert doc["agree"] is True and gap > doc["tolerance"]
    assert doc["summed"]["x"] == pytest.approx(2e10, rel=1e-6)
    assert gap <= doc["tolerance"] * doc["summed"]["x"]
    plain = strict(write(document(check(pipeline.prepare("x*x", {"x": 3.0})))))
    assert plain["summed"] == {"x": pytest.approx(6.0)} and plain["agree"] is True
