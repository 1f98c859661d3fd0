"""The reference page: one input, one output, output = 2 × input, computed in Python."""

from pyodide.ffi import create_proxy
from pyscript import document

field = document.getElementById("x")
out = document.getElementById("out")


def update(event: object = None) -> None:
    try:
        out.textContent = f"{float(field.value) * 2:g}"
    except ValueError:
        out.textContent = "?"


update()
field.addEventListener("input", create_proxy(update))
document.documentElement.setAttribute("data-py-ready", "true")
