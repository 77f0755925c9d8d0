"""Read the POST forms of a rendered page: their action and every field a browser would send."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str  # text, hidden, checkbox, radio, select, textarea, number, date, file, button ...
    value: str = ""
    options: list = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str
    fields: dict = field(default_factory=dict)
    multipart: bool = False

    def add(self, item):
        known = self.fields.get(item.name)
        if known and item.kind in ("radio", "checkbox"):
            known.options.append(item.value)
            known.multiple = known.multiple or item.kind == "checkbox"
            return
        if item.kind in ("radio", "checkbox"):
            item.options = [item.value]
        self.fields[item.name] = item


class _FormParser(HTMLParser):
    def __init__(self, page_path):
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms, self.links = [], []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "a" and attrs.get("href"):
            self.links.append(_path(self.page_path, attrs["href"]))
        elif tag == "form" and attrs.get("method", "get").lower() == "post":
            action = _path(self.page_path, attrs.get("action") or self.page_path)
            self._form = Form(action, multipart="multipart" in attrs.get("enctype", ""))
            self.forms.append(self._form)
        elif self._form is not None:
            self._field(tag, attrs)

    def _field(self, tag, attrs):
        name = attrs.get("name")
        if tag == "input" and name:
            self._form.add(Field(name, attrs.get("type", "text").lower(), attrs.get("value", "")))
        elif tag == "button" and name:
            self._form.add(Field(name, "button", attrs.get("value", "")))
        elif tag == "select" and name:
            self._select = Field(name, "select", multiple="multiple" in attrs)
            self._form.add(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select.value = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea")
            self._form.add(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _path(page_path, href):
    """Return the path (and query) of a link, relative links resolved against the page."""
    parts = urlsplit(urljoin("http://localhost" + page_path, href))
    return parts.path + (f"?{parts.query}" if parts.query else "")


def parse(page_path, html):
    """Return (post forms, link paths) of a page."""
    parser = _FormParser(page_path)
    parser.feed(html)
    return parser.forms, parser.links
