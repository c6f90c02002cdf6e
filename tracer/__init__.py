"""tracer: automatic differentiation that shows its work.

A formula or small program becomes an evaluation trace (a Wengert list); forward mode fills
its tangent column, reverse mode its adjoint column; every row shows its rule and the numbers
substituted into it, as the lecture tables do.
"""

__version__ = "0.1.0"
