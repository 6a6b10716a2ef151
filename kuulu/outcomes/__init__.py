"""The impact trail: what came of what residents and customers said."""
