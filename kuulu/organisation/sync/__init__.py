"""HR and organisation sync: units and staff from the HR system's files (CSV or JSON).

parse.py reads files into rows (pure), diff.py compares rows with a snapshot of the database
and plans the changes (pure), apply.py writes a plan under a lock in one transaction,
selectors.py builds the snapshot, messages.py words the problems in the user's language.
"""
