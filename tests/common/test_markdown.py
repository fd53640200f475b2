"""User-written Markdown: sanitised on every path, and converted once per text per process."""

import markdown as markdown_lib

from common.markdown import render_markdown


def test_script_links_and_attributes_do_not_survive():
    html = render_markdown(
        '# Title\n\n<script>alert(1)</script> [x](javascript:alert(1)) <b onclick="x()">bold</b>'
    )
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onclick" not in html
    assert "<b>bold</b>" in html


def test_links_get_rel_and_tables_stay():
    html = render_markdown("[site](https://victor.example)\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<table>" in html
    assert "<td>1</td>" in html


def test_the_same_text_is_converted_once(monkeypatch):
    conversions = []
    convert = markdown_lib.markdown

    def counting_markdown(text, **kwargs):
        conversions.append(text)
        return convert(text, **kwargs)

    monkeypatch.setattr(markdown_lib, "markdown", counting_markdown)
    text = "A release body seen by the feed, the API and the page: *unique 7f3a*."
    first = render_markdown(text)
    second = render_markdown(text)
    assert (
        first
        == second
        == "<p>A release body seen by the feed, the API and the page: <em>unique 7f3a</em>.</p>"
    )
    assert conversions == [text]
    assert render_markdown(None) == ""
