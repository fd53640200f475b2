"""Server-rendered SVG charts for the organiser pages.

The SVG is built from data with every label escaped (format_html), and styled
by classes from registrations/static/registrations/insight.css and presentation
attributes only: no style attribute, no script, so it passes the strict CSP
inline in the page.
"""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

ROW_HEIGHT = 28
BAR_HEIGHT = 18
LABEL_WIDTH = 230
BAR_AREA = 330
VALUE_WIDTH = 60
WIDTH = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
LABEL_CHARACTERS = 34


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def _row(index: int, label: str, value: int, largest: int) -> SafeString:
    top = index * ROW_HEIGHT
    baseline = top + ROW_HEIGHT // 2 + 5
    width = round(BAR_AREA * value / largest)
    return format_html(
        '<g class="chart-row"><title>{}: {}</title>'
        '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" fill="#0b5c7a"></rect>'
        '<text class="chart-value" x="{}" y="{}">{}</text></g>',
        label,
        value,
        LABEL_WIDTH - 8,
        baseline,
        _short(label),
        LABEL_WIDTH,
        top + (ROW_HEIGHT - BAR_HEIGHT) // 2,
        width,
        BAR_HEIGHT,
        LABEL_WIDTH + width + 6,
        baseline,
        value,
    )


def bar_chart(bars: Sequence[tuple[str, int]], *, chart_id: str, title: str) -> SafeString:
    """A horizontal bar chart: one bar per (label, value), scaled to the largest value.

    Long labels are shortened on screen and kept whole in each row's <title>;
    `title` names the chart for screen readers (aria-labelledby)."""
    largest = max((value for _label, value in bars), default=0) or 1
    rows = format_html_join(
        "", "{}", ((_row(index, label, value, largest),) for index, (label, value) in enumerate(bars))
    )
    height = ROW_HEIGHT * max(len(bars), 1)
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
        rows,
    )
