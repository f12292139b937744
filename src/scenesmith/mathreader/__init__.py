"""The one safe math reader: LaTeX, Unicode and words in, unevaluated and size-checked SymPy out.

Used by the solution kind, the explainer's parameters and the storyboard. Nothing here
evaluates what it reads; `size.check_size` bounds every tree before anyone does.
"""

from scenesmith.mathreader.parse import FUNCTIONS, MathReadError, Relation, parse_latex, parse_plain, parse_span, symbol
from scenesmith.mathreader.reading import MAX_PROMPT_CHARS, MathItem, PromptRejected, Reading, read
from scenesmith.mathreader.size import MAX_DEGREE, MAX_DIGITS, TooBig, check_size

__all__ = [
    "FUNCTIONS", "MAX_DEGREE", "MAX_DIGITS", "MAX_PROMPT_CHARS", "MathItem", "MathReadError", "PromptRejected",
    "Reading", "Relation", "TooBig", "check_size", "parse_latex", "parse_plain", "parse_span", "read", "symbol",
]
