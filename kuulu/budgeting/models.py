"""Participatory budgeting: processes, proposals, plans, budgets, ballots, results."""
