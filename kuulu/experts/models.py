"""Experience-expert bank."""
