"""The refusal every procurement rule raises: a Swedish message and the field it concerns."""


class ProcurementError(ValueError):
    """A procurement action was refused; `field` names the form field (None: the whole form)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field
