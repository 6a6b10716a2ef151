"""Emerging topics in recent feedback: near-duplicates and clusters across fi/sv/en.

`clustering` is pure computation (no Django); `services` computes and stores snapshots on the
task worker; `selectors` reads them for the staff view.
"""
