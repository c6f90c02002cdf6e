"""Cost estimates: commands refuse up front, from the trace's size, what they cannot finish."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import fresh_python

from tracer import pipeline
from tracer.core import cost
from tracer.core.lower import lower
from tracer.core.parse import parse
from tracer.errors import LimitError


def wide(n: int) -> str:
    """n inputs, one output: a formula whose forward mode needs n passes."""
    return "+".join(f"sin(x{i})*x{(i + 1) % n}" for i in range(n))


def test_sweeps_within_the_budget_pass():
    trace = lower(parse(wide(10)))
    cost.sweeps(trace, 10, "forward")


def test_forward_mode_over_many_inputs_is_refused_with_the_way_out():
    n = 3000
    ev = pipeline.prepare(wide(n), {f"x{i}": 0.5 for i in range(n)})
    assert n * ev.trace.operations > cost.SWEEP_OPERATIONS
    with pytest.raises(LimitError, match=r"forward mode would need 3,000 passes.*tracer reverse"):
        pipeline.run_forward(ev)
    pipeline.run_reverse(ev)  # one pass: fine
    assert len(pipeline.run_forward(ev, wrt=["x1"]).passes) == 1


def test_exact_arithmetic_refuses_a_long_trace():
    trace = lower(parse("+".join(f"x*{k}" for k in range(1, 2 * cost.EXACT_ROWS))))
    with pytest.raises(LimitError, match="at most 2,000 rows"):
        cost.exact(trace)


def test_exact_arithmetic_refuses_a_deep_formula():
    trace = lower(parse("sin(" * 150 + "x" + ")" * 150))
    with pytest.raises(LimitError, match="150 deep"):
        cost.exact(trace)


def test_exact_refuses_before_sympy_loads():
    formula = "+".join(f"x*{k}" for k in range(1, 2 * cost.EXACT_ROWS))
    code = ("from tracer import pipeline\nfrom tracer.errors import LimitError\nrefused = False\n"
            f"try:\n    pipeline.prepare({formula!r}, {{'x': 1}}, exact=True)\n"
            "except LimitError:\n    refused = True\n")
    assert fresh_python(code, "[refused, 'sympy' in _sys.modules]") == [True, False]


def test_the_tables_of_many_passes_are_bounded():
    trace = lower(parse(wide(10)))
    cost.columns(trace, 10, "forward")
    with pytest.raises(LimitError, match="forward mode would show"):
        cost.columns(trace, cost.OUTPUT_NUMBERS, "forward")


def test_one_row_with_many_names_counts_on_every_line_that_names_it(runner):
    """y = x*ones(n): one row named y[0] … y[n-1], shown on each of n lines of n passes:
    refused up front (it took minutes and tens of GB), with the seed that does it in one pass."""
    from helpers import run

    from tracer.core.lower import lower as lowered
    from tracer.core.parse import parse as parsed

    small = lowered(parsed("y = x * ones(20)"), point={"x": 1.0})
    cost.columns(small, 20, "reverse")
    result = run(runner, "reverse", "y = x * ones(1000)", "--at", "x=1")
    assert result.exit_code == 1
    assert "reverse mode would show 1,000 passes (one per output)" in result.stderr
    assert "--seed y=ones" in result.stderr
    assert run(runner, "reverse", "y = x * ones(1000)", "--at", "x=1", "--seed",
               "y=ones").exit_code == 0


def test_a_text_with_far_more_operators_than_rows_is_refused_before_it_is_read(monkeypatch):
    from tracer.core import builder

    monkeypatch.setattr(builder, "MAX_ROWS", 100)
    text = "y = " + "+".join(f"sin(x{i % 7})" for i in range(150))  # 299 operators
    with pytest.raises(LimitError, match=r"about 299 operations: far more than the 100 rows"):
        parse(text)
    cost.source("y = " + "+".join(f"x{i}" for i in range(150)))  # 149: within twice the limit


def test_a_100_megabyte_program_is_read_and_refused_at_once(tmp_path):
    """Input up to 100 MB is read; its only limit is the trace-row limit."""
    line = "a = a*x + sin(a)/(1 + x^2) - 3*a  # a comment to make the line longer\n"
    path = tmp_path / "huge.txt"
    path.write_text("a = x\n" + line * (95 * 2**20 // len(line)))
    out = subprocess.run([sys.executable, "-m", "tracer", "trace", str(path), "--at", "x=1"],
                         capture_output=True, text=True)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.startswith("error: the input has about ") and "1,000,000 rows" in out.stderr
    assert "Traceback" not in out.stderr


def test_operators_in_comments_do_not_count(monkeypatch):
    from tracer.core import builder

    monkeypatch.setattr(builder, "MAX_ROWS", 100)
    cost.source("# " + "-" * 500 + "\ny = x*2  # (" + "+" * 300 + ")\n")


@pytest.mark.parametrize("text", [
    "a = [" + ", ".join(["-1e-3"] * 300) + "]\ny = x*a[0]",  # signs and exponents
    "p = x\n" + "p = (p*x) - (1.5e-3)\n" * 90 + "y = p",  # 180 operations: within twice 100
])
def test_signs_exponents_and_parentheses_are_not_operations(monkeypatch, text):
    from tracer.core import builder

    monkeypatch.setattr(builder, "MAX_ROWS", 100)
    cost.source(text)
    with pytest.raises(LimitError, match="operations: far more than the 100 rows"):
        cost.source(text.replace("-", "*").replace("e*3", "e3") * 2)


def test_exact_printing_within_the_budget_passes():
    trace = lower(parse(wide(10)))
    cost.exact_printing(trace, cost.EXACT_NODES, 10, "forward")


@pytest.mark.parametrize(("passes", "mode", "way_out"), [
    (42, "forward", r"choose fewer inputs with --wrt, use tracer reverse .*drop --exact"),
    (3, "reverse", r"choose fewer outputs with --output, use tracer forward .*drop --exact"),
    (1, "reverse", r"in one command; drop --exact"),
])
def test_exact_printing_over_the_budget_is_refused_with_the_way_out(passes, mode, way_out):
    trace = lower(parse(wide(10)))
    nodes = cost.EXACT_NODES + 1
    with pytest.raises(LimitError, match=rf"{mode} mode \({passes} pass.*{nodes:,} numbers"):
        cost.exact_printing(trace, nodes, passes, mode)
    with pytest.raises(LimitError, match=way_out):
        cost.exact_printing(trace, nodes, passes, mode)


def test_exact_numbers_of_too_many_digits_are_refused():
    cost.exact_digits(cost.EXACT_DIGITS)
    with pytest.raises(LimitError, match=rf"{cost.EXACT_DIGITS + 1:,} digits.*drop --exact"):
        cost.exact_digits(cost.EXACT_DIGITS + 1)


def test_a_graph_of_more_nodes_than_anyone_reads_is_refused():
    small = lower(parse("z = x\nfor i in range(100):\n    z = sin(z)"))
    cost.graph(small)  # 101 nodes: fine
    big = lower(parse(f"z = x\nfor i in range({cost.GRAPH_NODES}):\n    z = sin(z)"))
    assert big.n + big.last == cost.GRAPH_NODES + 1
    with pytest.raises(LimitError, match=r"^a dependency graph has a node per row: this "
                       r"trace's would have 50,001, more than the 50,000 a graph may have; "
                       r"draw a smaller instance .*without --graph; -f json has every row\)$"):
        cost.graph(big)


def test_the_jacobian_refuses_with_its_own_advice_before_either_mode_runs(monkeypatch):
    from tracer.core import runs

    n = 3000
    ev = pipeline.prepare(wide(n), {f"x{i}": 0.5 for i in range(n)})
    monkeypatch.setattr(runs, "_run", lambda *a: pytest.fail("a pass ran"))
    with pytest.raises(LimitError) as info:
        runs.jacobian(ev)
    message = info.value.message
    assert message.startswith("forward mode would need 3,000 passes (one per input)")
    assert message.endswith("; tracer jacobian runs both modes, over every input and every "
                            "output: choose fewer outputs with --output, or run one mode: "
                            "tracer reverse (one pass per output) or tracer forward --wrt (one "
                            "pass per input chosen)")
    assert "choose fewer with --wrt" not in message  # jacobian takes no --wrt
    with pytest.raises(LimitError, match=r"reverse mode would show 2,000 passes .*: tracer "
                       r"jacobian runs both modes"):
        cost.jacobian(lower(parse("z = x\nfor i in range(3000):\n    z = sin(z)")), 2_000)
    cost.jacobian(lower(parse(wide(10))), 1)  # within both budgets


def test_the_jacobian_command_names_what_it_takes(runner, tmp_path):
    from helpers import run

    n = 3000
    (tmp_path / "f.txt").write_text(wide(n))
    at = ",".join(f"x{i}=0.5" for i in range(n))
    result = run(runner, "jacobian", str(tmp_path / "f.txt"), "--at", at)
    assert result.exit_code == 1 and result.stdout == ""
    assert "--output" in result.stderr and "tracer reverse" in result.stderr
    assert "tracer forward --wrt" in result.stderr and "fewer with --wrt" not in result.stderr


def test_repeat_counts_its_gradients_beside_one_table():
    many = lower(parse("+".join(f"x{i}" for i in range(60_000))))  # 60,000 inputs
    cost.repeats(many, 80)  # 4,800,000 gradient entries and one table: fits
    with pytest.raises(LimitError, match=r"^--repeat 90 runs the backward pass 90 times over "
                       r"[\d,]+ operations: 90 gradients of 60,000 inputs to show beside the "
                       r"pass's table, more than the 5,000,000 entries tracer shows in one "
                       r"command; --repeat 81 is the most that fits$"):
        cost.repeats(many, 90)


def test_the_reverse_command_runs_a_long_repeat_and_names_what_fits(runner, tmp_path):
    from helpers import run

    program = tmp_path / "loop.txt"  # 60,001 rows, 100,000 operations
    program.write_text("z = x\nfor i in range(20000):\n    z = sin(z) * x + z\n")
    result = run(runner, "reverse", str(program), "--at", "x=0.5", "--repeat", "100", "-f",
                 "json")
    assert result.exit_code == 0, result.stderr
    program.write_text("z = x\nfor i in range(60000):\n    z = sin(z) * x + z\n")
    result = run(runner, "reverse", str(program), "--at", "x=0.5", "--repeat", "100")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.rstrip().endswith("; --repeat 66 is the most that fits")


@pytest.mark.parametrize(("formula", "depth"), [
    ("+".join(f"x{i}" for i in range(1, 151)), 1),  # Add(x1, …, x150)
    ("*".join(f"x{i}" for i in range(1, 151)), 1),  # Mul(x1, …, x150)
    ("-".join(f"x{i}" for i in range(1, 151)), 2),  # Add(x1, Mul(-1, x2), …)
    ("/".join(f"x{i}" for i in range(1, 151)), 2),  # Mul(x1, Pow(x2, -1), …)
    ("x + y", 1), ("sin(x)", 1), ("sin(x) + cos(y)", 2), ("(x + y)*(z + w)", 2),
    ("x - y*z", 2), ("-(x*y)", 1), ("2*x + 1", 2), ("sin(" * 150 + "x" + ")" * 150, 150),
])
def test_sympy_depth_counts_a_chain_of_sums_or_products_as_one_level(formula, depth):
    assert cost.sympy_depth(lower(parse(formula))) == depth


def test_sympy_depth_is_sympys_own_give_or_take_a_level():
    import sympy as sp

    from tracer.analysis.check import expression

    def tree_depth(e):
        return 1 + max(map(tree_depth, e.args)) if e.args else 0

    for formula in ("(x + y)*(z - w) + x*y*z - w/(x + y)", "sin(x + y + z)*exp(x*y*z) - log(w)",
                    "((x - y)/(z + w))**2 + sqrt(x*y + z)"):
        trace = lower(parse(formula))
        counted, real = cost.sympy_depth(trace), tree_depth(expression(trace, trace.last))
        assert isinstance(expression(trace, trace.last), sp.Expr)
        assert real - 1 <= counted <= real + 1, formula


def test_a_long_sum_is_not_too_deep_for_sympy():
    long_sum = lower(parse("+".join(f"x{i}" for i in range(1, 151))))
    assert long_sum.depth == 149  # was refused as 149 deep
    cost.nested(long_sum, "symbolic differentiation")
    cost.exact(long_sum)
    deep = lower(parse("+".join(f"sin({'sin(' * 100}x{i}{')' * 100})" for i in range(3))))
    with pytest.raises(LimitError, match="at most 100 operations deep; this one is 102 deep"):
        cost.nested(deep, "symbolic differentiation")


def test_the_seed_that_does_it_in_one_pass_names_the_traces_own_inputs(runner):
    """Refusing 2,000 forward passes over b's elements said '--seed x=ones', with no x in
    the program; it names the array (b=ones), or the first inputs (x1=1,x2=1,…)."""
    from helpers import run

    array = run(runner, "forward", "y = sum(b*b)", "--at", "b=" + str([1.0] * 2000))
    assert array.exit_code == 1 and "(--seed b=ones)" in array.stderr
    names = ",".join(f"x{i}=1" for i in range(1, 2002))
    numbers = run(runner, "forward", "+".join(f"x{i}*x{i + 1}" for i in range(1, 2001)),
                  "--at", names)
    assert numbers.exit_code == 1 and "(--seed x1=1,x2=1,…)" in numbers.stderr
    assert run(runner, "forward", "y = sum(b*b)", "--at", "b=" + str([1.0] * 2000), "--seed",
               "b=ones").exit_code == 0
