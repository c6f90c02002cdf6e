"""tracer: automatic differentiation that shows its work.

A formula or small program becomes an evaluation trace (a Wengert list); forward mode fills
its tangent column, reverse mode its adjoint column; every row shows its rule and the numbers
substituted into it, as the lecture tables do.

    import tracer
    t = tracer.trace("x1*x2 + x2 - log(x1)", at={"x1": 3, "x2": -4})
    t.reverse().gradient        # {'x1': -4.333…, 'x2': 4.0}

``trace``, ``Formula``, ``Result`` and ``TracerError`` are loaded on first use, so that the
command line starts without them.
"""

from typing import Any

__version__ = "0.1.0"

__all__ = ["Formula", "Result", "TracerError", "TracerWarning", "__version__", "grade",
           "graph", "plot", "swell", "trace"]


def __getattr__(name: str) -> Any:
    if name in ("trace", "graph", "plot", "swell", "grade", "Formula", "Result"):
        from tracer import api

        return getattr(api, name)
    if name in ("TracerError", "TracerWarning"):
        from tracer import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'tracer' has no attribute {name!r}")
