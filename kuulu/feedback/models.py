"""Customer feedback, formal complaints and initiatives."""
