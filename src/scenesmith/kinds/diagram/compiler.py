"""Diagram IR → PlantUML source that is valid by construction.

User text only ever appears inside a quoted display name or after a label separator, and it
is cleaned first: one line, no double quotes, no preprocessor calls (`%getenv`), no creole
tags (`<img:…>`), nothing that can close a block. Elements are referred to by generated
aliases made of [a-z0-9_], so a name can never be read as syntax or as a directive.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from scenesmith.kinds.diagram.ir import (
    Action,
    ActivityDiagram,
    Alt,
    ClassDiagram,
    ComponentDiagram,
    Decision,
    Diagram,
    Message,
    Node,
    Relation,
    SequenceDiagram,
    StateDiagram,
    UseCaseDiagram,
)

# Words PlantUML may read as a keyword at the start of a line; an alias never equals one.
_RESERVED = frozenset(
    """
    abstract activate actor alt annotation artifact as autonumber box break class cloud collections
    component control create critical database deactivate destroy detach down else elseif end endif
    endwhile entity enum fork footer frame folder group header hide if interface kill left legend loop
    namespace newpage node note opt package par participant partition queue rectangle ref repeat return
    right show skinparam split start state stop storage title together top up usecase while
    """.split()
)
# Characters that would change meaning inside a line: quotes end a display name, % calls a
# preprocessor function, ! starts a directive, < > open creole tags, braces open and close
# bodies, a backslash escapes. They get look-alikes so the text still reads the same.
_REPLACEMENTS = str.maketrans(
    {'"': "'", "%": "％", "!": "ǃ", "<": "‹", ">": "›", "{": "(", "}": ")", "\\": "/", "`": "'", "|": "/"}
)
_LEADING_JUNK = "@!ǃ'#;:.=-_~+*[]()/ "


def clean_text(text: str, limit: int = 120) -> str:
    """One safe line of display text: control characters become spaces, risky characters are replaced."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    text = " ".join(text.translate(_REPLACEMENTS).split())
    return text.lstrip(_LEADING_JUNK)[:limit].rstrip()


def _clean_condition(text: str) -> str:
    """Decision text sits between parentheses, so its own parentheses become brackets."""
    return clean_text(text).replace("(", "[").replace(")", "]") or "?"


def _label(text: str) -> str:
    cleaned = clean_text(text)
    return f" : {cleaned}" if cleaned else ""


class _Aliases:
    """Gives each name a unique identifier made of [a-z0-9_] that is never a keyword."""

    def __init__(self) -> None:
        self._by_name: dict[str, str] = {}
        self._taken: set[str] = set()

    def add(self, name: str, preferred: str | None = None) -> str:
        base = preferred or _slug(name)
        alias, n = base, 1
        while alias in self._taken:
            n += 1
            alias = f"{base}_{n}"
        self._taken.add(alias)
        self._by_name[name] = alias
        return alias

    def __getitem__(self, name: str) -> str:
        return self._by_name[name]


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:40].rstrip("_")
    if not slug:
        return "e"
    if slug[0].isdigit():
        return f"e_{slug}"
    return f"{slug}_" if slug in _RESERVED else slug


def _header(title: str | None, *skinparams: str) -> list[str]:
    lines = ["@startuml", "skinparam shadowing false", *skinparams]
    if title and clean_text(title):
        lines.append(f"title {clean_text(title)}")
    return lines


def _declare(keyword: str, name: str, alias: str) -> str:
    return f'{keyword} "{clean_text(name, 60) or alias}" as {alias}'


# --- one function per diagram type ---------------------------------------------------------


def _sequence(d: SequenceDiagram) -> list[str]:
    lines = _header(d.title, "skinparam sequenceMessageAlign center")
    aliases = _Aliases()
    for p in d.participants:
        lines.append(_declare(p.role, p.name, aliases.add(p.name)))

    def message(m: Message) -> str:
        arrow = "-->" if m.kind == "return" else "->"
        return f"{aliases[m.source]} {arrow} {aliases[m.target]}{_label(m.label)}"

    for step in d.messages:
        if isinstance(step, Alt):
            for i, branch in enumerate(step.branches):
                keyword = "alt" if i == 0 else "else"
                lines.append(f"{keyword} {clean_text(branch.condition)}".rstrip())
                lines.extend("  " + message(m) for m in branch.messages)
            lines.append("end")
        else:
            lines.append(message(step))
    return lines


def _class_arrow(r: Relation, aliases: _Aliases) -> str:
    left = aliases[r.source]
    right = aliases[r.target]
    if r.kind == "inheritance":
        return f"{right} <|-- {left}"
    head = {"association": "--", "composition": "*--", "aggregation": "o--"}[r.kind]
    source_mult = f' "{r.source_multiplicity}"' if r.source_multiplicity else ""
    target_mult = f'"{r.target_multiplicity}" ' if r.target_multiplicity else ""
    label = clean_text(r.label)
    suffix = f" : {label} >" if label else ""
    return f"{left}{source_mult} {head} {target_mult}{right}{suffix}"


def _member(text: str, method: bool) -> str:
    cleaned = clean_text(text).lstrip("$")
    if method and "(" not in cleaned:
        cleaned += "()"
    return cleaned


def _class(d: ClassDiagram) -> list[str]:
    lines = _header(d.title, "hide empty members")
    aliases = _Aliases()
    for c in d.classes:
        keyword = "abstract class" if c.abstract else "class"
        declaration = _declare(keyword, c.name, aliases.add(c.name))
        members = [_member(a, False) for a in c.attributes] + [_member(m, True) for m in c.methods]
        members = [m for m in members if m]
        if members:
            lines.append(declaration + " {")
            lines.extend(f"  {m}" for m in members)
            lines.append("}")
        else:
            lines.append(declaration)
    lines.extend(_class_arrow(r, aliases) for r in d.relations)
    return lines


def _activity_nodes(nodes: Iterable[Node], indent: str) -> list[str]:
    lines: list[str] = []
    for node in nodes:
        if isinstance(node, Action):
            lines.append(f"{indent}:{clean_text(node.text) or '…'};")
        elif isinstance(node, Decision):
            yes = _clean_condition(node.then_label or "yes")
            lines.append(f"{indent}if ({_clean_condition(node.condition)}) then ({yes})")
            lines.extend(_activity_nodes(node.then, indent + "  "))
            if node.otherwise:
                lines.append(f"{indent}else ({_clean_condition(node.otherwise_label or 'no')})")
                lines.extend(_activity_nodes(node.otherwise, indent + "  "))
            lines.append(f"{indent}endif")
    return lines


def _activity(d: ActivityDiagram) -> list[str]:
    return [*_header(d.title), "start", *_activity_nodes(d.nodes, ""), d.end]


def _state(d: StateDiagram) -> list[str]:
    lines = _header(d.title, "hide empty description")
    aliases = _Aliases()
    for s in d.states:
        lines.append(_declare("state", s.name, aliases.add(s.name)))
    if d.initial:
        lines.append(f"[*] --> {aliases[d.initial]}")
    lines.extend(f"{aliases[t.source]} --> {aliases[t.target]}{_label(t.event)}" for t in d.transitions)
    lines.extend(f"{aliases[name]} --> [*]" for name in d.finals)
    return lines


def _usecase(d: UseCaseDiagram) -> list[str]:
    lines = _header(d.title, "left to right direction")
    aliases = _Aliases()  # one namespace, so an actor and a use case never share an alias
    actors = {a.name: aliases.add(a.name) for a in d.actors}
    usecases = {u.name: aliases.add(u.name, preferred=f"uc{i}") for i, u in enumerate(d.usecases, start=1)}
    lines.extend(_declare("actor", name, alias) for name, alias in actors.items())
    lines.extend(_declare("usecase", name, alias) for name, alias in usecases.items())
    lines.extend(f"{actors[g.child]} --|> {actors[g.parent]}" for g in d.generalisations)
    lines.extend(f"{actors[link.actor]} --> {usecases[link.usecase]}" for link in d.links)
    return lines


def _component(d: ComponentDiagram) -> list[str]:
    # The direction line marks it as a description diagram: declarations like `database`
    # and `actor` alone would otherwise be read as a sequence diagram.
    lines = _header(d.title, "top to bottom direction")
    aliases = _Aliases()
    for c in d.components:
        lines.append(_declare(c.stereotype, c.name, aliases.add(c.name)))
    lines.extend(f"{aliases[k.source]} --> {aliases[k.target]}{_label(k.label)}" for k in d.links)
    return lines


_COMPILERS = {
    "sequence": _sequence,
    "class": _class,
    "activity": _activity,
    "state": _state,
    "usecase": _usecase,
    "component": _component,
}


def compile_diagram(d: Diagram) -> str:
    """PlantUML source for one validated diagram, from @startuml to @enduml."""
    return "\n".join([*_COMPILERS[d.type](d), "@enduml"]) + "\n"
