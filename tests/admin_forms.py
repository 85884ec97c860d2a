"""Read an admin add or change form the way a browser would submit it, so a test changes only what it means to."""

from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str | list[str]] = {}
        self.in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id", "").endswith("_form"):
            self.in_form = True
        if not self.in_form or "name" not in a or "__prefix__" in a["name"]:
            if tag == "option" and self._select and "selected" in a:
                current = self.data.get(self._select)
                if isinstance(current, list):
                    current.append(a.get("value", ""))
                else:
                    self.data[self._select] = a.get("value", "")
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[name] = a.get("value", "on")
                return
            self.data[name] = a.get("value", "")
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, [] if "multiple" in a else "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            before = str(self.data[self._textarea])
            self.data[self._textarea] = before + (data if before else data.removeprefix("\n"))


def admin_form(client, url: str) -> dict[str, str | list[str]]:
    """The fields of the admin form at `url` with their current values (GET as the signed-in user)."""
    page = client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    parser = _Form()
    parser.feed(page.content.decode())
    return parser.data
