"""A person's browser over plain HTTP, as behind the TLS-terminating proxy: keeps
the session and CSRF cookies, follows no redirects, and fills in HTML forms as
they are served (with their CSRF token)."""

import http.client
from html.parser import HTMLParser
from urllib.parse import urlencode

from tests.faults.harness import Answer


class FormFields(HTMLParser):
    """The fields a browser would submit from the form posted to `action`:
    inputs (ticked checkboxes and radios only), selected options, textareas."""

    def __init__(self, action: str):
        super().__init__()
        self.action = action
        self.inside = False
        self.found = False
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("action", "") in {self.action, ""} and not self.found
            self.found = self.found or self.inside
        elif not self.inside:
            return
        elif tag == "option":
            if self._select and ("selected" in attributes or self._select not in self.fields):
                self.fields[self._select] = attributes.get("value", "")
        elif "name" not in attributes or "disabled" in attributes:
            return
        elif tag == "input":
            kind = attributes.get("type", "text")
            if kind not in {"checkbox", "radio"} or "checked" in attributes:
                self.fields[attributes["name"]] = attributes.get("value") or (
                    "on" if kind == "checkbox" else ""
                )
        elif tag == "select":
            self._select = attributes["name"]
        elif tag == "textarea":
            self._textarea = attributes["name"]
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


class Session:
    """One visitor of one gunicorn: cookies kept across requests."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, form: dict | None = None) -> Answer:
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "en",
            "Referer": f"https://127.0.0.1{path}",
            "Origin": "https://127.0.0.1",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie, _, _attributes = value.partition(";")
                    key, _, cookie_value = cookie.partition("=")
                    self.cookies[key.strip()] = cookie_value.strip()
            return Answer(
                response.status,
                {key.lower(): value for key, value in response.getheaders()},
                response.read().decode("utf-8", errors="replace"),
            )
        finally:
            connection.close()

    def submit(self, path: str, changes: dict[str, str]) -> Answer:
        """GET the page at `path`, fill in its form posted to `path` with `changes`, POST it."""
        page = self.request("GET", path)
        assert page.status == 200, f"GET {path}: {page.status}"
        parser = FormFields(path)
        parser.feed(page.body)
        assert parser.found, f"no form posted to {path} on the page"
        assert "csrfmiddlewaretoken" in parser.fields, "the form has no CSRF token"
        return self.request("POST", path, form={**parser.fields, **changes})
