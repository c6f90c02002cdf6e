"""The JSON writer: a run's data (``tracer.views.data``) as strict JSON.

Strict: no NaN or Infinity (the data view has made them null), UTF-8 as it is. Every top-level
key is on its own line, and a long list (or a list of objects) has one item per line, each
written by the C encoder: a 10^5-row trace writes in about the time it took to compute, and
still reads line by line.
"""

from __future__ import annotations

import json
from typing import Any

from tracer.render.base import Settings

_compact = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode
LONG = 8  # a list longer than this (or of objects) gets a line per item


def write(data: dict[str, Any], settings: Settings | None = None, fmt: str = "json") -> str:
    lines = ["{"]
    last = len(data) - 1
    for k, (key, value) in enumerate(data.items()):
        comma = "," if k < last else ""
        head = f"  {_compact(key)}: "
        if isinstance(value, list) and (len(value) > LONG or (
                len(value) > 1 and isinstance(value[0], (dict, list)))):
            items = ",\n    ".join(_compact(item) for item in value)
            lines.append(f"{head}[\n    {items}\n  ]{comma}")
        else:
            lines.append(f"{head}{_compact(value)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_json(data: dict[str, Any]) -> str:
    return write(data)
