"""The yearly participation report: figures, narrative, web page, PDF and data bundle."""
