"""A trace table's rows printed from their shapes: each rule printed once, filled in per row.

The rows of a long trace repeat a few rules with other rows and numbers in them. For each
shape of rule (an op, which of its operands are rows and which constants, the classes of the
numbers put in: see ``printer.shape_template``) the rules module builds the rule's tree with
stand-in leaves, once, and the printer prints it into a template, once per flavor; each row is
then its leaves' texts (names and numbers, each printed once for the whole table) put into
its templates. Markdown sets a reverse table's row on one line: the templates of its primal
and of its adjoint's contributions are joined into one template of the whole line, made once
for each combination of shapes, and each row is one ``%`` of it (``Filler.lines``). A row this
cannot print exactly as its cells print (a seeded output's adjoint, an input, a value that is
not a float, an exponent that is a row) is printed from its cells, as every other table is.
Writers stay thin: this module prints, the rules module builds every rule tree, and the
numbers are the pass's own.
"""

from __future__ import annotations

from functools import cache
from operator import itemgetter
from string import Formatter
from typing import Any

from tracer.core.nodes import Call, Etc, Node, Num, Sym
from tracer.core.ops import Op
from tracer.core.printer import (
    STAND_IN,
    Flavor,
    label_texts,
    num_text,
    number_class,
    number_classes,
    number_texts,
    render,
    row_texts,
    shape_template,
    stand_in_number,
    template_parts,
)
from tracer.views.document import Gap, Note, TraceRows

Texts = list[str] | str | int | Note  # a str: a whole line (see table_texts)


@cache
def _sup_slots(op: Op) -> frozenset[int]:
    """The argument slots an op may print raised (v₀²): what is put in there decides more
    than its class, so a number there is part of the shape."""
    return frozenset(k for latex in (False, True) for numbers in (False, True)
                     for part in template_parts(op, latex, numbers)[0]
                     if type(part) is tuple and part[1] == "sup" for k in (part[0],))


def _has_raised_stand_in(node: Node) -> bool:
    """Does a stand-in leaf sit where the printer may raise it (an exponent)?"""
    if type(node) is not Call:
        return False
    sup = _sup_slots(node.op)
    return any((k in sup and _is_stand_in(a)) or _has_raised_stand_in(a)
               for k, a in enumerate(node.args))


def _is_stand_in(node: Node) -> bool:
    if type(node) is Sym:
        return type(node.ref) is int and node.ref >= STAND_IN
    return type(node) is Num and node.text is not None and \
        node.text[-1:] >= "\U000f0000"


class _Shapes:
    """Templates by shape key, for one flavor: (rule, numbers as the first term, numbers
    after it), or None for a shape printed from its cells."""

    def __init__(self, fl: Flavor, numbers: Flavor, compact: bool, rules: Any) -> None:
        self.fl, self.numbers, self.compact, self.rules = fl, numbers, compact, rules
        self.primal: dict[tuple[Any, ...], tuple[str, str] | None] = {}
        self.terms: dict[tuple[Any, ...], tuple[str, str, str] | None] = {}
        self.lines: dict[tuple[Any, ...], tuple[str, Any, bool, bool] | None] = {}
        self.halves: dict[tuple[Any, ...], Any] = {}  # the lines' two halves (see line)

    def template(self, table: dict[tuple[Any, ...], Any], key: tuple[Any, ...],
                 make: Any) -> Any:
        """The templates of shape ``key`` in ``table``, made by ``make`` the first time (None:
        a shape printed from its cells)."""
        shape = table.get(key, 0)
        if shape == 0:
            shape = table[key] = make(key)
        return shape

    def primal_shape(self, key: tuple[Any, ...]) -> tuple[str, str] | None:
        """key: (op, per operand: a row's class, or ("n", class) / ("c", expr) of a
        constant)."""
        op, kinds = key[0], key[1:]
        leaves: list[Any] = []
        classes: dict[int, int] = {}
        for m, kind in enumerate(kinds):
            if type(kind) is int:
                classes[m] = kind
            leaves.append(None if type(kind) is int else _constant_leaf(kind, 2 + m))
        rules = self.rules
        tree = rules.primal(op, leaves, STAND_IN)
        if _has_raised_stand_in(tree):
            return None

        def field(sym: Sym) -> int:
            return sym.ref - STAND_IN  # type: ignore[operator]

        numbers = rules.numbers(tree, lambda s: stand_in_number(field(s), classes[field(s)]))
        return _trimmed((shape_template(tree, self.fl, field),
                         shape_template(numbers, self.numbers, field)))

    def term_shape(self, key: tuple[Any, ...]) -> tuple[str, str, str] | None:
        """key: (op, slot, the classes of v̄_user, the two operands and v_user, and with
        constant operands, per operand: None for a row, ("n", class) / ("c", expr) of a
        constant)."""
        op, slot = key[0], key[1]
        classes = {0: key[2], 1: key[3], 2: key[4], 3: key[5]}
        kinds = key[6:] or (None,) * op.arity
        kinds = kinds[:op.arity]
        leaves = [None if kind is None else _constant_leaf(kind, 4 + m)
                  for m, kind in enumerate(kinds)]
        rules = self.rules
        tree = rules.term(op, slot, leaves, STAND_IN + 1, STAND_IN + 3, self.compact)
        if _has_raised_stand_in(tree):
            return None

        def field(sym: Sym) -> int:
            return 0 if sym.role == "bar" else sym.ref - STAND_IN  # type: ignore[operator]

        numbers = rules.numbers(tree, lambda s: stand_in_number(field(s), classes[field(s)]))
        return _trimmed((shape_template(tree, self.fl, field),
                         shape_template(numbers, self.numbers, field, True),
                         shape_template(numbers, self.numbers, field, False)))

    def line(self, primal: tuple[Any, ...], term: tuple[Any, ...],
             frame: tuple[str, str, str]) -> tuple[str, Any, bool, bool] | None:
        """The template of a whole framed line whose primal has shape ``primal`` and whose
        adjoint is one contribution of shape ``term``, or a sum of contributions of the
        shapes in ``term`` (see ``Filler.lines``): a ``%`` template, the getter of its
        fields from the row's leaves (see ``_primal_half``), and for each output whether its
        numbers could begin its value (see ``_could_lead``); None for a shape printed
        otherwise. Made from the line's two halves, each made once (a program's sums of
        contributions meet its primals in many ways)."""
        terms = (term,) if type(term[0]) is Op else term
        halves = self.halves
        first = halves.get(primal, 0)
        if first == 0:
            first = halves[primal] = self._primal_half(primal, frame)
        second = halves.get(terms, 0)
        if second == 0:
            second = halves[terms] = self._adjoint_half(terms, frame)
        if first is None or second is None:
            return None
        width = first[2]  # the contributions' leaves come after the primal's
        order = first[1] + [k if k < 4 else k + width for k in second[1]]
        return first[0] + second[0], itemgetter(*order), first[3], second[3]

    def _primal_half(self, primal: tuple[Any, ...], frame: tuple[str, str, str]
                     ) -> tuple[str, list[int], int, bool] | None:
        """A line up to its adjoint's rule: a ``%`` template, where its fields are in the
        row's leaves (the row's name and value, 0 and 1, then the primal's from 4 on: of two
        rows both names and both values, of one row its name and value, else four names
        and four numbers), how many leaves the primal has, and whether its numbers could
        begin its value."""
        p = self.template(self.primal, primal, self.primal_shape)
        if p is None:
            return None
        kinds = primal[1:]  # rows only: their names and values; else four names, four numbers
        width = 2 * len(kinds) if all(type(kind) is int for kind in kinds) else 8
        rule, nums = list(range(4, 4 + width // 2)), list(range(4 + width // 2, 4 + width))
        before, between, _ = frame
        made = _percent([(before, None), ("{0} = ", [0]), (p[0], rule), (between, None),
                         (p[1], nums), (" = {0}", [1]), (between, None)])
        return made and (made[0], made[1], width, _could_lead(p[1]))

    def _adjoint_half(self, terms: tuple[tuple[Any, ...], ...], frame: tuple[str, str, str]
                      ) -> tuple[str, list[int], int, bool] | None:
        """A line from its adjoint's name on, as ``_primal_half``: its fields are the
        adjoint's name and value (2 and 3) and the contributions' leaves, from 4 on, each
        contribution's its rule's and its numbers' (of a user of two rows, four and four;
        else six and six)."""
        shapes = [self.template(self.terms, t, self.term_shape) for t in terms]
        if None in shapes:
            return None
        rules: list[tuple[str, list[int] | None]] = [("{0} = ", [2])]
        nums: list[tuple[str, list[int] | None]] = [(frame[1], None)]
        start = 4
        for k, (shape, term) in enumerate(zip(shapes, terms, strict=True)):
            width = 4 if len(term) == 6 else 6
            if k:
                rules.append((" + ", None))
                nums.append((" + ", None))
            rules.append((shape[0], list(range(start, start + width))))  # type: ignore[index]
            nums.append((shape[1 if k == 0 else 2],  # type: ignore[index]
                         list(range(start + width, start + 2 * width))))
            start += 2 * width
        made = _percent([*rules, *nums, (" = {0}", [3]), (frame[2], None)])
        last = shapes[-1][1 if len(shapes) == 1 else 2]  # type: ignore[index]
        return made and (made[0], made[1], start - 4,
                         _could_lead(last) if len(shapes) == 1 else last.endswith("\\times"))


def _percent(parts: list[tuple[str, list[int] | None]]) -> tuple[str, list[int]] | None:
    """``str.format`` templates, each with where its fields are in a tuple of leaves (None:
    plain text), as one ``%`` template and the order its fields take from the tuple."""
    text: list[str] = []
    order: list[int] = []
    for template, slots in parts:
        if slots is None:
            text.append(template.replace("%", "%%"))
            continue
        pieces = _pieces(template)
        if pieces is None:
            return None
        text.append(pieces[0])
        order += [slots[k] for k in pieces[1]]
    return "".join(text), order


@cache
def _pieces(template: str) -> tuple[str, tuple[int, ...]] | None:
    """A ``str.format`` template of positional fields as a ``%`` template and its fields'
    numbers, in order (None: a field with a format spec or conversion). A shape's templates
    are few and recur in many lines' templates: each is parsed once."""
    text: list[str] = []
    fields: list[int] = []
    for literal, name, spec, conversion in Formatter().parse(template):
        text.append(literal.replace("%", "%%"))
        if name is not None:
            if spec or conversion:
                return None
            text.append("%s")
            fields.append(int(name))
    return "".join(text), tuple(fields)


@cache
def _could_lead(template: str) -> bool:
    """Could the numbers this template prints begin the value after them, so that the cell
    shows the value alone (``cell_parts``: ``value.startswith(numbers + " ")``)? A value
    printed with a space is ``1.5 \\times 10^{20}``: numbers that begin it up to a space are
    ``1.5`` or ``1.5 \\times``, so only a template whose own text is digits, signs and points,
    or that ends in ``\\times``, could print them (the leaves it is filled with are numbers
    and names, which never end in ``\\times``)."""
    return template.endswith("\\times") or all(
        not literal.strip("-0123456789.") for literal, *_ in Formatter().parse(template))


def _trimmed(templates: tuple[str, ...]) -> Any:
    """The templates, or None if one is empty or has space at an end (its rows are printed
    from their cells, which a writer may strip: see ``table_texts``)."""
    return templates if all(t and t == t.strip() for t in templates) else None


def _constant_leaf(kind: tuple[str, Any], k: int) -> Node:
    """A constant operand of a shape: ("n", class) a stand-in number for the ``k``-th fill,
    ("c", expr) the constant itself."""
    return stand_in_number(k, kind[1]) if kind[0] == "n" else kind[1]


def _output(numbers: str, value: str) -> str:
    """A cell's output as ``cell_parts`` joins it."""
    if value.startswith(numbers + " "):
        return value
    return f"{numbers} = {value}"


class Filler:
    """Prints the rows of one ``TraceRows`` table in one flavor.

    ``primals`` and ``adjoints`` print many rows in one loop each, the common shapes (every
    operand a row) filled in place; ``primal`` and ``term`` print any row or contribution."""

    def __init__(self, rows: TraceRows, fl: Flavor, numbers: Flavor) -> None:
        src = rows.source
        ev, p = src.ev, src.p
        trace = ev.trace
        self.rows, self.trace, self.users = rows, trace, src.users
        self.eqs, self.labels = trace.equations, trace.labels
        self.reverse = src.mode == "reverse"
        self.fl, self.latex = fl, fl.latex
        self.off = trace.position(0)
        latex, digits = fl.latex, fl.digits
        plain = {float, int}  # numbers a number's class says all about (not exact ones)
        self.fast = not ev.exact and set(map(type, ev.values)) <= plain and (
            not self.reverse or set(map(type, p.column)) <= plain)  # type: ignore[union-attr]
        if not self.fast:
            return
        self.vt = number_texts(ev.values, digits, latex)
        self.vc = number_classes(self.vt)
        self.names = row_texts(trace.first, len(self.vt), "", latex)
        if self.reverse:
            assert p is not None
            self.bt = number_texts(p.column, digits, latex)
            self.bc = number_classes(self.bt)
            self.bnames = row_texts(trace.first, len(self.bt), "bar", latex)
            self.seeded = {i for name, i in trace.outputs if name in p.seed}
        self.rules = src.shapes
        self.shapes = _Shapes(fl, numbers, src.compact, src.shapes)
        self.etc = render(Etc(0), fl)
        self.const_texts: dict[tuple[Any, Any], tuple[str, int]] = {}
        self.label_texts: list[str] | None = None

    def _const(self, expr: Node) -> tuple[str, int]:
        """A constant's text and class, each constant's once (a loop's counter i in i*x is a
        new one at every step: written as digits, it prints as them, of class 0)."""
        key = (expr.value, expr.text)  # type: ignore[union-attr]
        found = self.const_texts.get(key)
        if found is None:
            text = expr.text  # type: ignore[union-attr]
            if text is not None and text.isascii() and text.isdigit():  # num_text's own
                found = self.const_texts[key] = (text, 0)
            else:
                text = num_text(expr, self.fl)  # type: ignore[arg-type]
                found = self.const_texts[key] = (text, number_class(text))
        return found

    def _lhs(self, pos: int) -> str:
        """A row's name as its rule starts (``sym_text`` of the row and its labels)."""
        if not self.labels[pos]:
            return self.names[pos]
        if self.label_texts is None:  # every row's, made together the first time one is asked
            self.label_texts = label_texts(self.labels, self.latex)
        return self.names[pos] + self.label_texts[pos]

    def primals(self, shown: list[int]) -> list[tuple[str, str] | None]:
        """``primal`` of each row in ``shown``."""
        eqs, off, labels, vt, vc, names = self.eqs, self.off, self.labels, self.vt, self.vc, \
            self.names
        table, make = self.shapes.primal, self.shapes.primal_shape
        out: list[tuple[str, str] | None] = []
        for i in shown:
            op, args, _ = eqs[i - 1]
            if len(args) == 2 and type(a := args[0]) is int and type(b := args[1]) is int \
                    and not _sup_slots(op):
                a += off
                b += off
                key: tuple[Any, ...] = (op, vc[a], vc[b])
                rule: tuple[str, ...] = (names[a], names[b])
                nums: tuple[str, ...] = (vt[a], vt[b])
            elif len(args) == 1 and type(a := args[0]) is int and not _sup_slots(op):
                a += off
                key, rule, nums = (op, vc[a]), (names[a],), (vt[a],)
            elif len(args) == 2 and not _sup_slots(op) and (
                    (leaves := self._row_and_number(op, args)) is not None):
                key, rule, nums = leaves
            else:
                out.append(self.primal(i))
                continue
            shape = table.get(key, 0)
            if shape == 0:
                shape = table[key] = make(key)
            if shape is None:
                out.append(None)
                continue
            pos = i + off
            lhs = names[pos] if not labels[pos] else self._lhs(pos)
            filled, value = shape[1].format(*nums), vt[pos]
            out.append((lhs + " = " + shape[0].format(*rule),
                        value if value.startswith(filled + " ") else filled + " = " + value))
        return out

    def _row_and_number(self, op: Op, args: tuple[Any, ...]) -> tuple[Any, Any, Any] | None:
        """The shape key and leaves of a row and a number (2 x, x/7), as ``primal`` makes
        them, or None for other operands."""
        a, b = args
        if type(a) is int and type(b) is not int and type(b.expr) is Num:
            a += self.off
            text, cls = self._const(b.expr)
            return ((op, self.vc[a], ("n", cls)), (self.names[a], "", "", text),
                    (self.vt[a], "", "", text))
        if type(b) is int and type(a) is not int and type(a.expr) is Num:
            b += self.off
            text, cls = self._const(a.expr)
            return ((op, ("n", cls), self.vc[b]), ("", self.names[b], text, ""),
                    ("", self.vt[b], text, ""))
        return None

    def primal(self, i: int) -> tuple[str, str] | None:
        """Row ``i``'s primal rule and output, for any operands (None: from its cells)."""
        found = self._primal_key(*self.eqs[i - 1][:2])
        if found is None:
            return None
        key, rule, nums = found
        shapes = self.shapes
        shape = shapes.template(shapes.primal, key, shapes.primal_shape)
        if shape is None:
            return None
        pos = i + self.off
        return (f"{self._lhs(pos)} = " + shape[0].format(*rule),
                _output(shape[1].format(*nums), self.vt[pos]))

    def _primal_key(self, op: Op, args: tuple[Any, ...]
                    ) -> tuple[tuple[Any, ...], list[str], list[str]] | None:
        """A primal's shape key and the leaves of its rule and numbers (the operands' names
        or numbers, then constants at 2 + slot), for any operands; None for a row whose
        value is an exponent (raised or not by its value: printed from its cells)."""
        off = self.off
        key: list[Any] = [op]
        rule = ["", "", "", ""]
        nums = ["", "", "", ""]
        sup = _sup_slots(op)
        for m, a in enumerate(args):
            if type(a) is int:
                apos = a + off
                if m in sup:  # a row's value as an exponent: raised or not, by its value
                    return None
                key.append(self.vc[apos])
                rule[m] = self.names[apos]
                nums[m] = self.vt[apos]
            else:
                expr = a.expr  # type: ignore[union-attr]
                if type(expr) is Num and m not in sup:
                    text, cls = self._const(expr)
                    key.append(("n", cls))
                    rule[2 + m] = nums[2 + m] = text
                else:
                    key.append(("c", self.rules.constant(expr)))
        return tuple(key), rule, nums

    def adjoints(self, shown: list[int]) -> list[tuple[str, str] | None]:
        """``adjoint`` of each row in ``shown``."""
        return [self.adjoint(i) for i in shown]

    def adjoint(self, i: int) -> tuple[str, str] | None:
        """Row ``i``'s adjoint rule and output (None: from its cells): the sum of its uses'
        contributions in the order the sweep adds them."""
        pos = i + self.off
        uses = self.users[pos]
        if i in self.seeded:
            return None
        if len(uses) == 1:
            texts = self.term(*uses[0], True)
        elif not uses:
            return self.bnames[pos] + " = 0", self.bt[pos]
        else:
            texts = self._sum(uses)
        if texts is None:
            return None
        rule, nums = texts
        value = self.bt[pos]
        return self.bnames[pos] + " = " + rule, _output(nums, value)

    def lines(self, frame: tuple[str, str, str], slow: Any) -> list[Texts]:
        """``table_texts`` of a reverse table in a frame, a row a line: its primal's and its
        contributions' shapes joined in one template (``_Shapes.line``) filled by one ``%``.
        A row no shape prints is its ``primal`` and ``adjoint``, or its cells (``slow``).
        Spelled out for the commonest rows (an op of one or two rows or of a row and a
        number, used once by an op of one or two rows): it runs once per row."""
        eqs, off, users, labels, seeded = self.eqs, self.off, self.users, self.labels, \
            self.seeded
        names, vt, vc, bnames, bt, bc = self.names, self.vt, self.vc, self.bnames, self.bt, \
            self.bc
        table, make, other = self.shapes.lines, self.shapes.line, self._other
        out: list[Texts] = []
        append = out.append
        for i in self.rows.items:
            if type(i) is not int or i <= 0 or not (uses := users[i + off]) or i in seeded:
                append(other(i, frame, slow))
                continue
            pos = i + off
            op, args, _ = eqs[i - 1]
            if len(args) == 2 and type(a := args[0]) is int and type(b := args[1]) is int:
                a, b = a + off, b + off
                primal: Any = (op, vc[a], vc[b])
                leaves: tuple[str, ...] = (names[a], names[b], vt[a], vt[b])
            elif len(args) == 1 and type(a := args[0]) is int:
                a += off
                primal, leaves = (op, vc[a]), (names[a], vt[a])
            elif (primal := self._primal_leaves(op, args)) is not None:
                primal, leaves = primal
            else:
                append(other(i, frame, slow))
                continue
            u, slot = uses[0]
            op, args, _ = eqs[u - 1]
            if len(uses) == 1 and len(args) == 2 and type(a := args[0]) is int and \
                    type(b := args[1]) is int:  # one use, by an op of two rows
                u, a, b = u + off, a + off, b + off
                term: Any = (op, slot, bc[u], vc[a], vc[b], vc[u])
                leaves += (bnames[u], names[a], names[b], names[u], bt[u], vt[a], vt[b], vt[u])
            elif len(uses) == 1 and len(args) == 1 and type(a := args[0]) is int:  # of one row
                u, a = u + off, a + off
                term = (op, slot, bc[u], vc[a], 0, vc[u], None, None)  # as _term_leaves
                leaves += (bnames[u], names[a], "", names[u], "", "", bt[u], vt[a], "", vt[u],
                           "", "")
            elif (found := self._terms(uses)) is not None:
                term, more = found
                leaves += more
            else:
                append(other(i, frame, slow))
                continue
            line = table.get((primal, term), 0)
            if line == 0:
                line = table[primal, term] = make(primal, term, frame)
            if line is None or (line[2] and " " in vt[pos]) or (line[3] and " " in bt[pos]):
                append(other(i, frame, slow))
                continue
            append(line[0] % line[1]((names[pos] if not labels[pos] else self._lhs(pos),
                                      vt[pos], bnames[pos], bt[pos], *leaves)))
        return out

    def _terms(self, uses: list[tuple[int, int]]) -> tuple[tuple[Any, ...], tuple[str, ...]] | None:
        """The shape keys and leaves of an adjoint's contributions (see ``_term_leaves``), in
        the order the sweep adds them; None for a long sum cut around a ⋯."""
        keys: list[Any] = []
        leaves: list[str] = []
        off, names, vt, vc = self.off, self.names, self.vt, self.vc
        for use in self.rules.shown_uses(uses):
            if type(use) is not tuple:
                return None
            u, slot = use
            op, args, _ = self.eqs[u - 1]
            u += off
            if len(args) == 2 and type(a := args[0]) is int and type(b := args[1]) is int:
                a += off
                b += off
                keys.append((op, slot, self.bc[u], vc[a], vc[b], vc[u]))
                leaves += (self.bnames[u], names[a], names[b], names[u], self.bt[u], vt[a],
                           vt[b], vt[u])
                continue
            key, rule, nums = self._term_leaves(op, slot, args, u)
            keys.append(key)
            leaves += rule
            leaves += nums
        return tuple(keys), tuple(leaves)

    def _other(self, item: Any, frame: tuple[str, str, str], slow: Any) -> Texts:
        """An item of a framed table ``lines`` does not print: a row from its primal and
        adjoint or from its cells, a Gap's hidden count, a Note as it is."""
        kind = type(item)
        if kind is int:
            if item > 0:
                primal, adjoint = self.primal(item), self.adjoint(item)
                if primal is not None and adjoint is not None:
                    return frame[0] + frame[1].join(primal + adjoint) + frame[2]
            return [t for cell in self.rows.cells(item) for t in slow(cell)]
        if kind is Gap:
            return item.hidden  # type: ignore[no-any-return]
        if kind is Note:
            return item  # type: ignore[no-any-return]
        return [t for cell in item for t in slow(cell)]

    def _primal_leaves(self, op: Op, args: tuple[Any, ...]
                       ) -> tuple[tuple[Any, ...], tuple[str, ...]] | None:
        """A primal's shape key and leaves in one tuple (four names, four numbers), as
        ``_primal_key`` makes them: a row and a number (2 x, x/7, 7 x) made here, the commonest
        after rows alone; None for a row whose value is an exponent."""
        if len(args) == 2 and not _sup_slots(op):
            a, b = args
            if type(a) is int and type(b) is not int and type(b.expr) is Num:
                text, cls = self._const(b.expr)
                a += self.off
                return (op, self.vc[a], ("n", cls)), (self.names[a], "", "", text, self.vt[a],
                                                      "", "", text)
            if type(b) is int and type(a) is not int and type(a.expr) is Num:
                text, cls = self._const(a.expr)
                b += self.off
                return (op, ("n", cls), self.vc[b]), ("", self.names[b], text, "", "",
                                                      self.vt[b], text, "")
        found = self._primal_key(op, args)
        if found is None:
            return None
        return found[0], (*found[1], *found[2])

    def _sum(self, uses: list[tuple[int, int]]) -> tuple[str, str] | None:
        """The rule and numbers of a sum of contributions, a long one cut around a ⋯."""
        rule: list[str] = []
        nums: list[str] = []
        for n, t in enumerate(self.rules.shown_uses(uses)):
            if type(t) is not tuple:
                rule.append(self.etc)
                nums.append(self.etc)
                continue
            texts = self.term(t[0], t[1], n == 0)
            if texts is None:
                return None
            rule.append(texts[0])
            nums.append(texts[1])
        return " + ".join(rule), " + ".join(nums)

    def term(self, u: int, slot: int, lead: bool) -> tuple[str, str] | None:
        """One contribution v̄_u × ∂v_u/∂(argument slot): its rule and its numbers (as the
        sum's first term, ``lead``, a negative v̄_u goes without parentheses)."""
        op, args, _ = self.eqs[u - 1]
        off = self.off
        upos = u + off
        vc = self.vc
        if len(args) == 2 and type(a := args[0]) is int and type(b := args[1]) is int:
            a += off  # the most common: two rows, no constant
            b += off
            key: tuple[Any, ...] = (op, slot, self.bc[upos], vc[a], vc[b], vc[upos])
            names, vt = self.names, self.vt
            rule: Any = (self.bnames[upos], names[a], names[b], names[upos])
            nums: Any = (self.bt[upos], vt[a], vt[b], vt[upos])
        elif len(args) == 1 and type(a := args[0]) is int:
            a += off  # one row: the key _term_leaves makes for it
            key = (op, slot, self.bc[upos], vc[a], 0, vc[upos], None, None)
            names, vt = self.names, self.vt
            rule = (self.bnames[upos], names[a], "", names[upos])
            nums = (self.bt[upos], vt[a], "", vt[upos])
        else:
            key, rule, nums = self._term_leaves(op, slot, args, upos)
        table = self.shapes.terms
        shape = table.get(key, 0)
        if shape == 0:
            shape = table[key] = self.shapes.term_shape(key)
        if shape is None:
            return None
        return shape[0].format(*rule), (shape[1] if lead else shape[2]).format(*nums)

    def _term_leaves(self, op: Op, slot: int, args: tuple[Any, ...],
                     upos: int) -> tuple[tuple[Any, ...], list[str], list[str]]:
        """A contribution's shape key and leaves, for any operands."""
        off, vc, vt, names = self.off, self.vc, self.vt, self.names
        leafable = self.rules.leafable(op, slot)
        classes = [0, 0]
        rule = [self.bnames[upos], "", "", names[upos], "", ""]
        nums = [self.bt[upos], "", "", vt[upos], "", ""]
        kinds: list[Any] = []
        for m, a in enumerate(args):
            if type(a) is int:
                apos = a + off
                classes[m] = vc[apos]
                rule[1 + m] = names[apos]
                nums[1 + m] = vt[apos]
                kinds.append(None)
            else:
                expr = a.expr  # type: ignore[union-attr]
                if type(expr) is Num and leafable[m]:
                    text, cls = self._const(expr)
                    rule[4 + m] = nums[4 + m] = text
                    kinds.append(("n", cls))
                else:
                    kinds.append(("c", self.rules.constant(expr)))
        kinds += [None] * (2 - len(kinds))
        return (op, slot, self.bc[upos], *classes, vc[upos], *kinds), rule, nums


def table_texts(rows: TraceRows, fl: Flavor, numbers: Flavor, slow: Any,
                frame: tuple[str, str, str] | None = None) -> list[Texts] | None:
    """The texts of a table's rows, each trace row from its shapes where it can be
    (``slow(cell)``: a cell's two texts, for the others); None when no row can be.

    With a ``frame`` (before, between, after: Markdown's ``| $``, ``$ | $``, ``$ |``) a row
    printed from its shapes is one line, its texts joined in the frame: each of them is
    non-empty and without space at either end (a shape whose template has one is printed
    from its cells), so that a writer's wrapping of each text would give the same."""
    src = rows.source
    if src.mode not in (None, "reverse"):
        return None
    filler = Filler(rows, fl, numbers)
    if not filler.fast:
        return None
    if frame is not None and filler.reverse:
        return filler.lines(frame, slow)
    items = rows.items
    shown = [item for item in items if type(item) is int and item > 0]  # type: ignore[operator]
    primals = iter(filler.primals(shown))
    adjoints = iter(filler.adjoints(shown) if filler.reverse else [()] * len(shown))
    before, between, after = frame or ("", "", "")
    out: list[Texts] = []
    cells = rows.cells
    for item in items:
        kind = type(item)
        if kind is int:
            if item > 0:  # type: ignore[operator]
                primal, adjoint = next(primals), next(adjoints)
                if primal is not None and adjoint is not None:
                    out.append([*primal, *adjoint] if frame is None else
                               before + between.join(primal + adjoint) + after)
                    continue
            out.append([t for cell in cells(item) for t in slow(cell)])  # type: ignore[arg-type]
        elif kind is Gap:
            out.append(item.hidden)  # type: ignore[union-attr]
        elif kind is Note:
            out.append(item)  # type: ignore[arg-type]
        else:
            out.append([t for cell in item for t in slow(cell)])  # type: ignore[union-attr]
    return out


__all__ = ["Filler", "table_texts"]
