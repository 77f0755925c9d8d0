"""Writes of money: they flush, record the audit diff and raise FinanceError; never commit."""

from registry.finance.services.errors import FinanceError

__all__ = ["FinanceError"]
