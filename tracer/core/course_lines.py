"""The parser's reading of course code: the lines of PyTorch, micrograd, JAX and autograd code
that say what to differentiate (``core.course`` tells them apart), recorded as the program's
directives, or rewritten in place (``d = df(x0)`` becomes ``y = f(x0)``).

``CourseLines`` is a part of ``Parser`` (its base class): its methods read the parser's tokens
and keep their state on it, set up by ``_course_state``. They run only for a source that
holds such a line (``course.holds_course_lines``), so the parser's common path stays as it is.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from tracer.core import course, ops
from tracer.core.lexer import Tokens, ends_statement, is_name, is_newline
from tracer.core.spelling import NOT_READ_FUNCTIONS
from tracer.core.syntax import Backward, Def, Directive, Jump, Statement
from tracer.errors import ParseError


class CourseLines:
    """The course lines of a program, as the parser meets them (see the module's docstring)."""

    # the parser's, which these methods read and move on
    tokens: Tokens
    toks: list[str]
    i: int
    loops: int
    error: Callable[..., ParseError]
    text: Callable[[int, int], str]
    _assign: Callable[..., None]

    def _course_state(self, source: str) -> None:
        """The state of reading course lines, on the parser reading ``source``."""
        # lines of PyTorch or micrograd code that say what to differentiate (core.course),
        # looked for only in a source that holds one
        self.course = course.holds_course_lines(source)
        self.shown: set[str] = set()  # plotting libraries imported, and their figures
        self.course_lines: list[Directive] = []
        # each name's last top-level assignment (its block, place and tokens), for a later
        # x.requires_grad = True
        self.assignments: dict[str, tuple[list, int, int, int]] = {}
        self.optimizers: dict[str, list[str]] = {}  # torch.optim.SGD's: [names, rate]
        self.top_defs: dict[str, Def] = {}
        self.gradients: dict[str, str] = {}  # df = grad(f): df → f, until df(x0) is read
        self.elementwise: set[str] = set()  # df = elementwise_grad(f): its seed is ones
        self.writes: dict[str, int] = {}  # top-level assignments of each name so far
        self.asked: dict[str, int] = {}  # gradient functions called, and on which line
        self.asked_of: dict[str, int] = {}  # defs differentiated by jax.grad(f)(x0), and where
        # jacfwd(f)(x0)'s point and output, which jacrev(f)(x0) at the same point reads again
        self.jacobians: dict[str, tuple[str, str]] = {}
        self.printed: list[tuple[int, int]] = []  # the tokens of print(…) lines, left out
        # y.backward() lines read since the last statement: the places their outputs' values
        # are taken (syntax.Backward), which the block reading them puts among its statements
        self.backwards: list[Backward] = []
        # a REPL's line df(x0) with lines after it, rewritten f(x): its token and the name its
        # value takes (as d = df(x0) names it), given when the statement is read
        self.shown_call: tuple[int, str] | None = None
        self.array_changers: frozenset[str] | None = None  # see _printed_call, read once
        # d2l's def sgd(params, lr, batch_size): its parameters, the one holding the list, the
        # rate as its parameters give it, whether it zeroes the gradients, its tokens (_stepper)
        self.steppers: dict[str, tuple[list[str], str, list[str], bool, tuple[int, int]]] = {}
        # how far _whole_constants has read: (token, the sizes found, its line's start, whether
        # that line is indented)
        self.size_scan: tuple[int, dict[str, str], int, bool] = (0, {}, 0, False)
        self.places: dict[str, list[int]] | None = None  # each token's places (def_alias)

    def _no_grad(self) -> None:
        """``with torch.no_grad():`` and its lines, each a gradient-descent step ``w -= lr *
        w.grad`` or a zeroing (``course.update``): the training step ``--step`` takes."""
        toks = self.toks
        start = self.i
        j = start + 7
        lines: list[tuple[int, int]] = []
        if toks[j] and not is_newline(toks[j]):  # with torch.no_grad(): w -= lr * w.grad
            k = j
            while toks[k] and not is_newline(toks[k]):
                k += 1
            lines.append((j, k))
            j = k
        else:
            outer = len(self.written.get(self.base, " " * self.base))
            while is_newline(toks[j]) and len(toks[j].rsplit("\n", 1)[1]) > outer:
                k = j + 1
                while toks[k] and not is_newline(toks[k]):
                    k += 1
                lines.append((j + 1, k))
                j = k
        if not lines:
            raise self.error("expected the lines of the with block, indented", j)
        for a, b in lines:
            if toks[a:b] == ["pass"] or (toks[a] == "print" and toks[a + 1] == "("):
                continue  # nothing to read, as a pass or print line anywhere else
            line = course.update(toks[a:b])
            if line is None:
                raise self.error("a line of with torch.no_grad(): is read as a gradient-descent "
                                 "step, w -= lr * w.grad (or a zeroing, w.grad.zero_()): "
                                 "tracer takes that step with --step; write other lines "
                                 "outside the block (a value PyTorch computes there without "
                                 "its gradient is detached: z = (…).detach())", a)
            if line.kind == "update":
                self._update(line, a)
            else:
                self._zero(line, a, b)
        self.i = j

    def _update(self, line: course.Line, i: int) -> None:
        """A gradient-descent step of ``line.name`` at the rate ``line.text``: a number, or a
        name assigned a number on a line of its own (lr = 0.1)."""
        rate = line.text
        if is_name(rate) and " " not in rate:
            value = self._assigned(rate)
            if value is None:
                raise self.error(f"the learning rate {rate} is read from a line of its own "
                                 f"before the step ({rate} = 0.1)", i)
            rate = value
        elif any(is_name(t) for t in rate.split()):  # d2l's lr * w.grad / batch_size
            words = rate.split()
            for k, word in enumerate(words):
                if is_name(word) and word not in ("pi", "e"):
                    value = self._assigned(word)
                    if value is None:
                        raise self.error(f"{word}, in the learning rate, is read from a line "
                                         f"of its own before the step ({word} = 2)", i)
                    words[k] = f"({value})"
            rate = " ".join(words)
        self.course_lines.append(Directive("update", f"{line.name} = {rate}",
                                           self.tokens.offset(i)))

    def _gradient_call(self, i: int, j: int, top: bool) -> None:
        """``d = df(x0)``, ``print(df(x0))`` or ``df(x0)`` (a REPL's line), df = grad(f): f at
        inputs named as f's parameters, valued x0 (``@at``), is the output differentiated (``y``;
        along ones for elementwise_grad, the gradient of sum(f)). The line's tokens are
        rewritten in place, ``y = f(x)``, the rest blank."""
        toks = self.toks
        line = toks[i:j]
        k = next(k for k in range(len(line)) if _gradient_at(line, k, self.gradients))
        f, opened = _gradient_at(line, k, self.gradients)  # type: ignore[misc]
        self._grad_read(line, k, opened, i)
        again = self._asked_again(f, line, k, opened, i)
        seed = " = ones" if line[k] in self.elementwise or line[k] in course.ELEMENTWISE else ""
        while k >= 2 and line[k - 1] == "." and is_name(line[k - 2]):
            k -= 2  # jax.grad(f)(x0): from jax
        close = course.closing(line[opened:])
        end = opened + close if close > 0 else len(line)
        called = self.text(i + k, i + opened)
        form = _call_form(line, k, end)
        if form == "bare" and any(t and not is_newline(t) and t != ";" for t in toks[j:]):
            form = "shown"  # a REPL's line with more after it (autograd's README): as print
        if not form or not top:
            example = f"{called}(x0)" if line[k] == "check_grads" else f"d = {called}(x0)"
            raise self.error(f"{called}(…) is read on a line of its own at the top level: "
                             f"{example}", i + k)
        f, params, optional = self._differentiated(f, i + k)
        if self.gradients.pop(line[opened - 1], None) is not None:
            self.asked[line[opened - 1]] = self.tokens.line(i)
        args = course.arguments(line[opened + 1:end - 1])
        if any(len(arg) > 1 and is_name(arg[0]) and arg[1] == "=" for arg in args):
            raise self.error(f"{called}(…) takes its values by position, as JAX's and "
                             f"autograd's grad do: d = {called}(2.0)", i + k)
        if not len(params) - optional <= len(args) <= len(params):
            least = len(params) - optional
            count = f"{least} to {len(params)}" if optional else f"{least}"
            what = "Jacobian" if called.startswith(("jacfwd(", "jacrev(")) else "gradient"
            raise self.error(f"{called} is the {what} of {f}({', '.join(params)}): give "
                             f"{count} value{'s' if len(params) != 1 else ''}", i + k)
        params = params[:len(args)]  # def f(x, k=3.0): df(2.0) takes k's default
        if again is None:
            self._gradient_inputs(called, params, args, i, i + k)
        out = again or next(n for n in ("y", "f", f"{f}_value") if n not in toks and
                            n not in params)
        if line[k] in course.JACOBIANS:
            self.jacobians.setdefault(f, (" ".join(line[opened:end]), out))
        new = [f, "(", *[t for k, p in enumerate(params) for t in ([","] if k else []) + [p]],
               ")"]
        if form != "bare":
            if form == "shown":  # df(x0) has no room for y = f(x): named when it is read
                self.shown_call = (i, out)
            else:
                new = [out, "=", *new]
            if line[k] not in course.JACOBIANS:  # a Jacobian's outputs: no backward pass
                self.course_lines.append(Directive("backward", out + seed,
                                                   self.tokens.offset(i)))
                self.backwards.append(Backward(out, i))  # placed after the line, once read
        if len(new) > j - i:
            raise self.error(f"write {line[k]}(…) as d = {line[k]}(x0), on a line of its own",
                             i + k)
        toks[i:j] = new + ["\n"] * (j - i - len(new))  # as many tokens: offsets stay

    def _asked_again(self, f: str, line: list[str], k: int, opened: int, i: int) -> str | None:
        """``jax.grad(f)(2.0)`` then ``jax.grad(f)(4.0)``: a def is differentiated at one point,
        so a second call is refused; but JAX's cookbook takes ``jacfwd(f)(W)`` and then
        ``jacrev(f)(W)``, one Jacobian: the output the first named (None for a first call)."""
        if line[opened - 1] != ")":
            return None
        point = " ".join(line[opened:opened + max(course.closing(line[opened:]), 1)])
        if line[k] in course.JACOBIANS and self.jacobians.get(f, ("",))[0] == point:
            return self.jacobians[f][1]
        if f in self.asked_of:
            raise self.error(f"{line[k]}({f})(…) is read once, as the point to "
                             f"differentiate at (line {self.asked_of[f]}): for another "
                             "point, run tracer again with --at", i + k)
        self.asked_of[f] = self.tokens.line(i)
        return None

    def _gradient_inputs(self, called: str, params: tuple[str, ...], args: list[list[str]],
                         i: int, at: int) -> None:
        """The inputs of ``df(x0, …)`` (the line at token ``i``, the call at ``at``): f's
        parameters, each valued as the call gives it (a name's value on a top-level line of
        its own is taken, that line left out)."""
        for name, arg in zip(params, args, strict=True):
            where = at
            if len(arg) == 1 and arg[0] == name and name in self.assignments:
                where = self.assignments[name][2]  # the line giving the value, for a message
                text = self._taken(name)  # x = jnp.array([…]); jax.grad(f)(x): x the input
            else:
                text = (self._assigned(arg[0]) if len(arg) == 1 else None) or " ".join(arg)
            if course.whole(text):
                raise self.error(f"{called}(…) at {text}, whole numbers: JAX and autograd "
                                 f"differentiate at floats only (can't differentiate w.r.t. "
                                 f"type int): write its numbers with a decimal point (2.0, "
                                 f"not 2)", at)
            try:
                drawn = course.jax_drawn(text) or course.numpy_drawn(text)  # drawn
            except ValueError as exc:  # random.normal(key, (-3,)), of 10^9 elements
                said = str(exc) if where != at else f"{name} = {text}: {exc}"
                raise self.error(said, where) from None
            self.course_lines.append(Directive("input" if drawn is None else "drawn",
                                               f"{name} = {drawn or text}",
                                               self.tokens.offset(i)))

    def _grad_read(self, line: list[str], k: int, opened: int, i: int) -> None:
        """Refuse what a line's ``grad(f, …)(x0)`` asks that tracer does not read: an argnums
        other than 0, a grad of a grad (JAX's hvp)."""
        if line[k] not in self.gradients and opened > k + 4:  # grad(f, argnums=0)(x0)
            try:
                inner = course.argnums(line[k], line[k + 2:opened - 1])
            except ValueError as exc:
                raise self.error(str(exc), i + k) from None
            if len(inner) != 1:  # grad(f, has_aux=True)
                raise self.error(f"{line[k]}(f, …) is read as {line[k]}(f) or {line[k]}(f, "
                                 "argnums=0): leave the other arguments out", i + k)
        if sum(t in course.GRADS for t in line) > 1:  # JAX's hvp: grad(… grad(f)(x) …)
            raise self.error(f"{line[k]} of a {line[k]} (a second derivative) is not read: "
                             "tracer hessian gives the Hessian, a Hessian-vector product per "
                             "input, and tracer derivatives f′, f″, f‴", i + k)

    def _differentiated(self, f: str, i: int) -> tuple[str, tuple[str, ...], int]:
        """The function grad(f) differentiates, its parameters and how many of the last have
        defaults: a def written before, or a function of the op table as a library names it
        (JAX's grad(jnp.tanh): tanh of x)."""
        if f in self.top_defs:
            found = self.top_defs[f]
            return f, tuple(found.params), len(found.defaults)
        if "." in f and ops.function(f.rsplit(".", 1)[1], 1) is not None:
            return f.rsplit(".", 1)[1], ("x",), 0
        raise self.error(f"{f} is no def written before this line: grad(f) takes a def's "
                         "name", i)

    def _made_input(self, name: str, i: int, j: int) -> None:
        """``x.requires_grad = True`` (or ``x.requires_grad_()``) after ``x = torch.tensor(…)``:
        that line's value becomes the input x's (its statement is left out)."""
        if name not in self.assignments:
            raise self.error(f"{self.text(i, j)} makes {name} an input: assign {name} a "
                             f"constant tensor on a line of its own before it "
                             f"({name} = torch.tensor([…]))", i)
        _, _, begun, end = self.assignments[name]
        used = self._first_use(name, i, end, self.text(i, j))
        if used is not None:
            raise self.error(f"{name} is used here, before line {self.tokens.line(i)} "
                             f"({self.text(i, j)}) makes it an input, and PyTorch does not "
                             f"differentiate through this use; make {name} an input where it "
                             f"is assigned ({name} = torch.tensor([…], requires_grad=True))", used)
        value = [t for t in self.toks[begun + 2:end] if not is_newline(t)]
        if value and all(t in "[](),-+" or t[:1].isdigit() or t[:2] == "." for t in value):
            text = self.text(begun + 2, end).strip()
            raise self.error(f"{name} is {text}, a Python number or list, which has no "
                             f"requires_grad (PyTorch raises there, AttributeError): make it "
                             f"a tensor, {name} = torch.tensor({text}, requires_grad=True)", i)
        whole = course.made_whole(value)
        if whole:
            raise self.error(whole, begun + 2)
        self.course_lines.append(Directive("input", f"{name} = {self._taken(name)}",
                                           self.tokens.offset(begun)))

    def _course_line(self, top: bool) -> bool:
        """A line of course code that says what to differentiate (``core.course``): recorded
        as a directive of the program, or left out (``print``); False for any other line."""
        toks, i = self.toks, self.i
        if toks[i] == "def" and top and self._stepper(i):
            return True
        if toks[i] == "with" and toks[i:i + 7] == course.NO_GRAD:
            if not top:
                raise self._inner("with torch.no_grad():", "where it takes the "
                                  "gradient-descent step", i)
            self._no_grad()
            return True
        j, depth = i, 0
        while toks[j] and (depth or (not is_newline(toks[j]) and toks[j] != ";")):
            depth += (toks[j] in ("(", "[", "{")) - (toks[j] in (")", "]", "}"))
            j += 1  # to the line's end, past new lines in brackets (torch.tensor(2.0,\n …))
        again = next((k for k in range(i, j) if toks[k] in self.asked and
                      toks[k + 1] == "("), None) if self.asked else None
        if again is not None:
            raise self.error(f"{toks[again]}(…) is read once, as the point to differentiate at "
                             f"(line {self.asked[toks[again]]}): for another point, run "
                             f"tracer again with --at", again)
        if toks[i] in self.steppers and toks[i + 1] == "(":
            if not top:
                raise self._inner(self.text(i, j), "after the backward pass", i)
            self._step_call(i, j)
            return True
        self._grad_calls(i, j)
        if any(_gradient_at(toks, k, self.gradients) for k in range(i, j)):
            self._gradient_call(i, j, top)
            return False  # the line now computes f at its inputs: read it as any other
        try:
            line = course.read(self._listed(_sized([t for t in toks[i:j] if not is_newline(t)],
                                                   lambda: self._whole_constants(i))),
                               self.shown)
        except ValueError as exc:
            raise self.error(str(exc), i) from None
        if line is None or (line.kind == "update" and  # w.data -= …: a step, after a pass
                            not any(d.name == "backward" for d in self.course_lines)):
            return False
        if line.kind != "print" and not top:
            raise self._inner(self.text(i, j), "where it says what to differentiate", i)
        self._record(line, i, j)
        if line.kind == "print":
            self._printed_call(i, j)
            self.printed.append((i, j))  # print(x): no use of x's value in the trace
        self.i = j
        return True

    def _stepper(self, i: int) -> bool:
        """d2l's ``def sgd(params, lr, batch_size):`` (token ``i``), whose body is ``with
        torch.no_grad(): for param in params: param -= lr * param.grad / batch_size`` (then
        ``param.grad.zero_()``): recorded, its lines left out, for a call ``sgd([w, b], lr,
        batch_size)`` to take the step (it said 'with torch.no_grad(): in a def is not read').
        False for any other def."""
        toks = self.toks
        close = i + 2 + course.closing(toks[i + 2:]) if toks[i + 2] == "(" else i
        params = toks[i + 3:close - 1:2]
        if close <= i + 2 or toks[close] != ":" or not is_newline(toks[close + 1]) or \
                toks[i + 4:close - 1:2] != [","] * (len(params) - 1):
            return False
        indent = len(toks[i - 1].rsplit("\n", 1)[-1]) if i and is_newline(toks[i - 1]) else 0
        end = close + 1
        while toks[end] and not (is_newline(toks[end]) and toks[end + 1] and
                                 len(toks[end].rsplit("\n", 1)[-1]) <= indent):
            end += 1
        body = [t for t in toks[close + 1:end] if not is_newline(t)]
        if body and body[0][:1] in ("'", '"'):
            body = body[1:]  # its docstring
        param = body[8] if len(body) > 12 else ""
        zero = [param, ".", "grad", ".", "zero_", "(", ")"]
        zeroes = body[-7:] == zero
        if not param or body[:7] != course.NO_GRAD or \
                body[7:12] != ["for", param, "in", body[10], ":"] or body[10] not in params:
            return False  # (a body shorter than a loop's head, with …: pass, is no stepper)
        try:
            step = course.update(body[12:len(body) - 7 * zeroes])
        except ValueError:  # for p in params: w -= …, w.grad.zero_(): not sgd's own lines
            return False
        if step is None or step.kind != "update" or step.name != param:
            return False
        self.steppers[toks[i + 1]] = (params, body[10], step.text.split(), zeroes, (i, end))
        self.i = end
        return True

    def _step_call(self, i: int, j: int) -> None:
        """``sgd([w, b], lr, batch_size)``, a def ``_stepper`` read: a gradient-descent step of
        each parameter listed, at the rate the def computes from its arguments."""
        params, listed, rate, zeroes, _ = self.steppers[self.toks[i]]
        line = self._listed(["optim", "SGD", *[t for t in self.toks[i + 1:j]
                                               if not is_newline(t)]])  # sgd(params, …) too
        args = course.arguments(line[3:-1])
        given = dict(zip(params, args, strict=False))
        names = given.get(listed, [])
        if len(args) != len(params) or any("=" in a for a in args) or names[:1] != ["["] or \
                not all(is_name(t) or t == "," for t in names[1:-1]):
            raise self.error(f"{self.toks[i]}(…) takes the step of a list of names, each "
                             f"argument by position: {self.toks[i]}([w, b], "
                             f"{', '.join(params[1:])})", i)
        text = " ".join(" ".join(given.get(t, [t])) for t in rate)
        for name in names[1:-1:2]:
            self._update(course.Line("update", name, text), i)
            if zeroes:
                self.course_lines.append(Directive("zero", name, self.tokens.offset(i)))
        self.i = j

    def _whole_constants(self, i: int) -> dict[str, str]:
        """The names given a whole number on a top-level line of their own before token
        ``i`` and assigned nothing else after (``_given_whole``). The lines are read once
        through the program: each call goes on where the last stopped (course lines come in
        order; 4,000 random inputs read the program 4,000 times over, 29 s), a call for an
        earlier token starts over."""
        toks = self.toks
        resume, found, start, indented = self.size_scan if self.size_scan[0] <= i else \
            (0, {}, 0, False)
        for k in range(resume, i):
            if is_newline(toks[k]) or toks[k] == ";":
                line, start, block = toks[start:k], k + 1, indented  # (after a ;, its line's)
                if is_newline(toks[k]):
                    indented = bool(toks[k].rsplit("\n", 1)[-1])  # the next line's indentation
                _given_whole(line, block, found)
        self.size_scan = (i, found, start, indented)
        out = dict(found)
        _given_whole(toks[start:i], indented, out)  # the line of token i, up to it
        return out

    def _left_out(self, top: bool) -> bool:
        """A line ``name = …`` read here and left out of the statements: a def given another
        name (``def_alias``) or a placeholder (``placeholder``); the parser goes on after it."""
        return (top and self.def_alias(self.i)) or self.placeholder(self.i)

    def placeholder(self, i: int) -> bool:
        """CS231n's ``scores = None`` (token ``i``), a name given None where the assignment's
        code goes, and assigned again in the same block before any line reads it (it said
        'None is not a value in tracer'): left out. False for any other line."""
        toks = self.toks
        if toks[i + 2] != "None" or not is_name(toks[i]) or \
                not ends_statement(toks[i + 3]):
            return False
        opened = toks[i - 1] if i else "\n"
        indent = opened.rsplit("\n", 1)[-1] if is_newline(opened) else None
        k = next((k for k in range(i + 3, len(toks)) if toks[k] == toks[i] and
                  toks[k - 1] != "."), None)
        if k is None or toks[k + 1] != "=" or not is_newline(toks[k - 1]) or \
                toks[k - 1].rsplit("\n", 1)[-1] != indent or \
                any(is_newline(t) and toks[m + 1] and len(t.rsplit("\n", 1)[-1]) < len(indent)
                    for m, t in enumerate(toks[i + 3:k], i + 3)):
            return False  # read before (or never) assigned again, or in another block: None
        # is refused there
        self.i = i + 3
        return True

    def def_alias(self, i: int) -> bool:
        """d2l's ``net = linreg`` (token ``i``), a def written before given another name at
        the top level, and never assigned again: the name stands for the def in the lines
        after it (it said 'net is a value in this program, not a function to call'). False
        for any other line, for a name assigned again (which that message refuses still) and
        for one never called."""
        toks, name, fn = self.toks, self.toks[i], self.toks[i + 2]
        if toks[i + 1] != "=" or fn not in self.defined or not is_name(name) or \
                not ends_statement(toks[i + 3]):
            return False
        if self.places is None:  # each name's tokens, found once (3,000 aliases took 2.7 s)
            self.places = {}
            for k, tok in enumerate(toks):
                self.places.setdefault(tok, []).append(k)
        later = [k for k in self.places.get(name, ()) if k > i + 2 and k + 1 < len(toks) and
                 toks[k] == name]
        after = [toks[k + 1] for k in later]
        if any(t in _ASSIGNING for t in after) or "(" not in after:
            return False  # (y = f, never called: 'f is a function: call it as f(…)')
        for k in later:
            if toks[k - 1] != ".":
                toks[k] = fn
        self.i = i + 3
        return True

    def _listed(self, line: list[str]) -> list[str]:
        """``torch.optim.SGD(params, lr=lr)`` after ``params = [W1, b1, W2, b2]`` on a top-level
        line of its own (d2l's MLP from scratch): the list written in place of its name (it
        said 'SGD's parameters are read as a list of names')."""
        if "SGD" not in line or "optim" not in line:
            return line
        k = line.index("SGD") + 2
        if line[k:k + 2] == ["params", "="]:
            k += 2
        found = self.assignments.get(line[k]) if k < len(line) else None
        if found is None or line[k + 1:k + 2] not in ([","], [")"]):  # (not closed: said later)
            return line
        listed = [t for t in self.toks[found[2] + 2:found[3]] if not is_newline(t)]
        if listed[:1] != ["["] or listed[-1:] != ["]"] or \
                not all(is_name(t) or t == "," for t in listed[1:-1]):
            return line
        spans = [span for *_, span in self.steppers.values()]
        if sum(t == line[k] and not any(a <= m < b for a, b in spans)
               for m, t in enumerate(self.toks)) == 2:  # read by this line alone (a stepper
            self._taken(line[k])  # def's names are its own): a list of tensors of several
            # shapes, which is no array, is left out
        return [*line[:k], *listed, *line[k + 1:]]

    def _printed_call(self, i: int, j: int) -> None:
        """``print(f(x))`` of a def that assigns into an array (``v[0] = …``): Python runs f
        as it prints, and the change stays; a print line is left out here, so it is refused,
        saying to call f on a line of its own."""
        toks = self.toks
        for k in range(i + 1, j - 1):
            if toks[k] in _PRINTED_TRANSFORMS and toks[k + 1] == "(" and \
                    not any(toks[m:m + 3] == ["def", toks[k], "("] for m in range(len(toks))):
                # print(jvp(f, (3.,), (1.,))), autodidax's: it said 'the program assigns
                # nothing', the print line being left out
                raise self.error(NOT_READ_FUNCTIONS[_PRINTED_TRANSFORMS[toks[k]]], k)
            if toks[k + 1] != "(" or not is_name(toks[k]) or toks[k - 1] == ".":
                continue
            if self.array_changers is None:  # once: a scan per print was 7 s at 4,000 prints
                self.array_changers = _array_changers(toks)
            if toks[k] in self.array_changers:
                raise self.error(f"print(…) runs {toks[k]}(…), which changes an array as it "
                                 "runs, and tracer leaves print lines out: call it on a line "
                                 f"of its own, z = {toks[k]}(…), then print(z)", k)

    def _grad_calls(self, i: int, j: int) -> None:
        """Refuse a line's grad of a grad (JAX's grad(grad(jnp.tanh))(2.0), its hvp) and grad
        of a lambda written inside it, each saying what to write."""
        toks = self.toks
        calls = [k for k in range(i, j - 2) if toks[k] in course.GRADS and toks[k + 1] == "("]
        if len(calls) > 1 and calls[1] >= _called_to(toks, calls[0] + 1):
            # print(grad(f)(2.), grad(f)(4.)), JAX's sharp bits: two points, no grad of a grad
            raise self.error(f"{toks[calls[0]]}(…) is read once on a line, as the point to "
                             "differentiate at: for another point, run tracer again with --at",
                             calls[1])
        if len(calls) > 1:
            raise self.error(f"{toks[calls[0]]} of a grad (a second derivative) is not read: "
                             "tracer derivatives gives f′, f″, f‴ of a program, tracer hessian "
                             "the Hessian", calls[0])
        if calls and toks[calls[0] + 2] == "lambda":  # grad(lambda x: 3*x**2)(5.0)
            how = toks[calls[0]]
            raise self.error(f"{how}(lambda …) is read of a name: give the lambda one (f = "
                             f"lambda x: …), then {how}(f)(x0)", calls[0])

    def _inner(self, text: str, why: str, i: int) -> ParseError:
        """A course line in a block: read at the top level only; in a loop, that of a
        training loop, which tracer does not run (it takes one step)."""
        if self.functions and text.startswith("with"):  # d2l's def sgd(params, lr, …)
            return self.error(f"{text} in a def (d2l's sgd) is not read: tracer inlines defs "
                              "and takes the step at the top level, after the backward pass: "
                              "write with torch.no_grad(): there, a line per parameter (w -= "
                              "lr * w.grad / batch_size), and leave the def's call out", i)
        if self.loops:
            return self.error(f"{text} in a loop: tracer runs no training loop; it takes "
                              "one step after the backward passes, each a y.backward() line "
                              "of its own at the top level (or --repeat): write the loop's "
                              "body once there, and run it again with --at at the new values "
                              "for the next step", i)
        return self.error(f"{text} is read at the top level only, {why}: move it out of the "
                          "block", i)

    def _record(self, line: course.Line, i: int, j: int) -> None:
        """What a course line says (tokens i to j), for ``pipeline.defaults`` to read."""
        if line.kind == "grad":
            self._made_input(line.name, i, j)
        elif line.kind == "gradient":
            if line.text not in self.top_defs and "." not in line.text:
                raise self.error(f"{line.text} is no def written before this line: "
                                 f"{line.name} = grad(f) takes a def's name", i)
            self._differentiated(line.text, i)
            self.gradients[line.name] = line.text
            if any(t in course.ELEMENTWISE for t in self.toks[i:j]):
                self.elementwise.add(line.name)
        elif line.kind == "optimizer":
            self.optimizers[line.name] = line.text.split(" ; ")
        elif line.kind == "step":
            if line.name not in self.optimizers:
                raise self.error(f"{line.name}.step(): {line.name} is no optimizer made "
                                 f"before it ({line.name} = torch.optim.SGD([w, b], lr=0.1))", i)
            names, rate = self.optimizers[line.name]
            for name in names.split(" , "):
                self._update(course.Line("update", name, rate), i)
        elif line.kind == "figure":
            self.shown.update(line.name.split())
        elif line.kind == "zero":
            self._zero(line, i, j)
        elif line.kind == "update":  # w.data -= lr * w.grad, outside torch.no_grad()
            self._update(line, i)
        elif line.kind != "print":
            if line.kind == "backward":
                self.backwards.append(Backward(line.name, i))
                line = self._named_seed(line)
            elif line.kind == "input" and not line.drawn:
                line = self._named_value(line, i)
            text = f"{line.name} = {line.text}" if line.text else line.name
            self.course_lines.append(Directive("drawn" if line.drawn else line.kind, text,
                                               self.tokens.offset(i)))

    def _zero(self, line: course.Line, i: int, j: int) -> None:
        """A zeroing of ``line.name``'s gradient (every one for ""), tokens i to j:
        ``x.grad.zero_()`` needs a gradient, which PyTorch has only after a backward pass."""
        if "zero_" in self.toks[i:j] and \
                not any(d.name == "backward" for d in self.course_lines):
            raise self.error(f"{line.name}.grad is None before the first backward pass, and "
                             f"PyTorch's {line.name}.grad.zero_() raises there: zero it after "
                             f"y.backward() (or write {line.name}.grad = None)", i)
        if line.name and line.name not in self.toks[:i]:  # q.grad.zero_(), q nowhere before
            raise self.error(f"{self.text(i, j)}: no line before it names {line.name}; zero "
                             "the gradient of an input the program differentiates "
                             "(x.grad.zero_())", i)
        self.course_lines.append(Directive("zero", line.name, self.tokens.offset(i)))

    def _named_seed(self, line: course.Line) -> course.Line:
        """``Q.backward(gradient=external_grad)`` (PyTorch's tutorial), the seed a name given
        a constant on a line of its own before: that line's value is the seed."""
        value = self._assigned(line.text) if is_name(line.text) else None
        if value is None or " " in line.text:
            return line
        return line._replace(text=value)

    def _named_value(self, line: course.Line, i: int) -> course.Line:
        """``x = torch.tensor(x_init, requires_grad=True)`` (tinygrad's test_tensor, as its
        PyTorch half writes it), ``a = Value(a0)``: the value of a name given a constant on a
        line of its own before is the input's (that line left out where the input takes the
        name itself, ``a = Value(a)``)."""
        found = _NAMED_VALUE.match(line.text)
        value = self._assigned(found.group(2)) if found else None
        if found is None or value is None:
            return line
        if found.group(2) == line.name:  # a0 = 2.0, then a0 = Value(a0): a0 is the input
            self._unused_before(line.name, i)
            value = self._taken(line.name)
        return line._replace(text=f"{found.group(1)}{value.strip()}{found.group(3)}")

    def _first_use(self, name: str, i: int, end: int, maker: str) -> int | None:
        """Before the line at token ``i`` (``maker``) makes ``name`` an input: refused if the
        name was assigned more than once; the first token reading it after its assignment
        (which ends at ``end``), None if none does."""
        if self.writes.get(name, 0) > 1:
            raise self.error(f"{maker} makes {name} an input, and {name} is assigned more than "
                             f"once before it: an input is assigned once, on the line that gives "
                             f"its value; give the other values names of their own", i)
        return next((k for k in range(end, i) if self.toks[k] == name and
                     self.toks[k - 1] != "." and
                     not any(a <= k < b for a, b in self.printed)), None)

    def _unused_before(self, name: str, i: int) -> None:
        """``a = 2.0``, ``c = a * 3``, then ``a = Value(a)`` (line at token ``i``): c is the
        constant 6, and taking a's first line into the input would differentiate c too."""
        used = self._first_use(name, i, self.assignments[name][3], "this line")
        if used is not None:
            raise self.error(f"{name} is used here, before line {self.tokens.line(i)} makes it "
                             f"an input, as the constant it was: give the input a name of its "
                             f"own (b = Value({name}))", used)

    def _assigned(self, name: str) -> str | None:
        """The text of the value ``name`` was given on a top-level line of its own before
        (``lr = 0.1``: "0.1"), or None."""
        found = self.assignments.get(name)
        return None if found is None else self.text(found[2] + 2, found[3])

    def _taken(self, name: str) -> str:
        """The text of the value ``name`` was given on a top-level line of its own, that line
        left out: the value becomes the input ``name``'s."""
        block, k, begun, end = self.assignments.pop(name)
        block[k] = Jump("pass", begun)
        return self.text(begun + 2, end)

    def _counted(self, statement: object) -> None:
        """A top-level statement of a program with course lines: the names it assigns (an
        input is assigned once: x.requires_grad = True) and its def (for a later grad(f))."""
        for st in statement if type(statement) is tuple else (statement,):
            name = getattr(st, "target", None)
            if type(name) is str:
                self.writes[name] = self.writes.get(name, 0) + 1
            if type(st) is Def:
                self.top_defs[st.name] = st

    def _shown(self, statement: object) -> object:
        """A REPL's line ``df(x0)`` with lines after it (autograd's README compares it with
        differences on the next), read as ``f(x)``: its value named as ``d = df(x0)``'s."""
        if self.shown_call is None or type(statement) is not Statement or \
                statement.pos != self.shown_call[0]:
            return statement
        name = self.shown_call[1]
        self.shown_call = None
        self._assign(name)
        return dataclasses.replace(statement, target=name)


def _call_form(line: list[str], k: int, end: int) -> str:
    """How a line holds the gradient call starting at token ``k`` and ending at ``end``:
    ``d = df(x0)`` or ``v, g = …`` ("="), ``print(df(x0))``, ``df(x0)`` alone ("bare"), or
    any other way ("")."""
    whole = end == len(line)
    if k == 2 and line[1] == "=" and whole:
        return "="
    if k == 4 and line[1::2][:2] == [",", "="] and is_name(line[0]) and is_name(line[2]) and \
            whole:
        return "="
    if k == 2 and line[:2] == ["print", "("] and end == len(line) - 1:
        return "print"
    return "bare" if k == 0 and whole else ""


# An input's value as a name alone, or a constructor's first argument: x_init in
# torch.tensor(x_init) (the text as course.read writes it), a0 in Value(a0)
_NAMED_VALUE = re.compile(r"^((?:[\w .]+\(\s*)?)([A-Za-z_]\w*)(\s*(?:[,)].*)?)$", re.DOTALL)


def _called_to(toks: list[str], k: int) -> int:
    """Where ``grad(f)(x0)`` ends, its brackets opening at token k: past the call's brackets
    after grad's own (a grad written inside them, grad(f)(grad(f)(2.0)), is a grad of a
    grad)."""
    end = k + max(course.closing(toks[k:]), 1)
    return end + max(course.closing(toks[end:]), 0) if toks[end] == "(" else end


def _gradient_at(toks: list[str], k: int, gradients: dict[str, str]) -> tuple[str, int] | None:
    """Does a call of a gradient function start at token k: ``df(`` (df = grad(f) before)
    or ``grad(f)(`` (JAX's ``jax.grad(f)(x0)``)? Then (f, the call's '(' token)."""
    tok = toks[k]
    if tok in gradients and toks[k + 1] == "(":
        return gradients[tok], k + 1
    if tok in course.GRADS and toks[k + 1] == "(" and is_name(toks[k + 2]) and \
            toks[k + 3] == ")" and toks[k + 4] == "(":
        return toks[k + 2], k + 4
    if tok in course.GRADS and toks[k + 1] == "(" and is_name(toks[k + 2]) and \
            toks[k + 3] == ",":  # grad(f, argnums=0)(x0), grad(f, (0, 1))(x0)
        end = k + 1 + course.closing(toks[k + 1:])
        if end > k + 1 and end < len(toks) and toks[end] == "(":
            return toks[k + 2], end
    return None


def _sized(line: list[str], sizes: Callable[[], dict[str, str]]) -> list[str]:
    """A random (or zeros, ones …) input's line with the sizes it names written as their
    numbers (``sizes()``: the names given whole numbers before it): d2l's ``W =
    torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)`` after
    ``num_inputs = 784`` (or ``num_inputs, num_outputs = 784, 10``). The line is read before
    the program runs, so its shape must be known then: it said 'the shape is read from whole
    numbers' ('num_hiddens is not a constant' for torch.zeros(num_hiddens, …) after a
    tuple's)."""
    if "requires_grad" not in line or not any(t in course.RANDOM or t in _SIZED for t in line):
        return line
    found = sizes()
    return [found[t] if t in found and line[k - 1:k] not in (["."], ["="]) and  # (slices: a
            line[k + 1:k + 2] not in (["("], ["="], ["."]) else t  # size may end the line)
            for k, t in enumerate(line)]


_SIZED = frozenset({"normal", "zeros", "ones", "full", "eye"})  # and course.RANDOM's draws
_ASSIGNING = frozenset({"=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", "in"})


def _given_whole(line: list[str], block: bool, found: dict[str, str]) -> None:
    """One line's part in ``found``: a top-level ``n = 3`` (``n, m = 3, 2``) gives n a whole
    number; any other assignment of n (``n += 1``, ``for n in …``, ``n = 2`` in a block) takes
    it away."""
    eq = next((n for n, t in enumerate(line) if t in _ASSIGNING), None)
    if eq is None:
        return
    names, values = line[:eq:2], line[eq + 1::2]
    whole = line[eq] == "=" and line[1:eq:2] == [","] * (len(names) - 1) and \
        line[eq + 2::2] == [","] * (len(values) - 1) and len(names) == len(values) and \
        not block
    for n, name in enumerate(line[:eq]):
        if whole and n % 2 == 0 and values[n // 2].isdigit():
            found[name] = values[n // 2]
        else:
            found.pop(name, None)


# JAX's (and torch.func's) transformations other than grad, by the message that refuses each
_PRINTED_TRANSFORMS = {"jvp": "jvp", "vjp": "vjp", "vmap": "vmap", "pmap": "vmap",
                       "hessian": "hessian", "jacobian": "jacobian", "jit": "jit"}


def _array_changers(toks: list[str]) -> frozenset[str]:
    """The program's defs that assign into an array in their body (``v[0] = …``, ``v[1:] +=
    …``). Read from the tokens: each def's lines after its own, indented deeper."""
    found = set()
    for k in range(len(toks) - 2):
        if toks[k] == "def" and is_name(toks[k + 1]) and toks[k + 2] == "(" and \
                _changes_an_array(toks, k):
            found.add(toks[k + 1])
    return frozenset(found)


def _changes_an_array(toks: list[str], k: int) -> bool:
    """Does the def at token ``k`` assign into an array in its body?"""
    start = toks[k - 1].rsplit("\n", 1)[-1] if k and is_newline(toks[k - 1]) else ""
    depth = 0
    for m in range(k + 2, len(toks) - 1):
        tok = toks[m]
        if is_newline(tok) and len(tok.rsplit("\n", 1)[-1]) <= len(start) and \
                toks[m + 1] and not depth:
            break
        depth += (tok in ("(", "[", "{")) - (tok in (")", "]", "}"))
        if tok == "]" and not depth and (toks[m + 1] == "=" or (
                toks[m + 1].endswith("=") and toks[m + 1] not in ("==", "<=", ">=", "!="))):
            return True
    return False
