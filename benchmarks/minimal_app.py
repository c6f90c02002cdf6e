"""The yardstick for tracer's start-up: a minimal typer app printing a 7-row rich table."""

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False)


@app.command()
def main(x1: float = 3.0, x2: float = -4.0) -> None:
    table = Table("Forward Primal Trace", "Output")
    for k in range(7):
        table.add_row(f"v_{k - 1} = x{k}", f"{x1 * k + x2:g}")
    Console().print(table)


if __name__ == "__main__":
    app()
