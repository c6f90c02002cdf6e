"""tracer.analysis.results: the data a check and a swell leave, kept as computed."""

from __future__ import annotations

import copy
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
