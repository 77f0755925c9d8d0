"""The application log: one line per record, no e-mail address or personnummer in it.

The registry's own log calls name ids, counts and error types only. This formatter is the
second line of defence, for text that reaches the log through a library or an exception
message: line breaks are escaped, so nobody can forge a log entry by typing one into a form
(log injection), and e-mail addresses and personnummer are masked.
"""

import logging
import re

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"

EMAIL = re.compile(r"[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[A-Za-z]{2,}")
PERSONNUMMER = re.compile(r"(?<!\d)(\d{2})?\d{6}[-+]?\d{4}(?!\d)")
_BREAKS = str.maketrans({"\r": "\\r", "\n": "\\n", "\x0b": "\\v", "\x0c": "\\f",
                         "\x85": "\\x85", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def scrub(text):
    """Return `text` on one line, with e-mail addresses and personnummer masked."""
    text = EMAIL.sub("<e-post>", text)
    text = PERSONNUMMER.sub("<personnummer>", text)
    return text.translate(_BREAKS)


class SafeFormatter(logging.Formatter):
    """Format a record, traceback included, as one scrubbed line."""

    def format(self, record):
        return scrub(super().format(record))


def configure_logging(level=logging.INFO):
    """Send the root log through SafeFormatter: its handlers, or one to stderr if it has none."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    for handler in root.handlers:
        if not isinstance(handler.formatter, SafeFormatter):
            handler.setFormatter(SafeFormatter(FORMAT))
    root.setLevel(level)
