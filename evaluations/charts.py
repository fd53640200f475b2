"""Server-rendered SVG bar charts. Geometry is computed here and drawn by
evaluations/_bar_chart.html with presentation attributes and CSS classes: no
style attributes, no script, so the strict Content-Security-Policy holds."""

from dataclasses import dataclass

from evaluations.reports import Bar

ROW_HEIGHT = 28
LABEL_WIDTH = 180
BAR_AREA = 300
COUNT_WIDTH = 70


@dataclass(frozen=True)
class DrawnBar:
    label: str
    count: int
    percent: int
    y: int
    text_y: int
    width: int
    count_x: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bars: list[DrawnBar]


def bar_chart(bars: list[Bar]) -> Chart:
    """Horizontal bars, one row per answer, as long as its share of the answers."""
    drawn = [
        DrawnBar(
            label=bar.label if len(bar.label) <= 28 else bar.label[:27] + "…",
            count=bar.count,
            percent=bar.percent,
            y=index * ROW_HEIGHT + 4,
            text_y=index * ROW_HEIGHT + 19,
            width=max(round(BAR_AREA * bar.percent / 100), 1 if bar.count else 0),
            count_x=LABEL_WIDTH + max(round(BAR_AREA * bar.percent / 100), 0) + 6,
        )
        for index, bar in enumerate(bars)
    ]
    return Chart(
        width=LABEL_WIDTH + BAR_AREA + COUNT_WIDTH,
        height=len(bars) * ROW_HEIGHT + 4,
        label_width=LABEL_WIDTH,
        bars=drawn,
    )
