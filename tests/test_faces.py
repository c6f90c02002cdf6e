"""Both faces agree: the command line and the Python API give the same JSON for the same asks.

Every decision (a command's default outputs, a program's @step and @params, its @at and @order
lines, seeds over arrays) lives below both faces; this table runs each program through both.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run

import tracer

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LECTURE = "x1*x2+x2-log(x1)"
TWO_OUTPUTS = "y1 = x1*x2; y2 = sin(x1) + x2"
NETWORK = (EXAMPLES / "nn-backprop.txt").read_text(encoding="utf-8")
STEPPED = "@step 0.1\n@params w\n@at w=0.5, x=2\nz = w*x\nE = (z - 1)^2"
CONTROL = (EXAMPLES / "exercise-3-control-flow.txt").read_text(encoding="utf-8")

CASES = [
    # (name, source, CLI arguments after the source, the API's call on the Formula)
    ("trace", LECTURE, ["trace", "--at", "x1=3,x2=-4"],
     lambda t: t, {"at": {"x1": 3, "x2": -4}}),
    ("forward", LECTURE, ["forward", "--at", "x1=3,x2=-4", "--wrt", "x2"],
     lambda t: t.forward(wrt="x2"), {"at": {"x1": 3, "x2": -4}}),
    ("reverse", LECTURE, ["reverse", "--at", "x1=3,x2=-4"],
     lambda t: t.reverse(), {"at": {"x1": 3, "x2": -4}}),
    ("jacobian of every final value", TWO_OUTPUTS, ["jacobian", "--at", "x1=1,x2=2"],
     lambda t: t.jacobian(), {"at": {"x1": 1, "x2": 2}}),
    ("a program's @step and @params", STEPPED, ["reverse"], lambda t: t.reverse(), {}),
    ("the network's training step", NETWORK, ["reverse"], lambda t: t.reverse(), {}),
    ("a step asked for", NETWORK, ["reverse", "--step", "0.25", "--params", "wh*"],
     lambda t: t.reverse(step=0.25, params="wh*"), {}),
    ("a seed over an array output", CONTROL, ["reverse", "--seed", "d=ones"],
     lambda t: t.reverse(seed={"d": "ones"}), {}),
    ("derivatives", "x^3*sin(x)", ["derivatives", "--at", "x=2", "--order", "4"],
     lambda t: t.derivatives(order=4), {"at": {"x": 2}}),
    ("hessian", "x1^2*x2 + sin(x1)", ["hessian", "--at", "x1=1,x2=2"],
     lambda t: t.hessian(), {"at": {"x1": 1, "x2": 2}}),
    ("exact", LECTURE, ["reverse", "--at", "x1=3,x2=-4", "--exact"],
     lambda t: t.reverse(), {"at": {"x1": 3, "x2": -4}, "exact": True}),
    ("repeat", "y = 2*dot(x, x)", ["reverse", "--at", "x=[0, 1, 2, 3]", "--repeat", "2"],
     lambda t: t.reverse(repeat=2), {"at": {"x": [0, 1, 2, 3]}}),
]


@pytest.mark.parametrize("name, source, args, call, kw", CASES, ids=[c[0] for c in CASES])
def test_the_command_line_and_the_api_give_the_same_json(runner, name, source, args, call, kw):
    result = run(runner, args[0], source, *args[1:], "-f", "json")
    assert result.exit_code == 0, result.stderr
    from_cli = json.loads(result.stdout)
    from_api = json.loads(call(tracer.trace(source, **kw)).to_json())
    assert from_api == from_cli


def test_the_faces_refuse_alike():
    with pytest.raises(tracer.TracerError, match="step needs params="):
        tracer.trace("@at w=1, x=2\nE = (w*x - 1)^2").reverse(step=0.5)
