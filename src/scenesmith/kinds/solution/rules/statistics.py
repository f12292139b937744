"""Rules: statistics. None of its own: the statistics task orders the data and sets up sum/count, the middle values or
largest - smallest; the number work is done one operation at a time by the functions family (rules/functions.py)."""
