"""Server-rendered SVG bar charts. Geometry is computed here and drawn by
evaluations/_bar_chart.html with presentation attributes and CSS classes: no
style attributes, no script, so the strict Content-Security-Policy holds."""

from dataclasses import dataclass

from evaluations.reports import Bar
from registrations.charts import label_lines

ROW_HEIGHT = 28  # the least height of a row
LINE_HEIGHT = 15  # of a label's lines
BAR_HEIGHT = 20
LABEL_WIDTH = 230  # the most a label area takes: long labels wrap within it
# A label area only as wide as its longest line needs (a scale's "1" to "5" need
# little), so that on a phone the bars and counts fit beside short labels. Wide
# enough per character for 13px capitals in Latin and Greek; the room before the bar.
CHARACTER_WIDTH = 9
LABEL_GAP = 16
BAR_AREA = 300
COUNT_WIDTH = 90


@dataclass(frozen=True)
class DrawnBar:
    label: str
    lines: list[tuple[int, str]]  # (baseline, text): the label wrapped, never cut short
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
    """Horizontal bars, one row per answer, as long as its share of the answers;
    long labels wrap over several lines (registrations.charts.label_lines) and
    their row grows to hold them; short labels leave their room to the bars."""
    wrapped = [label_lines(bar.label) for bar in bars]
    longest = max((len(line) for lines in wrapped for line in lines), default=0)
    label_width = min(LABEL_WIDTH, LABEL_GAP + CHARACTER_WIDTH * longest)
    drawn, top = [], 0
    for bar, lines in zip(bars, wrapped, strict=True):
        height = max(ROW_HEIGHT, len(lines) * LINE_HEIGHT + 10)
        middle = top + height // 2
        first_baseline = middle - (len(lines) - 1) * LINE_HEIGHT // 2 + 5
        drawn.append(
            DrawnBar(
                label=bar.label,
                lines=[(first_baseline + number * LINE_HEIGHT, line) for number, line in enumerate(lines)],
                count=bar.count,
                percent=bar.percent,
                y=middle - BAR_HEIGHT // 2,
                text_y=middle + 5,
                width=max(round(BAR_AREA * bar.percent / 100), 1 if bar.count else 0),
                count_x=label_width + max(round(BAR_AREA * bar.percent / 100), 0) + 6,
            )
        )
        top += height
    return Chart(
        width=label_width + BAR_AREA + COUNT_WIDTH,
        height=top + 4,
        label_width=label_width,
        bars=drawn,
    )
