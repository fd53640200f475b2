"""Markdown for user-written rich text, sanitised with nh3 so it can never carry script."""

import functools
import re
from html.parser import HTMLParser

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> SafeString:
    """HTML from Markdown; only harmless tags, attributes and link schemes survive."""
    return mark_safe(_sanitised_html(text or ""))  # noqa: S308 - sanitised by nh3


@functools.lru_cache(maxsize=512)
def _sanitised_html(text: str) -> str:
    """The rendering is a pure function of the text, so each process converts a text
    once: feeds and API lists show the same releases and descriptions again and again
    (about 1 ms each for a press release)."""
    html = markdown_lib.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


# Tags that start a block of their own in the text; a list item starts a line.
_BLOCK_TAGS = {"p", "h2", "h3", "h4", "blockquote", "pre", "table", "tr", "ul", "ol", "hr"}


class _TextWriter(HTMLParser):
    """Sanitised HTML as plain text: blocks separated by a blank line, list items
    as "- ", a link as its text followed by its address, every tag dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href, start = self.links.pop()
            if href and href != "".join(self.parts[start:]).strip():
                self.parts.append(f" ({href})")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data if data.strip() else " ")  # whitespace between tags is a space

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


@functools.lru_cache(maxsize=512)
def markdown_as_text(text: str) -> str:
    """The Markdown as the reader would read it rendered, in plain text (calendar
    descriptions, text emails): rendered and sanitised like render_markdown, then
    every tag dropped, so no markup and nothing active remains."""
    writer = _TextWriter()
    writer.feed(_sanitised_html(text or ""))
    writer.close()
    return writer.text()
