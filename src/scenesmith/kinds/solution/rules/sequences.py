"""Rules: sequences. None of its own: the sequences task sets up a_1 + (n - 1)d, a_1 r^(n - 1) or the sum formula and
the number work is done one operation at a time by the functions family (rules/functions.py)."""
