"""The one refusal every rule raises and every page and API answer shows the same way."""


class Refused(ValueError):
    """A refused action: a Swedish message safe to show and the form field it concerns.

    `field` None means the whole form. A refusal may carry further (field, message)
    problems (`Refused.of`); `problems` lists them all, the first one being its own.
    Areas subclass it only where the kind of refusal changes the answer (RecordLocked).
    """

    def __init__(self, message, field=None, *, more=()):
        super().__init__(message)
        self.message = message
        self.field = field
        self.problems = [(field, message), *more]

    @classmethod
    def of(cls, problems):
        """Return one refusal carrying every (field, message) problem, in order."""
        (field, message), *more = problems
        return cls(message, field, more=more)

    def __str__(self):
        return self.message
