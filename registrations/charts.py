"""Server-rendered SVG charts for the organiser pages.

The SVG is built from data with every label escaped (format_html), and styled
by classes from registrations/static/registrations/insight.css and presentation
attributes only: no style attribute, no script, so it passes the strict CSP
inline in the page.
"""

import textwrap
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

ROW_HEIGHT = 28  # the least height of a row
BAR_HEIGHT = 18
LINE_HEIGHT = 15  # of a label's lines
LABEL_WIDTH = 230
BAR_AREA = 330
VALUE_WIDTH = 60
WIDTH = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
LABEL_CHARACTERS = 30  # per line of the label area


def label_lines(label: str) -> list[str]:
    """The label in lines that fit the label area: wrapped at spaces, never cut short."""
    return textwrap.wrap(label, LABEL_CHARACTERS, break_on_hyphens=False) or [""]


def _row_height(lines: list[str]) -> int:
    return max(ROW_HEIGHT, len(lines) * LINE_HEIGHT + 10)


def _row(top: int, label: str, value: int, largest: int) -> SafeString:
    lines = label_lines(label)
    height = _row_height(lines)
    middle = top + height // 2
    first_baseline = middle - (len(lines) - 1) * LINE_HEIGHT // 2 + 5
    width = round(BAR_AREA * value / largest)
    tspans = format_html_join(
        "",
        '<tspan x="{}" y="{}">{}</tspan>',
        ((LABEL_WIDTH - 8, first_baseline + number * LINE_HEIGHT, line) for number, line in enumerate(lines)),
    )
    return format_html(
        '<g class="chart-row"><title>{}: {}</title>'
        '<text class="chart-label" text-anchor="end">{}</text>'
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" fill="#0b5c7a"></rect>'
        '<text class="chart-value" x="{}" y="{}">{}</text></g>',
        label,
        value,
        tspans,
        LABEL_WIDTH,
        middle - BAR_HEIGHT // 2,
        width,
        BAR_HEIGHT,
        LABEL_WIDTH + width + 6,
        middle + 5,
        value,
    )


def bar_chart(bars: Sequence[tuple[str, int]], *, chart_id: str, title: str) -> SafeString:
    """A horizontal bar chart: one bar per (label, value), scaled to the largest value.

    Long labels are wrapped over several lines (the row grows to hold them), never
    shortened; `title` names the chart for screen readers (aria-labelledby)."""
    largest = max((value for _label, value in bars), default=0) or 1
    rows, top = [], 0
    for label, value in bars:
        rows.append(_row(top, label, value, largest))
        top += _row_height(label_lines(label))
    height = top or ROW_HEIGHT
    return format_html(
        '<svg class="bar-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}"'
        ' role="img" aria-labelledby="{}-title"><title id="{}-title">{}</title>{}</svg>',
        WIDTH,
        height,
        WIDTH,
        height,
        chart_id,
        chart_id,
        title,
        format_html_join("", "{}", ((row,) for row in rows)),
    )
