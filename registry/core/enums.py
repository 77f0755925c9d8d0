"""Coded values that carry their Swedish labels (after indico's TitledEnum).

A member is declared with its stored value and its label, `ACTIVE = "active", "Aktiv"`;
the stored value is unchanged (the database, CHECK constraints and API see "active"),
the page asks the value for its label: `member.label`, `Kind.label_of("active")`, in a
template `value | label(Kind)`, in a form `SelectField(choices=Kind.choices())`.
`tests/core/test_enums.py` checks that every member of every labelled enum has a label.
"""

from enum import IntEnum, StrEnum

NO_VALUE = "–"


class _Labels:
    """What a labelled enum offers besides its members' `label`."""

    @classmethod
    def label_of(cls, value, default=NO_VALUE):
        """Return the label of a stored value; `default` for None, the value when unknown."""
        if value is None or value == "":
            return default
        try:
            return cls(value).label
        except ValueError:
            return str(value)

    @classmethod
    def has(cls, value):
        """Return True when `value` is one of the stored values (e.g. a query argument)."""
        return value in cls._value2member_map_

    @classmethod
    def choices(cls, blank=None, exclude=()):
        """Return (value, label) pairs for a select field; `blank` adds an empty first one."""
        pairs = [(str(member.value), member.label) for member in cls if member not in exclude]
        return [("", blank), *pairs] if blank is not None else pairs

    @classmethod
    def labels(cls):
        """Return every label in declaration order (e.g. a report's column headings)."""
        return [member.label for member in cls]


class LabelledEnum(_Labels, StrEnum):
    """A text-coded value with a Swedish label: `MEMBER = "value", "Etikett"`."""

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class LabelledIntEnum(_Labels, IntEnum):
    """A number-coded value with a Swedish label: `MEMBER = 2, "Etikett"`."""

    def __new__(cls, value, label):
        member = int.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


def labelled_enums():
    """Return every labelled enum class defined so far (for tests and checks)."""
    found, todo = [], [LabelledEnum, LabelledIntEnum]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found
