"""The step engine: states, rules, the best-first search and the check every step passes."""
