"""Places: a person's country, and the crisis lines, abuse lines and emergency
numbers of every country. Features depend on it; it depends on no feature."""
