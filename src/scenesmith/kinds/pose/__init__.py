"""The pose kind: stick-figure animations built from a library of verified poses."""
