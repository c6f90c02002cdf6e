"""Hints for a name that is not what the user meant."""

from __future__ import annotations

import pytest

from tracer import pipeline
from tracer.core.spelling import (
    article,
    glued_call,
    hint,
    lookalike,
    powered,
    skeleton,
    superscript,
    unexpected,
)
from tracer.errors import NameProblem


@pytest.mark.parametrize(("strange", "latin"), [
    ("х", "x"),  # Cyrillic ha
    ("ο", "o"),  # Greek omicron
    ("ｘ１", "x1"),  # fullwidth
    ("𝑥", "x"),  # mathematical italic
    ("Α", "A"),  # Greek capital alpha
    ("w₁", "w1"),  # a subscript digit
])
def test_lookalikes_have_a_latin_skeleton(strange, latin):
    assert skeleton(strange) == latin


def test_a_lookalike_names_the_character_and_its_code_point():
    text = lookalike("x", ["y", "х"])
    assert "x and х look alike" in text
    assert "the х in the formula is U+0445 CYRILLIC SMALL LETTER HA" in text
    assert lookalike("x", ["y"]) == "" and lookalike("x", ["x"]) == ""


@pytest.mark.parametrize(("name", "names", "expected"), [
    ("sinx", [], "for sin of x write sin(x)"),
    ("sinhx", [], "for sinh of x write sinh(x)"),
    ("logx1", [], "for log of x1 write log(x1)"),
    ("exptheta", ["theta"], "for exp of theta write exp(theta)"),
    ("expected", [], ""),  # "ected" is no argument anyone meant
    ("pix", [], ""),  # pi takes no argument
    ("x", [], ""),
])
def test_a_function_glued_to_its_argument(name, names, expected):
    found = glued_call(name, names)
    assert (expected in found) if expected else found == ""


def test_a_superscript_is_a_power():
    assert superscript("x²") == ("x² is one name (² is U+00B2 SUPERSCRIPT TWO); for a power "
                                 "write x^2")
    assert superscript("x2") == ""


def test_a_powered_name_is_its_base_its_power_and_why_it_is_one_name():
    """The parts the message for cos²(x) is made of, as data (it read them back out of
    superscript's sentence)."""
    assert powered("cos²") == ("cos", "2", "cos² is one name (² is U+00B2 SUPERSCRIPT TWO)")
    assert powered("tanh³") == ("tanh", "3", "tanh³ is one name (³ is U+00B3 SUPERSCRIPT "
                                             "THREE)")
    assert powered("x²³")[:2] == ("x", "23")
    assert powered("cos") is None and powered("²x") is None


def test_hint_turns_round_to_the_known_names():
    assert "sin(x)" in hint("x", ["sinx"])
    assert hint("z", ["x", "y"]) == ""


def test_article():
    assert [article(w) for w in ("input", "output", "parameter")] == ["an", "an", "a"]


@pytest.mark.parametrize(("text", "at", "words"), [
    ("х^2", {"x": 1}, ["x is not an input", "U+0445 CYRILLIC SMALL LETTER HA"]),
    ("x^2", {"х": 1}, ["х is not an input", "the х given is U+0445"]),
    ("x + х", {"x": 1}, ["no value for х", "U+0445"]),
    ("ｘ^2", {"x": 1}, ["U+FF58 FULLWIDTH LATIN SMALL LETTER X"]),
    ("ο + 1", {"o": 1}, ["U+03BF GREEK SMALL LETTER OMICRON"]),
    ("sinx", {"x": 1}, ["sinx is one name", "sin(x)"]),
    ("sinx", {}, ["no value for sinx", "sin(x)"]),
    ("x²", {"x": 1}, ["for a power write x^2"]),
    ("x + y", {"x": 1, "z": 2}, ["z is not an input of the formula; its inputs are x, y"]),
])
def test_the_messages_carry_the_hints(text, at, words):
    with pytest.raises(NameProblem) as info:
        pipeline.prepare(text, at)
    for word in words:
        assert word in info.value.message, info.value.message


def test_wrt_and_seed_messages_have_their_article_and_hints():
    ev = pipeline.prepare("x1*x2", {"x1": 1, "x2": 2})
    with pytest.raises(NameProblem, match="--wrt: х1 is not an input; the inputs are x1, x2; "
                                          "х1 and x1 look alike"):
        pipeline.run_forward(ev, ["х1"])
    with pytest.raises(NameProblem, match="--seed: z is not an output; the outputs are y"):
        pipeline.run_reverse(ev, {"z": 1})


def test_pi_is_written_as_the_lecture_writes_it():
    ev = pipeline.prepare("π*x", {"x": 2})
    assert ev.trace.inputs == ("x",)
    assert pipeline.prepare("sin(x)", {"x": pipeline.constant_text("π/2")}).outputs["y"] == 1


@pytest.mark.parametrize("name, said", [("e", "Euler's number e"), ("pi", "the constant π")])
def test_a_value_for_a_constant_says_it_is_the_constant(name, said):
    """--at e=3: e is Euler's number in the formula, not an input."""
    assert hint(name, ["x"]) == (f"{name} is {said} where the program does not assign it: "
                                 "give the input another name")


def test_what_tracer_does_not_read_is_no_function_it_reads():
    """The table of names course code calls and tracer refuses (with what to write) never
    shadows a function of the op table or an array function."""
    from tracer.core import arrays, ops
    from tracer.core.spelling import NOT_READ_FUNCTIONS

    assert not set(NOT_READ_FUNCTIONS) & (set(ops.FUNCTIONS) | set(arrays.FUNCTIONS))


@pytest.mark.parametrize("program, message", [
    ("y = torch.mm(W, W).sum()", "write A @ B for mm(A, B)"),
    ("y = W.mm(W).sum()", "write A @ B for mm(A, B)"),
    ("y = W.view(-1).sum()", "write .reshape(…) for .view(…)"),
    ("y = W.squeeze().sum()", "write .reshape(…) or .flatten() for .squeeze()"),
    ("y = torch.unsqueeze(W, 0).sum()", "write x.unsqueeze(d), a method given the new axis's "
     "place: x.unsqueeze(1) is x[:, None] (a column), x.unsqueeze(0) x[None, :] (a row)"),
    ("y = W.size(0) * W[0, 0]", "write .shape[0] (or len(x)) for .size(0)"),
    ("y = W.numel() * W[0, 0]", "write len(x.flatten()) for .numel()"),
])
def test_pytorch_tensor_methods_say_their_spelling_here(program, message):
    """W.view(-1) said "there is no method .view() with 1 argument(s)", torch.mm "unknown
    function 'mm'"."""
    from tracer.errors import TracerError

    with pytest.raises(TracerError) as info:
        pipeline.prepare(program, pipeline.parse_values("W=[[1, 2], [3, 4]]"))
    assert info.value.message == message
    assert info.value.where() is not None


def test_a_dict_says_to_keep_a_steps_value_in_a_name():
    """min-char-rnn's xs, hs, ys, ps = {}, {}, {}, {} said only "unexpected character '{'"."""
    from tracer.errors import TracerError

    with pytest.raises(TracerError) as info:
        pipeline.prepare("hs = {}\nhs[-1] = h0\ny = hs[-1]", {})
    assert info.value.message == (
        "a dict ({…}) is not read: tracer's values are numbers and arrays; keep a step's value "
        "in a name, h = np.tanh(… h …) for hs[t] = np.tanh(… hs[t-1] …), or grow a list by "
        "append (hs.append(h))")
    assert info.value.where()[:2] == (1, 5)


def test_lookalike_answers_from_names_or_from_their_shapes_alike():
    """A program's names by skeleton, built once (``shapes``), answer as the names do; an ASCII
    name is its own skeleton, so two ASCII names look alike only when they are one."""
    from tracer.core.spelling import shapes

    names = ["rate", "x1", "ﬁ", "tоtal"]  # ﬁ a ligature, the о of tоtal Cyrillic
    for typed in ("fi", "total", "x1", "rate", "y"):
        assert lookalike(typed, shapes(names), "read here", "assigned") == \
            lookalike(typed, names, "read here", "assigned")
    assert lookalike("total", shapes(names)).startswith("total and tоtal look alike")
    assert lookalike("x1", shapes(names)) == ""
    assert skeleton("x_1") == "x_1" and skeleton("хх") == "xx"


def test_a_programs_inputs_are_checked_against_its_names_in_one_pass(monkeypatch):
    """Inputs read without a value are each checked for a lookalike of an assigned name: the
    names' skeletons are made once, not once per input (1,000 inputs and 60,000 names took
    80 s before, in a structure-only graph)."""
    from tracer.core import spelling
    from tracer.core.lower import lower
    from tracer.core.parse import parse

    calls = []
    real = spelling.skeleton
    monkeypatch.setattr(spelling, "skeleton", lambda name: calls.append(name) or real(name))
    program = parse("a0 = x0\n" + "\n".join(f"a{k} = a{k - 1}*x{k % 200}" for k in range(1, 2000)))
    trace = lower(program)
    assert trace.n == 200
    assert len(calls) <= len(program.assigned) + trace.n


@pytest.mark.parametrize("prime", ["′", "″", "‴"])
def test_a_prime_copied_from_a_tables_label_says_what_it_is(prime):
    """c′ copied from a table said only "unexpected character '′'"."""
    assert unexpected(prime) == (
        f"unexpected character {prime!r}: a prime is not part of a name (the tables mark a "
        "reassigned name's later values c′, c″); write the name without it, or give the value "
        "a name of its own (c2)")
