"""The named rewrite rules, one module per family. Importing this package registers them all (see steps.search.rule)."""

from scenesmith.kinds.solution.rules import (  # noqa: F401
    arithmetic,
    algebra,
    linear,
    polynomial,
    rational,
    radical,
    absolute,
    exponential,
    inequalities,
    systems,
    derivatives,
    integrals,
    limits,
    functions,
    sequences,
    statistics,
)
