"""Class diagrams: classes, their attributes and methods, and how they relate.

'A School has many Classes' (association 1 → *), 'a Car is a Vehicle' (inheritance), 'an Order
consists of OrderLines' (composition), 'a Vehicle has a name' (attribute), 'a Student can enroll'
(method), 'a Teacher teaches Classes' (association labelled with the verb).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scenesmith.kinds.diagram.ir import ClassDef, ClassDiagram, Relation
from scenesmith.kinds.diagram.planner.english import (
    V,
    camel,
    find_verb,
    head_of,
    is_plural,
    noun_phrase,
    clauses,
    quantity,
    singular,
    split_list,
    strip_connectors,
    strip_determiners,
    tokens,
)
from scenesmith.kinds.diagram.planner.refusals import NotUnderstood

_NOT_A_CLASS = frozenset("abstract able allowed made composed part related linked connected used optional".split())


def class_name(text: str) -> str:
    """'the Classes' → 'Class', 'line items' → 'LineItem', 'Persons' → 'Person'."""
    words = noun_phrase(tokens(quantity(text)[1]))
    if not words or len(words) > 3 or any(re.fullmatch(_CLASS_VERB, w, re.I) for w in words):
        return ""  # not a name but a clause that was never split off
    return camel([*words[:-1], singular(words[-1])])


@dataclass
class _ClassBuilder:
    classes: dict[str, ClassDef] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    known: set[str] = field(default_factory=set)  # names used as subjects anywhere in the text
    capitalised: bool = False  # the text capitalises its class names ("many Students")

    def add(self, name: str) -> str:
        if name and name not in self.classes:
            self.classes[name] = ClassDef(name=name)
        return name

    def relate(
        self, kind: str, source: str, target: str, source_mult: str | None = None,
        target_mult: str | None = None, label: str = "",
    ) -> None:
        if not source or not target or (kind == "inheritance" and source == target):
            return
        self.add(source), self.add(target)
        self.relations.append(
            Relation(kind=kind, source=source, target=target, source_multiplicity=source_mult,
                     target_multiplicity=target_mult, label=label[:120])
        )

    def is_entity(self, item: str) -> bool:
        words = noun_phrase(tokens(quantity(item)[1]))
        if not words:
            return False
        if words[-1][:1].isupper() and not words[-1].isupper() or class_name(item) in self.known:
            return True
        return not self.capitalised and head_of(words) not in V.attribute_words and words[-1].lower() not in V.acronyms


_CLASS_VERB = r"\b(?:has|have|is|are|belongs?|extends|inherits|contains|consists|includes|owns?|holds?|can)\b"


def _class_clause(text: str) -> bool:
    """A new clause has its own subject; in 'Student and Teacher are …', 'Teacher are …' does not."""
    text = strip_connectors(text)
    match = re.search(_CLASS_VERB, text, re.I)
    if match:
        subject = tokens(text[: match.start()])
        plural_verb = match.group(0).lower() in {"are", "have", "belong", "own", "hold"}
        return bool(subject) and not (plural_verb and len(strip_determiners(subject)) <= 2)
    words = tokens(text)
    return bool(words) and words[0].lower() not in V.quantity_words and find_verb(words) is not None  # "four Wheels" names things


def _subjects(text: str) -> list[str]:
    text = re.sub(r"^(?:both|all|every|each)\s+", "", text.strip(), flags=re.I)
    return [name for name in (class_name(part) for part in split_list(text)) if name]


def plan_class(body: str, title: str | None) -> ClassDiagram:
    b = _ClassBuilder()
    b.capitalised = bool(re.search(r"\b(?:a|an|the|many|both|and|of|to|are|is)\s+[A-Z][a-z]", body))
    read = clauses(body, _class_clause)
    for clause in read:
        match = re.match(rf"^(.+?)\s+{_CLASS_VERB}", clause, re.I)
        subject = match.group(1) if match else " ".join(tokens(clause)[: find_verb(tokens(clause)) or 0])
        b.known.update(_subjects(subject))
    for clause in read:
        _read_class_clause(b, clause)
    if not b.relations and not any(c.attributes or c.methods for c in b.classes.values()):
        raise NotUnderstood("class", b.classes or b.known, "found no relation between classes")
    return ClassDiagram(title=title, classes=list(b.classes.values()), relations=b.relations)


_KIND_OF = re.compile(
    r"^(?P<s>.+?)\s+(?:is|are)\s+(?:also\s+|both\s+|all\s+)?(?:an?\s+)?"
    r"(?:kind|type|sort|subclass|subtype|speciali[sz]ation)s?\s+of\s+(?P<o>.+)$", re.I
)
_PART_OF = re.compile(r"^(?P<s>.+?)\s+(?:is|are)\s+(?:a\s+)?part\s+of\s+(?P<o>.+)$", re.I)
_ABSTRACT = re.compile(r"^(?P<s>.+?)\s+(?:is|are)\s+(?:an?\s+)?abstract(?:\s+class(?:es)?)?$", re.I)
_PASSIVE = re.compile(
    r"^(?P<s>.+?)\s+(?:is|are)\s+(?P<v>[a-z]+(?:ed|en)|taught|built|held|run|made|bought|sold|kept|led|paid|read|sent|found)"
    r"\s+by\s+(?P<o>.+)$", re.I
)
_EXTENDS = re.compile(
    r"^(?P<s>.+?)\s+(?:extends|inherits\s+from|derives\s+from|is\s+derived\s+from|speciali[sz]es)\s+(?P<o>.+)$", re.I
)
_IS_A = re.compile(
    r"^(?:both\s+)?(?P<s>.+?)\s+(?:is|are)\s+(?:also\s+|both\s+|all\s+)?(?:an?\s+)?(?P<o>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2})$",
    re.I,
)
_BELONGS = re.compile(r"^(?P<s>.+?)\s+belongs?\s+to\s+(?P<o>.+)$", re.I)
_CONTAINS = re.compile(
    r"^(?P<s>.+?)\s+(?:contains|consists\s+of|is\s+made\s+(?:up\s+)?of|is\s+composed\s+of|includes)\s+(?P<o>.+)$", re.I
)
_HAS = re.compile(r"^(?P<s>.+?)\s+(?P<v>has|have|owns|own|holds|hold)\s+(?P<o>.+)$", re.I)
_CAN = re.compile(r"^(?P<s>.+?)\s+can\s+(?P<o>.+)$", re.I)


def _read_class_clause(b: _ClassBuilder, clause: str) -> None:
    """One clause, tried against each phrasing in turn: the first that matches decides."""
    if m := _KIND_OF.match(clause) or _EXTENDS.match(clause):
        for child in _subjects(m["s"]):
            b.relate("inheritance", child, class_name(m["o"]))
    elif m := _PART_OF.match(clause):
        for part in _subjects(m["s"]):
            b.relate("composition", class_name(m["o"]), part)
    elif m := _ABSTRACT.match(clause):
        for name in _subjects(m["s"]):
            b.classes[b.add(name)].abstract = True
    elif m := _PASSIVE.match(clause):  # "a Course is taught by a Professor"
        for source in _subjects(m["s"]):
            for item in split_list(m["o"]):
                b.relate("association", source, class_name(item), label=f"{m['v'].lower()} by")
    elif m := _IS_A.match(clause):
        words = tokens(m["o"])
        passive = words[-1].lower().endswith("ed") if words else True
        if words and words[0].lower() not in _NOT_A_CLASS and not passive and noun_phrase(words) == words and b.is_entity(m["o"]):
            for child in _subjects(m["s"]):
                b.relate("inheritance", child, class_name(m["o"]))
    elif m := _BELONGS.match(clause):  # many-to-one
        for source in _subjects(m["s"]):
            for item in split_list(m["o"]):
                b.relate("association", source, class_name(item), "*", quantity(item)[0] or "1")
    elif m := _CONTAINS.match(clause):
        for whole in _subjects(m["s"]):
            for item in split_list(m["o"]):
                multiplicity, rest = quantity(item)
                b.relate("composition", whole, class_name(item), "1", multiplicity or _default_multiplicity(rest))
    elif m := _HAS.match(clause):
        _read_has(b, _subjects(m["s"]), m["o"], "" if m["v"].lower() in {"has", "have"} else m["v"].lower())
    elif m := _CAN.match(clause):  # among classes, abilities are methods
        methods = [method for method in (_method(vp) for vp in split_list(m["o"])) if method]
        for name in _subjects(m["s"]):
            b.classes[b.add(name)].methods.extend(methods)
    else:
        _read_class_verb(b, tokens(clause))


def _read_class_verb(b: _ClassBuilder, words: list[str]) -> None:
    """'a Teacher teaches Classes' → an association labelled with the verb."""
    verb_at = find_verb(words)
    if verb_at is None or verb_at + 1 >= len(words):
        return
    label, rest = words[verb_at].lower(), words[verb_at + 1:]
    if rest[0].lower() in V.prepositions and len(rest) > 1:
        label, rest = f"{label} {rest[0].lower()}", rest[1:]  # "works in"
    for source in _subjects(" ".join(words[:verb_at])):
        for item in split_list(" ".join(rest)):
            multiplicity = quantity(item)[0]
            b.relate("association", source, class_name(item), None, multiplicity if multiplicity != "1" else None, label)


def _default_multiplicity(noun: str) -> str:
    words = noun.split()
    return "*" if words and is_plural(words[-1]) else "1"


def _read_has(b: _ClassBuilder, owners: list[str], objects: str, label: str) -> None:
    """'has many Students' → association 1 → *; 'has a name and an email' → attributes."""
    listed = re.match(r"^(?:the\s+)?(?:attributes|fields|properties)\s*:?\s*(?P<list>.+)$", objects, re.I)
    items = split_list(listed["list"] if listed else objects)
    for owner in owners:
        b.add(owner)
        for item in items:
            multiplicity, rest = quantity(item)
            if listed or not b.is_entity(item):
                attribute = " ".join(noun_phrase(tokens(rest)))
                if attribute and attribute not in b.classes[owner].attributes:
                    b.classes[owner].attributes.append(attribute[:120])
                continue
            b.relate("association", owner, class_name(item), "1", multiplicity or _default_multiplicity(rest), label)


def _method(phrase: str) -> str:
    """'place orders' → 'placeOrder()'; 'enroll in classes' → 'enroll()'."""
    words = strip_determiners(tokens(phrase))
    if not words:
        return ""
    obj = noun_phrase(words[1:]) if len(words) > 1 and words[1].lower() not in V.prepositions else []
    return (words[0].lower() + (camel([singular(obj[-1])]) if obj else ""))[:60] + "()"


