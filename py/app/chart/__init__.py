"""The page's charts, drawn as SVG strings: the axes they share, and each chart.

:mod:`app.chart.axes` holds the canvas, the scales and the frame (ticks, grid, axis
titles); :mod:`app.chart.payoff` draws a position's profit against the exit price,
:mod:`app.chart.account` a cross-margin account's equity against a common move.

Pure Python with no browser imports: the page inserts the returned markup. Colours come
from CSS classes alone (styled in static/app.css), so a chart follows the light and dark
themes; no script, event attribute, inline style or external reference is emitted.

A drawing is 400 x 280 viewBox units and scales to its container's width. A 360 px
phone leaves the card about 296 px, so 14-unit text renders at about 10.4 px there and
at 14 px or more in a desktop card. A chart in a full-width card also draws a
``wide=True`` copy: 800 x 300 units, so its text stays about as large as in a narrow card
instead of doubling. That copy carries the class ``pc-chart--wide``; the stylesheet shows
it instead of the narrow one only where the card is wide enough for its text (on a phone
it would shrink to a few pixels).
"""
