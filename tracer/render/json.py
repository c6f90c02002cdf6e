"""The JSON writer: a run's data (``tracer.views.data``) as strict JSON.

Strict: no NaN or Infinity (the data view has made them null), UTF-8 as it is. Every top-level
key is on its own line, and a long list (or a list of objects) has one item per line, each
written by the C encoder: a 10^5-row trace writes in about the time it took to compute, and
still reads line by line.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import chain, islice
from typing import Any

from tracer.render.base import Settings


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
LONG = 8  # a list longer than this (or of objects) gets a line per item


def write(data: dict[str, Any], settings: Settings | None = None, fmt: str = "json") -> str:
    """The text, in one join: every piece is made once and copied once (the rows may come as
    an iterator, each encoded as it comes and then let go)."""
    parts = ["{\n"]
    last = len(data) - 1
    for k, (key, value) in enumerate(data.items()):
        parts += ("  ", _compact(key), ": ")
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


def render_json(data: dict[str, Any]) -> str:
    return write(data)
