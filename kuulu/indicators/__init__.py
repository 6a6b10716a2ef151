"""Participation indicators computed live from every module, and manual indicators."""
