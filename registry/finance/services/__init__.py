"""Writes of money: they flush, record the audit diff and raise Refused; never commit."""
