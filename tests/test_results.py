"""tracer.analysis.results: the data a check and a swell leave, kept as computed."""

from __future__ import annotations

import copy
import math
import pickle

from tracer.analysis.swell import swell


def test_a_swells_rows_survive_a_pickle_and_a_copy_as_they_stand():
    """sympy's pickle builds an expression again evaluated: the factored 4*(1 - 2*x) came back
    4 - 8*x, so a pickled swell printed another table and was unequal to its result."""
    run = swell(4)
    for again in (pickle.loads(pickle.dumps(run)), copy.deepcopy(run)):
        assert again == run
        assert [str(r.simplified) for r in again.rows] == [str(r.simplified) for r in run.rows]
    assert str(pickle.loads(pickle.dumps(run)).rows[1].simplified) == "4*(1 - 2*x)"


def test_an_input_check_is_measured_against_the_size_of_its_terms():
    """autodiff 1.9e-6 against sympy's 0: within 1e-9 of terms of size 2e10 it agrees (by the
    size, not by the value); without the size, or with an infinite one, it does not."""
    from tracer.analysis.results import InputCheck

    c = InputCheck("x", 1.9e-6, 1.9e-6, None, 0.0, 0, None, (), size=2e10)
    assert c.agrees and c.by_size
    assert not InputCheck("x", 1.9e-6, 1.9e-6, None, 0.0, 0, None, ()).agrees
    assert not InputCheck("x", 1.9e-6, 1.9e-6, None, 0.0, 0, None, (), size=math.inf).agrees
    plain = InputCheck("x", 2.0, 2.0, None, 2.0, 1, None, (), size=2.0)
    assert plain.agrees and not plain.by_size


def test_the_size_of_the_terms_forgives_their_rounding_not_a_wrong_derivative():
    """Terms of size 2e10 round to within ~1e-6; an autodiff derivative 19 (or 0.1) against
    sympy's 0 is a disagreement, not rounding (TOLERANCE times the size, 20, called it one)."""
    from tracer.analysis.results import InputCheck

    for wrong in (19.0, 0.1, 0.01):
        c = InputCheck("x", wrong, wrong, None, 0.0, 0, None, (), size=2e10)
        assert not c.agrees and not c.by_size
    assert InputCheck("x", 1.9e-6, 1.9e-6, None, 0.0, 0, None, (), size=2e10).agrees
    # forward and reverse 20 apart are a disagreement too, whatever the terms' size
    assert not InputCheck("x", 1.0, 21.0, None, 21.0, 0, None, (), size=2e10).agrees


def test_a_disagreement_names_the_same_inputs_and_digits_in_the_error_line_and_the_sentence():
    """The inputs a disagreement names and its note at a kink were decided twice, in
    CheckRun.disagreement (the error line) and in check's closing sentence: one place now."""
    from tracer import pipeline
    from tracer.analysis.check import check
    from tracer.analysis.results import conventions_note, disagreeing
    from tracer.core.parse import parse
    from tracer.output import text_of
    from tracer.views import DEFAULTS

    run = check(pipeline.prepare(parse("2*sqrt(x) - sqrt(x) + z"), {"x": 0, "z": 1}))
    assert [c.name for c in disagreeing(run)] == ["x"] and not run.agrees
    assert conventions_note(run) == " (at a non-differentiable point the conventions differ)"
    line = run.disagreement()
    assert line == ("autodiff and the symbolic derivative disagree: ∂y/∂x: autodiff nan "
                    "(forward nan), symbolic ∞ (at a non-differentiable point the conventions "
                    "differ)")
    said = text_of(run, "markdown", DEFAULTS, 4)
    assert "disagree:** $\\frac{\\partial y}{\\partial x}$: autodiff" in said
    assert "∂y/∂z" not in line and "(at a non-differentiable point the conventions differ)." in said
