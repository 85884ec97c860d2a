"""French typography in translated text: a narrow no-break space (U+202F) before ; : ! ? and inside « », as
French print sets them, so that the mark never starts a line on a narrow phone.

Pure text functions, used by `bin/french-typography` on the French catalogue's msgstr and by its test. What is
not prose is left alone: placeholders (%(name)s, %s, {name}, {{ name }}), URLs and paths, HTML tags and entities
(&amp;), times and ratios (12:30, 3:1), and marks that follow an opening bracket or another mark ("(?)", "?!").
"""

import re

NNBSP = "\u202f"
SPACES = " \u00a0"  # an ordinary space and the wide no-break space: both become the narrow one
MARKS = ";:!?"

_PROTECTED = re.compile(
    r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-z]"  # %(name)s, %(n).1f
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifr]"  # %s, %d
    r"|\{\{.*?\}\}|\{%.*?%\}|\{[\w.]*\}"  # {{ name }}, {% tag %}, {name}
    r"|<code>.*?</code>|<pre>.*?</pre>"  # code, as it is typed
    r"|<[^<>]*>"  # an HTML tag and its attributes
    r"|&#?\w+;"  # an entity
    r"|\b[a-z][a-z0-9+.-]*://\S*|\bmailto:\S*"  # URLs
    r"|\S*[/=@]\S*"  # paths, query strings, addresses: a word with / = or @ in it is not prose
    r"|\d+:\d+"  # times and ratios
)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Where the text is not prose (placeholders, URLs, tags, entities, times), as (start, end) pairs."""
    return [m.span() for m in _PROTECTED.finditer(text)]


def edits(text: str) -> list[tuple[int, int, str]]:
    """The changes French typography asks of `text`: (position, characters removed, text inserted), in order."""
    spans = protected_spans(text)

    def free(i: int) -> bool:
        return not any(start <= i < end for start, end in spans)

    out: list[tuple[int, int, str]] = []
    for i, c in enumerate(text):
        if not free(i):
            continue
        if c in MARKS or c == "»":
            if i == 0:
                continue  # the text before it is elsewhere
            before = text[i - 1]
            if before in SPACES:
                if i >= 2 and text[i - 2] not in SPACES and not (text[i - 2] == "n" and text[i - 3 : i - 1] == "\\n"):
                    out.append((i - 1, 1, NNBSP))
            elif before == NNBSP or before in MARKS or before in "([«\"'" or text[max(0, i - 2) : i] == "\\n":
                continue
            else:
                out.append((i, 0, NNBSP))
        elif c == "«" and i + 1 < len(text):
            after = text[i + 1]
            if after in SPACES:
                out.append((i + 1, 1, NNBSP))
            elif after != NNBSP:
                out.append((i + 1, 0, NNBSP))
    return out


def apply(text: str, changes: list[tuple[int, int, str]]) -> str:
    for position, removed, inserted in reversed(changes):
        text = text[:position] + inserted + text[position + removed :]
    return text


def french(text: str) -> str:
    """`text` with French spacing around ; : ! ? « »."""
    return apply(text, edits(text))
