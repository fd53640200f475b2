"""The one chart module: SVG bar charts of counts (dashboard, funder report) and
of shares (evaluation results), labels escaped and wrapped whole, no style attribute."""

from xml.etree import ElementTree

from common.charts import LABEL_CHARACTERS, bar_chart, share_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_bar_chart_escapes_labels_and_scales_bars():
    svg = bar_chart(
        [("<script>alert(1)</script>", 4), ("Police & co", 2), ("Nobody", 0)], chart_id="c", title="T"
    )

    assert "<script>" not in svg
    root = ElementTree.fromstring(svg)  # noqa: S314 (our own output: it must be well-formed XML)
    bars = [int(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert bars[0] == 2 * bars[1] > 0 and bars[2] == 0
    labels = [
        " ".join(text.itertext()) for text in root.iter(f"{SVG}text") if text.get("class") == "chart-label"
    ]
    assert labels == ["<script>alert(1)</script>", "Police & co", "Nobody"]
    assert root.get("aria-labelledby") == "c-title"


def test_bar_chart_wraps_long_labels_whole_and_makes_room_for_them():
    long = "Child-protection and guardianship services in the regions"
    svg = bar_chart([(long, 3), ("Police", 1)], chart_id="c", title="T")

    root = ElementTree.fromstring(svg)  # noqa: S314
    first, _second = (text for text in root.iter(f"{SVG}text") if text.get("class") == "chart-label")
    lines = [tspan.text for tspan in first.iter(f"{SVG}tspan")]
    assert " ".join(lines) == long
    assert len(lines) > 1 and all(len(line) <= LABEL_CHARACTERS for line in lines)
    assert "…" not in svg
    # The second row starts below the first one's lines.
    last_line_y = int(list(first.iter(f"{SVG}tspan"))[-1].get("y"))
    second_bar = list(root.iter(f"{SVG}rect"))[1]
    assert int(second_bar.get("y")) > last_line_y
    assert int(root.get("height")) > 2 * 28


def test_a_share_chart_draws_bars_as_long_as_their_share_and_every_count_visibly():
    chart = share_chart([("Yes", 300, 100), ("No", 1, 0), ("Maybe", 0, 0)])

    assert [bar.width for bar in chart.bars] == [300, 1, 0]
    start = chart.label_width + 6
    assert [bar.value_x for bar in chart.bars] == [start + 300, start, start]
    assert [(bar.value, bar.percent) for bar in chart.bars] == [(300, 100), (1, 0), (0, 0)]
    assert chart.height == 3 * 28 + 4
