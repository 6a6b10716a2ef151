"""Models of the programme app."""
