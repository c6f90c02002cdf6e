"""The data view (tracer.views.data): a run as plain data, what the JSON writer dumps."""

from __future__ import annotations

import math

import pytest

from tracer import __version__, pipeline
from tracer.analysis.hessian import hessian
from tracer.analysis.taylor import derivatives
from tracer.core.runs import jacobian
from tracer.views.data import (
    CHUNK,
    ROW_KEYS,
    control_records,
    controls,
    derivatives_document,
    each_row,
    exacts,
    hessian_document,
    jacobian_document,
    number,
    numbers,
    row_records,
    rows,
    run_data,
    spelled,
)
from tracer.views.document import Records

LECTURE = "x1*x2+x2-log(x1)"
LN3 = 1.0986122886681098


def _lecture(exact: bool = False):
    return pipeline.prepare(LECTURE, {"x1": 3, "x2": -4}, exact=exact)


def _plain(row: dict) -> dict:
    """A row as JSON reads it back: tuples are arrays."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in row.items()}


def test_number_keeps_ints_and_finite_floats():
    assert number(3) == 3 and type(number(3)) is int
    assert number(2.5) == 2.5
    assert number(True) == 1 and type(number(True)) is int


def test_number_of_a_non_finite_or_non_number_is_none():
    assert number(math.inf) is None and number(-math.inf) is None
    assert number(math.nan) is None
    assert number("x") is None


def test_number_of_exact_values():
    sp = pytest.importorskip("sympy")
    assert number(sp.Rational(-13, 3)) == pytest.approx(-13 / 3)
    assert number(sp.Integer(4)) == 4 and type(number(sp.Integer(4))) is int
    assert number(sp.oo) is None
    # beyond 2**53 an exact whole number is a float (JSON readers lose the digits anyway)
    assert number(sp.Integer(2) ** 60) == 2.0 ** 60 and type(number(sp.Integer(2) ** 60)) \
        is float
    # below the float range: 0.0, its exact spelling says more
    assert number(sp.Rational(1, 10 ** 400)) == 0.0


def test_numbers_of_a_mapping():
    assert numbers({"a": 1, "b": math.inf}) == {"a": 1, "b": None}


def test_spelled_and_exacts():
    sp = pytest.importorskip("sympy")
    assert spelled(2.5) == "2.5"
    assert spelled(sp.Rational(-13, 3)) == "-13/3"
    assert exacts({"a": sp.Rational(1, 3)}) == {"a": "1/3"}


def test_rows_of_the_lecture_trace():
    out = rows(_lecture())
    assert out[0] == {"index": -1, "name": "v_{-1}", "op": "input", "args": [],
                      "input": "x1", "value": 3.0}
    assert out[1] == {"index": 0, "name": "v_0", "op": "input", "args": [], "input": "x2",
                      "value": -4.0}
    assert [(r["op"], r["args"], r["value"]) for r in out[2:]] == [
        ("mul", [-1, 0], -12.0), ("log", [-1], LN3), ("add", [1, 0], -16.0),
        ("sub", [3, 2], -16.0 - LN3)]


def test_rows_name_constants_and_labels():
    out = rows(pipeline.prepare("y = 2*x", {"x": 5}))
    assert out[1] == {"index": 1, "name": "v_1", "op": "mul", "args": [0],
                      "constants": [{"slot": 0, "value": 2.0, "text": "2"}], "value": 10.0,
                      "labels": ["y"]}


def test_each_row_is_an_iterator_of_the_same_rows():
    ev = _lecture()
    it = each_row(ev)
    assert iter(it) is it
    assert list(it) == rows(ev)


@pytest.mark.parametrize("source", [LECTURE, "y = 2*x1*x2 + x2 - log(x1)",
                                    "y = max(x1, 2) + 3^x2"])
def test_row_records_agree_with_each_row(source):
    ev = pipeline.prepare(source, {"x1": 3, "x2": -4})
    records = row_records(ev)
    assert isinstance(records, Records) and records.keys == ROW_KEYS
    assert len(records) == len(ev.trace.inputs) + len(ev.trace.equations)
    assert [_plain(r) for r in records] == rows(ev)


def test_row_records_over_several_chunks():
    source = "+".join(["sin(x)"] + [f"x*{k}" for k in range(2, CHUNK + 10)])
    ev = pipeline.prepare(source, {"x": 0.5})
    assert len(ev.trace.equations) > CHUNK
    assert [_plain(r) for r in row_records(ev)] == rows(ev)


def test_row_records_of_an_exact_run_are_its_rows_with_spellings():
    pytest.importorskip("sympy")
    out = list(row_records(_lecture(exact=True)))
    assert out[3]["exact"] == "log(3)" and out[-1]["exact"] == "-16 - log(3)"


def test_controls_of_a_loop():
    ev = pipeline.prepare("z = x\nwhile z < 3:\n    z = z*2\ny = z", {"x": 1})
    out = controls(ev)
    assert [c["values"] for c in out] == [[1.0, 3.0], [2.0, 3.0], [4.0, 3.0]]
    assert [c["outcome"] for c in out] == [True, True, False]
    assert out[0] == {"after": 0, "kind": "while", "condition": "z < 3",
                      "values": [1.0, 3.0], "computed": [True, False], "outcome": True,
                      "iteration": 1, "on_inputs": True}
    assert list(control_records(ev)) == out


def test_run_data_of_reverse_mode():
    doc = run_data(pipeline.run_reverse(_lecture()))
    assert doc["tracer"] == __version__ and doc["mode"] == "reverse"
    assert doc["inputs"] == {"x1": 3.0, "x2": -4.0}
    assert doc["output_rows"] == {"y": 4}
    # adjoints v̄-1 … v̄4: -13/3, 4, 1, -1, 1, 1
    (p,) = doc["passes"]
    assert p["seed"] == {"y": 1} and p["column"] == [pytest.approx(-13 / 3), 4.0, 1.0, -1.0,
                                                     1.0, 1]
    assert doc["jacobian"] == {"y": {"x1": pytest.approx(-13 / 3), "x2": 4.0}}
    assert doc["warnings"] == [] and "controls" not in doc and "exact" not in doc


def test_run_data_infinite_slope_is_null_with_a_warning():
    doc = run_data(pipeline.run_forward(pipeline.prepare("sqrt(x)", {"x": 0})))
    assert doc["passes"][0]["column"] == [1, None]
    assert doc["jacobian"] == {"y": {"x": None}}
    (warning,) = doc["warnings"]
    assert warning["row"] == 1 and "is infinite here" in warning["message"]


def test_run_data_exact_spells_every_value():
    pytest.importorskip("sympy")
    doc = run_data(pipeline.run_reverse(_lecture(exact=True)))
    assert doc["exact"] is True
    assert doc["outputs_exact"] == {"y": "-16 - log(3)"}
    assert doc["jacobian_exact"] == {"y": {"x1": "-13/3", "x2": "4"}}


def test_run_data_stream_gives_records():
    doc = run_data(pipeline.run_reverse(_lecture()), stream=True)
    assert isinstance(doc["rows"], Records)


def test_jacobian_document_costs_and_choice():
    doc = jacobian_document(jacobian(_lecture()))
    assert doc["mode"] == "jacobian"
    # 7 operations a pass: mul 2, log 1, add 2, sub 2
    assert doc["forward"] == {"passes": 2, "operations": 14}
    assert doc["reverse"] == {"passes": 1, "operations": 7}
    assert doc["cheaper"] == "reverse" and doc["agree"] is True


def test_derivatives_document_of_sine():
    doc = derivatives_document(derivatives(pipeline.prepare("sin(x)", {"x": 0}), 3))
    assert doc["wrt"] == "x" and doc["derivative_order"] == 3
    assert doc["derivatives"] == [0.0, 1.0, 0.0, -1.0]
    assert doc["coefficients"][-1] == [0.0, 1.0, 0.0, pytest.approx(-1 / 6)]


def test_hessian_document_of_x1_x2_squared():
    doc = hessian_document(hessian(pipeline.prepare("x1*x2^2", {"x1": 2, "x2": 3})))
    assert doc["gradient"] == {"x1": 9.0, "x2": 12.0}
    assert doc["hessian"] == {"x1": {"x1": 0.0, "x2": 6.0}, "x2": {"x1": 6.0, "x2": 4.0}}
    assert [p["wrt"] for p in doc["passes"]] == ["x1", "x2"]
    assert doc["asymmetry"] == 0.0
    assert doc["cost"] == {"gradient": {"passes": 1, "operations": 3},
                           "hessian": {"passes": 2, "operations": 30}}
