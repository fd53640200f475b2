"""Server-rendered SVG bar charts: horizontal bars, one row per label, long labels
wrapped over several lines (never cut short) and their row grown to hold them.

`bar_layout` computes the geometry; `bar_chart` draws it as SVG, and a template
may draw it too. Every label is escaped (format_html or the template), and the
SVG is styled by CSS classes and presentation attributes only: no style
attribute, no script, so the strict Content-Security-Policy holds."""

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

ROW_HEIGHT = 28  # the least height of a row
LINE_HEIGHT = 15  # of a label's lines
LABEL_WIDTH = 230  # the most a label area takes: long labels wrap within it
LABEL_CHARACTERS = 30  # per line of the label area
# A fitted label area is only as wide as its longest line needs, wide enough per
# character for 13px capitals in Latin and Greek, plus the room before the bar.
CHARACTER_WIDTH = 9
LABEL_GAP = 16


@dataclass(frozen=True)
class Bar:
    label: str
    value: int  # the number shown beside the bar
    length: int  # the bar's length, out of the chart's scale
    percent: int | None = None  # shown after the value, when the chart shows shares


@dataclass(frozen=True)
class Size:
    bar_height: int
    bar_area: int  # the width of a bar as long as the scale
    value_width: int  # the room after the bars for the values
    fit_labels: bool = False  # a label area only as wide as its longest line needs
    least_bar: int = 0  # the least width of a bar of a value other than 0
    bottom: int = 0  # room under the last row
    least_height: int = 0  # of the whole chart, even without bars


@dataclass(frozen=True)
class DrawnBar:
    label: str
    value: int
    percent: int | None
    lines: list[tuple[int, str]]  # (baseline, text): the label wrapped
    y: int
    text_y: int
    width: int
    value_x: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[DrawnBar]


def label_lines(label: str) -> list[str]:
    """The label in lines that fit the label area: wrapped at spaces, never cut short."""
    return textwrap.wrap(label, LABEL_CHARACTERS, break_on_hyphens=False) or [""]


def bar_layout(bars: Sequence[Bar], *, scale: int, size: Size) -> Chart:
    """The geometry of the chart: each bar `length / scale` of the bar area long."""
    wrapped = [label_lines(bar.label) for bar in bars]
    label_width = LABEL_WIDTH
    if size.fit_labels:
        longest = max((len(line) for lines in wrapped for line in lines), default=0)
        label_width = min(LABEL_WIDTH, LABEL_GAP + CHARACTER_WIDTH * longest)
    drawn, top = [], 0
    for bar, lines in zip(bars, wrapped, strict=True):
        height = max(ROW_HEIGHT, len(lines) * LINE_HEIGHT + 10)
        middle = top + height // 2
        first_baseline = middle - (len(lines) - 1) * LINE_HEIGHT // 2 + 5
        width = round(size.bar_area * bar.length / scale)
        drawn.append(
            DrawnBar(
                label=bar.label,
                value=bar.value,
                percent=bar.percent,
                lines=[(first_baseline + number * LINE_HEIGHT, line) for number, line in enumerate(lines)],
                y=middle - size.bar_height // 2,
                text_y=middle + 5,
                width=max(width, size.least_bar if bar.value else 0),
                value_x=label_width + width + 6,
            )
        )
        top += height
    return Chart(
        width=label_width + size.bar_area + size.value_width,
        height=max(top + size.bottom, size.least_height),
        label_width=label_width,
        bar_height=size.bar_height,
        bars=drawn,
    )


COUNTS = Size(bar_height=18, bar_area=330, value_width=60, least_height=ROW_HEIGHT)


def bar_chart(bars: Sequence[tuple[str, int]], *, chart_id: str, title: str) -> SafeString:
    """Counts as an SVG bar chart: one bar per (label, value), scaled to the largest
    value; `title` names the chart for screen readers (aria-labelledby)."""
    largest = max((value for _label, value in bars), default=0) or 1
    chart = bar_layout([Bar(label, value, value) for label, value in bars], scale=largest, size=COUNTS)
    rows = format_html_join(
        "",
        '<g class="chart-row"><title>{}: {}</title>'
        '<text class="chart-label" text-anchor="end">{}</text>'
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}" fill="#0b5c7a"></rect>'
        '<text class="chart-value" x="{}" y="{}">{}</text></g>',
        (
            (
                bar.label,
                bar.value,
                format_html_join(
                    "",
                    '<tspan x="{}" y="{}">{}</tspan>',
                    ((chart.label_width - 8, baseline, line) for baseline, line in bar.lines),
                ),
                chart.label_width,
                bar.y,
                bar.width,
                chart.bar_height,
                bar.value_x,
                bar.text_y,
                bar.value,
            )
            for bar in chart.bars
        ),
    )
    return format_html(
        '<svg class="bar-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}"'
        ' role="img" aria-labelledby="{}-title"><title id="{}-title">{}</title>{}</svg>',
        chart.width,
        chart.height,
        chart.width,
        chart.height,
        chart_id,
        chart_id,
        title,
        rows,
    )


SHARES = Size(bar_height=20, bar_area=300, value_width=90, fit_labels=True, least_bar=1, bottom=4)


def share_chart(bars: Sequence[tuple[str, int, int]]) -> Chart:
    """Shares of a whole: one bar per (label, count, percent), as long as its percent;
    a bar of any count shows, and short labels leave their room to the bars."""
    return bar_layout(
        [Bar(label, count, percent, percent) for label, count, percent in bars], scale=100, size=SHARES
    )
