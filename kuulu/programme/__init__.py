"""The participation programme: perspectives, goals, measures and their follow-up."""
