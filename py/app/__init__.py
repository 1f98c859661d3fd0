"""The page's Python: pure presentation (calculators, format) and the DOM wiring (dom)."""
