"""The JSON writer: a run's data (``tracer.views.data``) as strict JSON.

Strict: no NaN or Infinity (the data view has made them null), UTF-8 as it is. Every top-level
key is on its own line, and a long list (or a list of objects) has one item per line, each
written by the C encoder: a 10^5-row trace writes in about the time it took to compute, and
still reads line by line. A trace's rows come as ``Records``, columns rather than objects: each
column is encoded in one call (a column of numbers by one call of the C encoder), and each row is
one ``%`` of the rows' template.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import chain, islice
from typing import Any

from tracer.render.base import Settings
from tracer.views.document import Records


def _encoder() -> Callable[[Any], str]:
    """Compact strict JSON of one value. The C encoder is made once and reused: JSONEncoder.encode
    makes a new one on every call, which was most of the cost of writing a row. Where the C
    encoder is missing or differs, JSONEncoder.encode itself."""
    base = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
    try:
        from json.encoder import c_make_encoder, encode_basestring

        made = c_make_encoder(  # type: ignore[misc]
            None, base.default, encode_basestring, None, ": ", ", ", False, False, False)
    except (ImportError, TypeError):
        return base.encode
    join = "".join

    def encode(value: Any) -> str:
        return join(made(value, 0))

    sample = {"a": [1, 0.1, -2.5e-300, "é\n\"", None, True], "b": {"c": []}}
    return encode if encode(sample) == base.encode(sample) else base.encode


_compact = _encoder()
_string = json.encoder.encode_basestring  # the encoder's own (ensure_ascii=False), in C
_NUMBERS = {int, float, bool, type(None)}  # never encoded with ", " inside
LONG = 8  # a list longer than this (or of objects) gets a line per item


def write(data: dict[str, Any], settings: Settings | None = None, fmt: str = "json") -> str:
    """The text, in one join: every piece is made once and copied once (the rows may come as
    an iterator, each encoded as it comes and then let go)."""
    parts = ["{\n"]
    last = len(data) - 1
    for k, (key, value) in enumerate(data.items()):
        parts += ("  ", _compact(key), ": ")
        if type(value) is Records and len(value) > 1:
            parts += ("[\n    ", ",\n    ".join(_records(value)), "\n  ]")
            parts.append(",\n" if k < last else "\n")
            continue
        if isinstance(value, Records):
            value = list(value)
        if isinstance(value, Iterator):
            head = list(islice(value, 2))  # the layout as for a list: one item stays inline
            value = chain(head, value) if len(head) > 1 else head
        if isinstance(value, chain) or (isinstance(value, list) and (len(value) > LONG or (
                len(value) > 1 and isinstance(value[0], (dict, list))))):
            first = len(parts)
            for item in value:
                parts += (",\n    ", _compact(item))
            parts[first] = "[\n    "
            parts.append("\n  ]")
        else:
            parts.append(_compact(value))
        parts.append(",\n" if k < last else "\n")
    parts.append("}\n")
    return "".join(parts)


def _records(records: Records) -> Iterator[str]:
    """The objects' texts, as ``_compact`` writes each: one template for them all (an optional
    key's field is its ", ", key and value, or nothing), filled by one ``%`` per object with
    the texts of its values, each column encoded at once."""
    keys, optional = records.keys, records.optional
    assert keys[0] not in optional, "an object's first key is never optional"
    for columns in records.chunks():
        fields, texts = [], []
        for k, (key, column) in enumerate(zip(keys, columns, strict=True)):
            if key in optional:
                fields.append("%s")
                texts.append(_optional(_compact(key) + ": ", column))
                continue
            inner, text = _column(column)
            fields.append(("" if k == 0 else ", ") + _compact(key).replace("%", "%%") +
                          (": [%s]" if inner else ": %s"))
            texts.append(text)
        yield from map(("{" + "".join(fields) + "}").__mod__, zip(*texts, strict=True))


def _optional(key: str, column: list[Any]) -> list[str]:
    """An optional key's fields: its ", ", key and value, or "" where the value is None."""
    inner, texts = _column([v for v in column if v is not None])
    before, after = (", " + key + "[", "]") if inner else (", " + key, "")
    given = iter(texts)
    return ["" if v is None else before + next(given) + after for v in column]


def _column(column: list[Any]) -> tuple[bool, list[str]]:
    """A column's values as JSON texts, each column in one call where it can be: numbers by
    one call of the C encoder, split at its ", "; lists of numbers (a row's arguments) by
    one, split at its "], [" and given as their insides (True)."""
    kinds = set(map(type, column))
    if kinds <= _NUMBERS:
        return False, _compact(column)[1:-1].split(", ") if column else []
    if kinds == {str}:
        return False, list(map(_string, column))
    if kinds and kinds <= {list, tuple}:  # "[[1, 2], [3], []]": the lists' "1, 2", "3", ""
        insides = _compact(column)[2:-2].split("], [")
        if len(insides) == len(column):  # else "], [" is inside one of them
            return True, insides
    return False, list(map(_compact, column))


def render_json(data: dict[str, Any]) -> str:
    return write(data)
