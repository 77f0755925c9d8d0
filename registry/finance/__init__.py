"""Money: invoices, police reimbursement claims and budget, per municipality."""
