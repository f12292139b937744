"""Plain English → diagram IR, with rules instead of a model.

The planner first decides which of the six diagram types the sentence describes, from an
explicit name ("class diagram") or from structural cues ("has many", "from X to Y", "can
view"); then one reader per type picks the sentence apart with small regexes and word lists.
A reader either builds a diagram whose every element came from the text, or gives up with a
note of what it found; nothing is guessed to fill a gap, so an unclear prompt becomes a
UserError that says what was understood and how to phrase it, never a misleading picture.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError

from scenesmith.engine.errors import UserError
from scenesmith.kinds.diagram.ir import (
    Action,
    ActivityDiagram,
    Alt,
    AltBranch,
    ClassDef,
    ClassDiagram,
    Component,
    ComponentDiagram,
    Decision,
    Diagram,
    Generalisation,
    Link,
    Message,
    Participant,
    Relation,
    SequenceDiagram,
    State,
    StateDiagram,
    Transition,
    UseCase,
    UseCaseActor,
    UseCaseDiagram,
    UseCaseLink,
)

# --- vocabulary ----------------------------------------------------------------------------
# Small closed lists: enough to read the everyday phrasing of each diagram type.

DETERMINERS = frozenset("a an the this that these those our your my its their his her some each every any".split())
PREPOSITIONS = frozenset(
    "to for from with about via through into in on at by of over using against back onto toward towards within".split()
)
PRONOUNS = frozenset("it they he she which who that them him her this".split())
CONNECTORS = ("and then", "and", "then", "next", "finally", "after that", "afterwards", "so", "now", "first", "also")
# Verbs in their base form: imperatives in activities, and (inflected) the verbs of sentences.
BASE_VERBS = frozenset(
    """
    accept access acknowledge add allow analyse analyze answer apply approve archive arrive ask assess assign
    attach authenticate authorise authorize bake book boil boot brew bring browse build buy calculate call
    cancel capture change charge chat check choose clean clear click close collect combine compare compute
    confirm connect consume contact convert cook copy create cut debit decide decline decrypt delete deliver
    deny deploy deposit detect display dispatch download drain drive drop edit email emit enable encrypt
    enroll enrol enter escalate evaluate execute export fetch fill filter find finish fix follow forward
    generate get give grant greet handle heat help hold import inform insert inspect install invite invoke
    issue join launch leave list load lock log login look mail manage mark measure merge message mix monitor
    move notify open order pack parse pass pay pick ping place poll post pour prepare present print process
    produce publish pull purchase push put query queue raise read receive record redirect refund register
    reject release reload remove render renew reply report request reserve reset resolve respond restart
    retrieve retry return review rinse route run save scan schedule search select sell send serve set share
    ship show sign sort start stir stop store submit subscribe sync take talk teach tell test track transfer
    trigger type unlock update upload use validate verify view visit wait warn wash watch withdraw write
    succeed fail exist match expire need want contain borrow lend rent rate comment like checkout grade
    """.split()
)
IRREGULAR_THIRD = {"have": "has", "do": "does", "go": "goes", "be": "is"}
REPLY_VERBS = frozenset("return reply respond answer acknowledge".split())
DISPLAY_VERBS = frozenset("show display render present greet".split())
SYSTEM_HEADS = frozenset(
    """
    app application server service microservice database db api gateway client browser frontend front-end
    backend back-end cache queue broker store shop bank system website site portal platform device phone
    sensor controller module component provider repository repo storage bucket worker scheduler proxy
    balancer engine handler processor terminal printer kitchen cluster node host machine container registry
    directory tool bot assistant network router firewall cdn dns idp vault warehouse inventory ledger mailer
    notifier pipeline job datastore lambda bus topic
    """.split()
)
PERSON_HEADS = frozenset(
    """
    user customer admin administrator guest visitor member manager employee staff clerk cashier waiter
    waitress chef cook teacher student doctor nurse patient driver rider passenger courier seller buyer
    vendor owner operator developer tester reviewer author editor player person shopper traveler
    traveller librarian borrower applicant candidate recruiter accountant auditor approver requester
    subscriber tenant landlord pilot attendee organizer organiser moderator parent friend agent
    """.split()
)
DATABASE_WORDS = frozenset(
    """
    database db datastore postgres postgresql mysql mariadb mongodb mongo sqlite oracle redis memcached
    cassandra dynamodb elasticsearch couchdb neo4j firestore bigquery snowflake clickhouse
    """.split()
)
QUEUE_WORDS = frozenset("queue kafka rabbitmq sqs broker bus topic pubsub nats kinesis".split())
CLOUD_WORDS = frozenset("cloud aws azure gcp internet cdn cloudflare".split())
NODE_WORDS = frozenset("server host machine vm cluster node kubernetes k8s container pod instance".split())
STORAGE_WORDS = frozenset("s3 bucket storage disk filesystem blob".split())
ACRONYMS = {
    w.lower(): w
    for w in """
    API UI DB SQL HTTP HTTPS SMS CDN DNS JWT LDAP SMTP S3 AWS GCP CRM ERP CLI SDK ID OS iOS IoT AI ML POS ATM
    REST URL ISBN OAuth SSO IdP VPN MySQL PostgreSQL Postgres MongoDB Redis Kafka RabbitMQ SQS DynamoDB
    GraphQL Elasticsearch iPhone GitHub SQLite
    """.split()
}
ATTRIBUTE_WORDS = frozenset(
    """
    name id title email price date age address description status isbn phone password username count total
    amount quantity size color colour url sku balance salary grade score rating year number code label
    """.split()
)
NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "ten": "10"}
QUANTITY_WORDS = frozenset({"many", "several", "multiple", "lots", "no", "exactly", "at", "zero", *NUMBER_WORDS})
IRREGULAR_PLURALS = {
    "people": "person", "children": "child", "men": "man", "women": "woman", "mice": "mouse", "data": "data",
    "criteria": "criterion", "indices": "index", "series": "series", "species": "species", "news": "news",
}
DIAGRAM_WORDS = {
    "sequence": "sequence", "class": "class", "activity": "activity", "flow": "activity", "flowchart": "activity",
    "flow chart": "activity", "state": "state", "state machine": "state", "use case": "usecase",
    "use-case": "usecase", "usecase": "usecase", "component": "component", "deployment": "component",
    "architecture": "component", "system": "component",
}
EXAMPLES = {
    "sequence": "The user asks the server for a token, then the server returns a token.",
    "class": "A School has many Classes; a Class has many Students; Student and Teacher are both Persons.",
    "activity": "Check the order. If the item is in stock, pack it and ship it; otherwise notify the customer.",
    "state": "A door can be Open, Closed or Locked. Closing an open door makes it Closed.",
    "usecase": "An admin can manage users and view reports; a guest can only view reports.",
    "component": "The mobile app talks to the API gateway, which routes to the orders service.",
}


class NotUnderstood(Exception):
    """A reader could not build its diagram; `found` is what it did recognise, for the message."""

    def __init__(self, kind: str, found: Iterable[str], problem: str, advice: str = "") -> None:
        super().__init__(problem)
        self.kind = kind
        self.found = list(dict.fromkeys(found))
        self.problem = problem
        self.advice = advice  # what to write instead, when the example sentence is not the answer


# --- words and names -----------------------------------------------------------------------


def _third_person(verb: str) -> str:
    if verb in IRREGULAR_THIRD:
        return IRREGULAR_THIRD[verb]
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if len(verb) > 2 and verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


THIRD_PERSON = {_third_person(v): v for v in BASE_VERBS} | {v: k for k, v in IRREGULAR_THIRD.items()}


def singular(word: str) -> str:
    """'Classes' → 'Class', 'Students' → 'Student', 'Categories' → 'Category'; keeps the case."""
    low = word.lower()
    if low in IRREGULAR_PLURALS:
        single = IRREGULAR_PLURALS[low]
        return single.capitalize() if word[:1].isupper() else single
    if len(low) < 4 or low.endswith(("ss", "us", "is", "os")) or not low.endswith("s"):
        return word
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + ("Y" if word[-3:].isupper() else "y")
    if low.endswith(("sses", "xes", "zzes", "ches", "shes")) and not low.endswith("aches"):
        return word[:-2]
    return word[:-1]


def base_of_third(word: str) -> str | None:
    """'asks' → 'ask', 'teaches' → 'teach' when the word is a known verb; None otherwise."""
    return THIRD_PERSON.get(word.lower())


def base_of_gerund(word: str) -> str:
    """'closing' → 'close', 'locking' → 'lock', 'stopping' → 'stop' (good for everyday verbs)."""
    low = word.lower()
    if not low.endswith("ing") or len(low) < 5:
        return low
    stem = low[:-3]
    if stem in BASE_VERBS:
        return stem
    if stem + "e" in BASE_VERBS:
        return stem + "e"
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        return stem[:-1]
    if stem.endswith("ell") and len(stem) >= 6:
        return stem[:-1]
    vowels = "aeiou"
    if len(stem) >= 3 and stem[-1] in "szvc" and stem[-2] in vowels:
        return stem + "e"  # pausing, freezing, leaving, placing
    if len(stem) >= 3 and stem[-1] in "tdkmr" and stem[-2] in "aiou" and stem[-3] not in vowels and len(stem) <= 6:
        return stem + "e"  # voting, deciding, baking, timing, storing
    if stem.endswith("u") or (stem[-1] == "l" and stem[-2] not in vowels):
        return stem + "e"
    return stem


def display_name(words: list[str]) -> str:
    """Title-case words for display, keeping acronyms and brand spellings: 'api gateway' → 'API Gateway'."""
    out = []
    for word in words:
        if word.lower() in ACRONYMS:
            out.append(ACRONYMS[word.lower()])
        elif any(ch.isupper() for ch in word[1:]):
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)[:60].strip()


def _camel(words: list[str]) -> str:
    return "".join(display_name([w]) for w in words)[:60]


def _sentence_case(text: str) -> str:
    text = " ".join(text.split()).strip(" .,;:")
    return (text[:1].upper() + text[1:])[:120] if text else ""


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_][\w'’.\-+]*[\w+]|[^\W_]", text)


def _strip_determiners(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) and words[i].lower() in DETERMINERS | {"both", "all", "only", "also"}:
        i += 1
    return words[i:]


def _strip_connectors(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for connector in CONNECTORS:
            match = re.match(rf"{connector}\b[,\s]*", text, re.IGNORECASE)
            if match and match.end() < len(text):
                text, changed = text[match.end():], True
    return text.strip()


def _split_list(text: str) -> list[str]:
    """'A, B and C' / 'A or B' → ['A', 'B', 'C']."""
    parts = re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as well as|plus)\s+", text.strip(" .,;"))
    return [p.strip() for p in parts if p.strip()]


def _looks_like_math(text: str) -> bool:
    return bool(re.search(r"[=^∫√]|\d\s*[-+*/]\s*\d|\b(?:solve|integrate|derivative|simplify|factor)\b", text, re.I))


# --- sentences and clauses -------------------------------------------------------------------


@dataclass
class Piece:
    """A clause and what separated it from the previous one ('.', ';', ',', 'and', 'then')."""

    text: str
    sep: str


def sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Za-z\"'(])|\n+", text.strip())
    return [p.strip().rstrip(".!?").strip() for p in parts if p.strip().rstrip(".!?").strip()]


def pieces(text: str, is_clause: Callable[[str], bool]) -> list[Piece]:
    """Split on sentences and ';' always, and on ',', 'and', 'then' only where a new clause starts."""
    out: list[Piece] = []
    for sentence in sentences(text):
        for k, part in enumerate(re.split(r"\s*;\s*", sentence)):
            tokens = re.split(r"(\s*,\s*|\s+and then\s+|\s+then\s+|\s+and\s+)", part)
            sep = "." if k == 0 else ";"
            current = Piece(tokens[0], sep)
            for i in range(1, len(tokens) - 1, 2):
                delimiter, chunk = tokens[i].strip() or ",", tokens[i + 1]
                # both sides must stand alone: "Users and admins can …" stays one clause
                if chunk.strip() and is_clause(chunk.strip()) and is_clause(current.text.strip()):
                    out.append(current)
                    current = Piece(chunk, delimiter)
                else:
                    current.text += tokens[i] + chunk
            out.append(current)
    for piece in out:
        piece.text = piece.text.strip(" ,.")
    return [p for p in out if p.text]


def _starts_with(text: str, *words: str) -> bool:
    return bool(re.match(rf"(?:{'|'.join(words)})\b", text, re.IGNORECASE))


IF_WORDS = ("if", "when", "in case", "unless")
ELSE_WORDS = ("otherwise", "else", "or else", "if not")


# --- noun phrases, verbs and the things they name ------------------------------------------


def find_verb(words: list[str]) -> int | None:
    """Index of the verb after a subject noun phrase ('the auth server CHECKS …'), or None.

    A known verb counts unless it is followed by a noun and another verb ('the orders service
    sends' — 'orders' is part of the name); an unknown word ending in -s counts when what follows
    reads like an object. Plural subjects take the base form ('both services use').
    """
    start = 1 if words and words[0].lower() not in DETERMINERS | {"both", "all"} else 2
    if words and words[0].lower() in PRONOUNS:
        start = 1
    fallback = None
    for i in range(start, min(len(words), 10)):
        low = words[i].lower()
        following = words[i + 1].lower() if i + 1 < len(words) else ""
        if low in PREPOSITIONS:
            break
        if low in {"then", "also", "immediately", "now", "first", "finally", "only", "and", "or"}:
            continue
        if low in THIRD_PERSON or low in {"can", "may", "must", "will", "should", "could"}:
            if following in SYSTEM_HEADS | PERSON_HEADS or singular(following) in SYSTEM_HEADS:
                fallback = i if fallback is None else fallback  # 'the orders service': a name, probably
                continue
            return i
        subject_plural = words[i - 1].lower().endswith("s") or "and" in (w.lower() for w in words[:i])
        if low in BASE_VERBS and (subject_plural or words[0].lower() in {"they", "both", "all", "we", "you"}):
            return i
        if re.fullmatch(r"[a-z]+(?<![su]s)(?<!is)s", low) and (
            not following
            or following in DETERMINERS | PREPOSITIONS | PRONOUNS | QUANTITY_WORDS
            or following.isdigit()
            or words[i + 1][:1].isupper()
        ):
            return i
    return fallback


def head_of(words: list[str]) -> str:
    return singular(words[-1]).lower() if words else ""


_INTRODUCERS = frozenset("how that when where why whether explain show describe illustrate draw".split())


def subject_words(words: list[str]) -> list[str]:
    """The words before a verb without what introduces them: 'explain how [the app] asks'."""
    cut = max((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in _INTRODUCERS), default=0)
    return words[cut:]


def noun_phrase(words: list[str]) -> list[str]:
    """The leading noun phrase of words: determiners dropped, up to a preposition or conjunction."""
    words = _strip_determiners(words)
    out = []
    for word in words:
        if word.lower() in PREPOSITIONS | {"and", "or", "but", "then", "that", "which", "who", "again"}:
            break
        out.append(word)
    return out[:5]


class Registry:
    """Names of the things a text talks about, merging 'the app' with 'the mobile app'.

    Elements are kept by id so a later, longer mention can rename an earlier one.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.recent: list[int] = []

    def find(self, name: str) -> int | None:
        """The element this name refers to: the same name, or a shorter or longer form of it."""
        low = name.lower()
        for i, existing in enumerate(self.names):
            if existing.lower() == low:
                return i
        shorter = [i for i, existing in enumerate(self.names) if existing.lower().endswith(" " + low)]
        if shorter:  # "the app" after "the mobile app"; the most recently mentioned wins
            return max(shorter, key=lambda i: self.recent.index(i) if i in self.recent else -1)
        longer = [i for i, existing in enumerate(self.names) if low.endswith(" " + existing.lower())]
        return longer[0] if len(longer) == 1 else None  # "the mobile app" after "the app"

    def add(self, name: str) -> int:
        found = self.find(name)
        if found is None:
            self.names.append(name)
            found = len(self.names) - 1
        elif len(name) > len(self.names[found]):
            self.names[found] = name  # the fuller name is the better label
        self.touch(found)
        return found

    def touch(self, i: int) -> None:
        if i in self.recent:
            self.recent.remove(i)
        self.recent.append(i)


def _is_thing(np: list[str], registry: Registry, known_subjects: set[str]) -> bool:
    """Whether an object noun phrase names a participant/component rather than data ('a token')."""
    if not np:
        return False
    name = display_name(np)
    if registry.find(name) is not None or name.lower() in known_subjects:
        return True
    if any(name.lower().endswith(" " + s) for s in known_subjects):
        return True
    if head_of(np) in SYSTEM_HEADS | PERSON_HEADS | DATABASE_WORDS | QUEUE_WORDS:
        return True
    interjection = len(np) == 1 and np[0].lower() in {"ok", "okay", "yes", "no", "hello", "hi", "thanks"}
    return all(w[:1].isupper() for w in np) and np[0].lower() not in DETERMINERS and not interjection


def _role(name: str) -> str:
    """A sequence participant's shape: the component stereotypes a sequence diagram can draw, else a plain box."""
    kind = _stereotype(name)
    return kind if kind in {"database", "queue", "actor"} else "participant"


def _stereotype(name: str) -> str:
    words = name.lower().split()
    head = singular(words[-1]) if words else ""
    if any(w in DATABASE_WORDS for w in words):
        return "database"
    if head in QUEUE_WORDS or any(w in {"kafka", "rabbitmq", "sqs"} for w in words):
        return "queue"
    if head in STORAGE_WORDS or "s3" in words:
        return "storage"
    if head in CLOUD_WORDS:
        return "cloud"
    if head in PERSON_HEADS:
        return "actor"
    if head in NODE_WORDS:
        return "node"
    return "component"


# --- the prompt's frame: explicit type, title, body --------------------------------------


_TYPE_NAMES = "|".join(sorted((re.escape(k) for k in DIAGRAM_WORDS), key=len, reverse=True))
_EXPLICIT = re.compile(
    rf"^\s*(?:please\s+)?(?:(?:draw|make|create|generate|render|show|build|sketch|give|produce|design)\s+(?:me\s+)?)?"
    rf"(?:an?\s+|the\s+)?(?:uml\s+|plantuml\s+)?(?P<kind>{_TYPE_NAMES})?\s*(?:uml\s+)?"
    r"(?:diagram|chart)(?![a-z])\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


# The type named further in, only with a colon after it or at the very end, so that
# "Explain the Venn diagram of two sets" is not taken for a request.
_EXPLICIT_LATER = re.compile(
    rf"^.{{0,80}}?\b(?P<kind>{_TYPE_NAMES})\s+(?:uml\s+)?diagram\s*:\s*(?P<rest>.+)$", re.IGNORECASE | re.DOTALL
)
_EXPLICIT_AT_END = re.compile(
    rf"^(?P<body>.+?)[,.;:]?\s+(?:as|in)\s+(?:an?\s+)?(?:uml\s+)?(?P<kind>{_TYPE_NAMES})\s+(?:uml\s+)?diagram[.!]?$",
    re.IGNORECASE | re.DOTALL,
)


@dataclass
class Frame:
    kind: str | None  # the type the user named, if any
    explicit: bool  # they asked for a diagram in so many words
    title: str | None
    body: str


def read_frame(prompt: str) -> Frame:
    """'Draw a class diagram of a blog: …' → kind 'class', title 'Blog', body '…'."""
    text = " ".join(prompt.split()).strip()
    match = _EXPLICIT.match(text)
    later = None if match else _EXPLICIT_LATER.match(text) or _EXPLICIT_AT_END.match(text)
    if later:  # "Show the login as a sequence diagram: …" / "… as a class diagram"
        body = later["rest"] if later.re is _EXPLICIT_LATER else later["body"]
        return Frame(DIAGRAM_WORDS[later["kind"].lower()], True, None, body.strip(" ,;:"))
    if not match:
        named = re.match(r"^\s*(?:(?:draw|make|create)\s+)?(?:an?\s+)?(?P<kind>flow ?chart|state machine)\b\s*[:,-]?\s*(?P<rest>.*)$", text, re.I)
        if named:
            kind = "state" if named["kind"].lower() == "state machine" else "activity"
            return Frame(kind, True, None, re.sub(r"^(?:of|for|where)\s+", "", named["rest"], flags=re.I))
        return Frame(None, False, None, text)
    kind = DIAGRAM_WORDS.get((match.group("kind") or "").lower().replace("  ", " "))
    rest = match.group("rest").strip()
    title = None
    head = re.match(r"^(?:of|for|about|showing|that shows|describing)\s+(?P<title>[^:]{1,80}?)\s*:\s*(?P<body>.+)$", rest, re.I)
    if head:
        title = display_name(_strip_determiners(_words(head.group("title")))) or None
        rest = head.group("body")
    else:
        rest = re.sub(r"^(?:[:,\-–—]|of|for|where|in which|showing|that shows|about|with)\s*", "", rest, flags=re.I)
        rest = rest.lstrip(":,-–— ")
    return Frame(kind, True, title, rest)


# --- cues: which type does the text describe? -------------------------------------------------

_CUE_PATTERNS: dict[str, list[tuple[str, float, int]]] = {
    "class": [
        (r"\b(?:has|have|contains|consists\s+of|includes)\s+(?:many|multiple|several|a list of|one or more|zero or more|lots of|a number of)\s+\w", 0.95, re.I),
        (r"\bbelongs?\s+to\s+(?:an?|one|the)?\s*[A-Za-z]", 0.9, re.I),
        (r"\bare\s+(?:both|all)\s+(?:an?\s+)?[A-Za-z]+s?\b", 0.9, re.I),
        (r"\bis\s+an?\s+(?:kind|type|subclass|subtype|specialization|specialisation)\s+of\b", 0.95, re.I),
        (r"\b(?:inherits?\s+from|extends|is\s+derived\s+from)\s+(?:an?\s+|the\s+)?[A-Z]", 0.9, 0),
        (r"\b[A-Z][a-z]+\s+(?:is\s+an?|are)\s+[A-Z][a-z]+", 0.9, 0),
        (r"\b(?:consists\s+of|is\s+composed\s+of|is\s+made\s+up\s+of)\b", 0.7, re.I),
        (r"\bhas\s+(?:an?|one)\s+[A-Z]", 0.7, 0),
    ],
    "state": [
        (r"\bcan\s+be\s+(?:in\s+)?[A-Z]\w*(?:\s*,\s*[A-Z]\w*)*\s*,?\s*(?:or|and)\s+[A-Z]\w*", 0.95, 0),
        (r"\bmakes?\s+it\s+[A-Z]", 0.9, 0),
        (r"\b(?:is|are)\s+(?:either\s+)?[A-Z]\w*(?:\s*,\s*[A-Z]\w*)+\s*,?\s+(?:or|and)\s+[A-Z]\w*\s*[.;]", 0.9, 0),
        (r"\b(?:turns|sets|puts)\s+it\s+(?:to\s+|into\s+)?[A-Z]", 0.8, 0),
        (r"\b[A-Z]\w*\s+becomes\s+[A-Z]\w*", 0.8, 0),
        (r"\bfrom\s+[A-Z]\w*\s+to\s+[A-Z]\w*", 0.9, 0),
        (r"\bcycles?\s+(?:from|between|through)\b", 0.95, re.I),
        (r"\b(?:goes|switches|changes|moves|transitions?)\s+from\s+\w+\s+to\b", 0.9, re.I),
        (r"\b(?:cycles?|switches|alternates|toggles)\s+between\s+[A-Z]\w*\s+and\s+[A-Z]", 0.9, 0),
        (r"\bstarts?\s+(?:in|as|out\s+as)\s+[A-Z]", 0.8, 0),
        (r"\bstate\s+machine\b", 0.6, re.I),
    ],
    "usecase": [
        (r"\b(?:can|may|is\s+able\s+to|are\s+able\s+to|should\s+be\s+able\s+to)\s+(?:only\s+|also\s+|just\s+)?(?!be\b)[a-z]+\s+\w+"
         r"[^;.,]{0,300}[;.,]\s*(?:an?\s+|the\s+)?\w+(?:\s+\w+)?\s+(?:can|may)\s+(?!be\b)", 0.95, re.I),
        (r"\b(?:" + "|".join(PERSON_HEADS) + r")s?\s+(?:can|may|is\s+able\s+to|are\s+able\s+to|should\s+be\s+able\s+to)\s+"
         r"(?:only\s+|also\s+|just\s+)?(?!be\b)[a-z]+\s+\w+", 0.8, re.I),
        (r"\b(?:can|may|is\s+able\s+to|are\s+able\s+to|should\s+be\s+able\s+to)\s+(?:only\s+|also\s+|just\s+)?(?!be\b)[a-z]+\s+\w+", 0.4, re.I),
    ],
    "component": [
        (r"\b(?:talks?|connects?|communicates?)\s+(?:to|with)\b", 0.95, re.I),
        (r"\broutes?\s+(?:\w+\s+)?to\b", 0.95, re.I),
        (r"\b(?:deployed|hosted)\s+(?:on|to|in)\b", 0.95, re.I),
        (r"\bruns?\s+(?:on|in)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:" + "|".join(NODE_WORDS | CLOUD_WORDS) + r"|docker)\b", 0.95, re.I),
        (r"\b(?:uses?|reads?\s+from|writes?\s+to|depends?\s+on|(?:stores?|publishes|consumes|caches)\s+(?:\w+\s+)?(?:in|to|from)|subscribes\s+to)\s+"
         r"(?:an?\s+|the\s+)?(?:\w+\s+)?(?:" + "|".join(DATABASE_WORDS | QUEUE_WORDS | STORAGE_WORDS) + r"|service|gateway|server|api|cache)\b", 0.9, re.I),
        (r"\bmicroservices?\b|\bgateway\b", 0.5, re.I),
    ],
    "sequence": [
        (r"\b(?:asks|sends|returns|replies|responds|requests|forwards|queries|notifies|answers|calls)\b"
         r"[\s\S]{0,600}?\b(?:asks|sends|returns|replies|responds|requests|forwards|queries|notifies|answers|checks|calls|opens|shows)\b", 0.9, re.I),
        (r"\b(?:asks?|sends?|returns?|replies|responds?|requests?|forwards?|calls?)\s+(?:\w+\s+){0,3}(?:to|from|for)?\s*(?:the\s+)?\w+", 0.5, re.I),
        (r"\b(?:the|a|an)\s+\w+(?:\s+\w+)?\s+(?!(?:is|has|was|does)\b)[a-z]+s\s+(?:the|an?|to|with|from)\b[\s\S]{0,600}?"
         r"\b(?:the|a|an)\s+\w+(?:\s+\w+)?\s+(?!(?:is|has|was|does)\b)[a-z]+s\s+(?:the|an?|to|with|from)\b", 0.7, re.I),
    ],
    "activity": [
        (r"(?:^|[.;,]\s*)if\s+[^.;,]{1,150},\s*(?:" + "|".join(BASE_VERBS) + r")\b[\s\S]{0,300}?\b(?:otherwise|else)\b", 0.9, re.I),
        (r"^\s*(?:first\s*,?\s*)?(?:" + "|".join(BASE_VERBS) + r")\b[^.;]*(?:,\s*then|;\s*then|\bthen)\s+(?:" + "|".join(BASE_VERBS) + r")\b", 0.6, re.I),
    ],
}
_CUES = {kind: [(re.compile(p, flags), weight) for p, weight, flags in cues] for kind, cues in _CUE_PATTERNS.items()}
TYPE_ORDER = ("class", "state", "usecase", "component", "sequence", "activity")  # ties go to the earlier


def type_scores(body: str) -> dict[str, float]:
    """How strongly the text reads as each diagram type (0..1), from its structural cues."""
    scores = {}
    for kind, cues in _CUES.items():
        scores[kind] = max((weight for pattern, weight in cues if pattern.search(body)), default=0.0)
    if scores["class"] >= 0.9 and scores["usecase"] < 0.95:
        scores["usecase"] = 0.0  # "a Student can enroll" among classes names a method, not a use case
    return scores


def diagram_score(prompt: str) -> float:
    """How clearly the prompt asks for a diagram: 1.0 when it says so, ~0.9 for clear structure, 0 for none."""
    frame = read_frame(prompt)
    if frame.explicit:
        return 1.0
    if _looks_like_math(frame.body) or re.match(r"\s*(?:explain|solve|calculate|compute|what|why)\b", frame.body, re.I):
        return 0.0
    return max(type_scores(frame.body).values())


# --- sequence ----------------------------------------------------------------------------


def _sequence_clause(text: str) -> bool:
    text = _strip_connectors(text)
    if _starts_with(text, *IF_WORDS, *ELSE_WORDS):
        return True
    words = _words(text)
    return bool(words) and (words[0].lower() in THIRD_PERSON or find_verb(words) is not None)


@dataclass
class _SequenceBuilder:
    registry: Registry = field(default_factory=Registry)
    known_subjects: set[str] = field(default_factory=set)
    messages: list[tuple[int, int, str, str]] = field(default_factory=list)  # source, target, label, kind
    last_caller: dict[int, int] = field(default_factory=dict)
    groups: list[list[tuple[str, list[int]]]] = field(default_factory=list)  # closed alt groups
    open_group: list[tuple[str, list[int]]] | None = None  # branches: (condition, message indexes)

    def message(self, source: int, target: int, label: str, kind: str) -> None:
        if kind == "call" and source != target:
            self.last_caller[target] = source
        self.messages.append((source, target, label, "self" if source == target else kind))
        if self.open_group is not None:
            self.open_group[-1][1].append(len(self.messages) - 1)

    def open_alt(self, condition: str) -> None:
        self.close_alt()
        self.open_group = [(condition, [])]

    def close_alt(self) -> None:
        if self.open_group and any(indexes for _, indexes in self.open_group):
            self.groups.append([(c, i) for c, i in self.open_group if i])
        self.open_group = None


def _clause_core(text: str) -> tuple[str, str]:
    """Peel 'otherwise' / 'if …,' off a clause: ('else' | 'if <condition>' | '', the clause itself)."""
    text = _strip_connectors(text)
    if _starts_with(text, *ELSE_WORDS):
        return "else", re.sub(rf"^(?:{'|'.join(ELSE_WORDS)})\b[,\s]*", "", text, flags=re.I)
    if _starts_with(text, *IF_WORDS):
        condition, _, rest = re.sub(r"^(?:if|when|in case|unless)\s+", "", text, flags=re.I).partition(" then ")
        return f"if {condition.strip()}", rest.strip()
    return "", text


def _plan_sequence(body: str, title: str | None) -> SequenceDiagram:
    parts = pieces(body, _sequence_clause)
    b = _SequenceBuilder()
    for part in parts:  # first pass: every subject is a participant, so objects can be recognised
        words = _words(_clause_core(part.text)[1])
        verb = find_verb(words) if words else None
        subject = noun_phrase(subject_words(words[:verb])) if verb else []
        if subject and subject[0].lower() not in PRONOUNS:
            b.known_subjects.add(display_name(subject).lower())

    subject_id: int | None = None
    for part in parts:
        marker, text = _clause_core(part.text)
        if marker == "else" and b.open_group is not None:
            b.open_group.append(("else", []))
        elif marker.startswith("if "):
            b.open_alt(marker[3:])
        elif part.sep in {".", ";"}:
            b.close_alt()  # a new sentence or ';' ends the alternatives
        if text:
            subject_id = _sequence_message(b, text, subject_id)
    b.close_alt()
    return _finish_sequence(b, title)


def _sequence_message(b: _SequenceBuilder, text: str, subject_id: int | None) -> int | None:
    """Add the message one clause describes; returns the clause's subject for the next clause."""
    words = _words(text)
    if not words:
        return subject_id
    last = b.messages[-1] if b.messages else None
    if words[0].lower() in THIRD_PERSON and subject_id is not None:
        verb_at, source = 0, subject_id  # "… and returns a token": the same subject goes on
    else:
        verb_at = find_verb(words)
        if verb_at is None:
            return subject_id
        subject = noun_phrase(subject_words(words[:verb_at]))
        if not subject:
            return subject_id
        pronoun = subject[0].lower() if len(subject) == 1 else ""
        if pronoun in PRONOUNS:
            if subject_id is None:
                return subject_id
            source = subject_id
            reply = (base_of_third(words[verb_at]) or "") in REPLY_VERBS
            if last and (pronoun in {"which", "who", "that"} or (reply and last[0] == subject_id)):
                source = last[1]  # "…asks the server, which checks" / "…asks the server and it returns"
        else:
            source = b.registry.add(display_name(subject))
    verb = words[verb_at].lower()
    base = base_of_third(verb) or verb
    rest = words[verb_at + 1:]
    target, label_words = _message_target(b, rest)
    kind = "return" if base in REPLY_VERBS or any(w.lower() == "back" for w in rest) else "call"
    if target is None and kind == "return":
        target = b.last_caller.get(source)
        if target is None and last and last[0] != source:
            target = last[0]
    elif target is None and base in DISPLAY_VERBS:
        target = _audience(b, source)
    elif target is None and rest and last and last[1] == source and last[0] != source:
        target, kind = last[0], "return"  # "… checks the PIN with the bank. The bank approves the payment": the answer
    if target is None:
        target = source
    b.registry.touch(target)
    b.message(source, target, " ".join([verb, *label_words]), kind)
    return source


def _audience(b: _SequenceBuilder, source: int) -> int | None:
    """Whom 'the app shows the home screen' is shown to: the actor who called it, else the first actor."""
    caller = b.last_caller.get(source)
    if caller is not None and _role(b.registry.names[caller]) == "actor":
        return caller
    actors = [i for i, name in enumerate(b.registry.names) if _role(name) == "actor" and i != source]
    return actors[0] if actors else None


def _message_target(b: _SequenceBuilder, rest: list[str]) -> tuple[int | None, list[str]]:
    """Who the message goes to, and the words of its label ('asks [the server] for a token')."""
    def phrase_end(start: int) -> tuple[list[str], int]:
        np = noun_phrase(rest[start:])
        inner = next((i for i, w in enumerate(np) if i and w.lower() in DETERMINERS), None)
        np = np[:inner] if inner else np  # "sends [Bob] a message": the recipient ends where the next phrase starts
        return np, start + (len(rest[start:]) - len(_strip_determiners(rest[start:]))) + len(np)

    def known(np: list[str]) -> bool:
        name = display_name(np)
        return b.registry.find(name) is not None or name.lower() in b.known_subjects

    np, end = phrase_end(0)
    direct = np if np and rest[0].lower() not in PREPOSITIONS else []
    linked = []  # "sends an order [to the shop]": (phrase, where it starts, where it ends)
    for i, word in enumerate(rest):
        if word.lower() in {"to", "from", "with", "through", "via", "at", "on", "in", "into", "against"}:
            phrase, phrase_stop = phrase_end(i + 1)
            if phrase:
                linked.append((phrase, i, phrase_stop))
    # a participant named elsewhere wins over a thing that is only mentioned: "checks the PIN [with the bank]"
    for strict in (True, False):
        accept = known if strict else (lambda np: _is_thing(np, b.registry, b.known_subjects))
        if direct and accept(direct):
            return b.registry.add(display_name(direct)), (rest[end:] or rest)  # "asks [the server] for a token"
        for phrase, start, stop in linked:
            if accept(phrase):
                return b.registry.add(display_name(phrase)), rest[:start] + rest[stop:]
    return None, rest


def _finish_sequence(b: _SequenceBuilder, title: str | None) -> SequenceDiagram:
    names = b.registry.names
    if len(names) < 2 or not any(source != target for source, target, _, _ in b.messages):
        found = f"found {', '.join(names)} but no message from one participant to another" if names else "found no participants"
        raise NotUnderstood("sequence", names, found)

    def to_message(i: int) -> Message:
        source, target, label, kind = b.messages[i]
        return Message(source=names[source], target=names[target], label=label[:120], kind=kind)

    group_at = {group[0][1][0]: group for group in b.groups}
    grouped = {i for group in b.groups for _, indexes in group for i in indexes}
    steps: list[Message | Alt] = []
    for i in range(len(b.messages)):
        if i in group_at:
            branches = [
                AltBranch(condition="" if condition == "else" else condition, messages=[to_message(j) for j in indexes])
                for condition, indexes in group_at[i]
            ]
            steps.append(Alt(branches=branches))
        elif i not in grouped:
            steps.append(to_message(i))
    participants = [Participant(name=name, role=_role(name)) for name in names]
    return SequenceDiagram(title=title, participants=participants, messages=steps)


# --- class -------------------------------------------------------------------------------

_QUANTIFIERS = (
    (r"(?:one|1)\s+or\s+more|at\s+least\s+(?:one|1)", "1..*"),
    (r"zero\s+or\s+more|0\s+or\s+more|any\s+number\s+of", "*"),
    (r"many|multiple|several|lots\s+of|a\s+lot\s+of|a\s+number\s+of|a\s+list\s+of|a\s+set\s+of|a\s+collection\s+of|some", "*"),
    (r"an\s+optional|zero\s+or\s+one|at\s+most\s+one|0\s+or\s+1|optionally\s+an?|maybe\s+an?", "0..1"),
    (r"exactly\s+one|a\s+single|one|an?|the|1", "1"),
)
_NOT_A_CLASS = frozenset("abstract able allowed made composed part related linked connected used optional".split())


def _quantity(text: str) -> tuple[str | None, str]:
    """'many Students' → ('*', 'Students'); 'four Wheels' → ('4', 'Wheels'); 'Classes' → (None, 'Classes')."""
    text = text.strip()
    for pattern, multiplicity in _QUANTIFIERS:
        match = re.match(rf"(?:{pattern})\s+", text, re.I)
        if match:
            return multiplicity, text[match.end():]
    match = re.match(r"(\d+|" + "|".join(NUMBER_WORDS) + r")\s+", text, re.I)
    if match:
        count = match.group(1).lower()
        return NUMBER_WORDS.get(count, count), text[match.end():]
    return None, text


def class_name(text: str) -> str:
    """'the Classes' → 'Class', 'line items' → 'LineItem', 'Persons' → 'Person'."""
    words = noun_phrase(_words(_quantity(text)[1]))
    if not words or len(words) > 3 or any(re.fullmatch(_CLASS_VERB, w, re.I) for w in words):
        return ""  # not a name but a clause that was never split off
    return _camel([*words[:-1], singular(words[-1])])


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
        words = noun_phrase(_words(_quantity(item)[1]))
        if not words:
            return False
        if words[-1][:1].isupper() and not words[-1].isupper() or class_name(item) in self.known:
            return True
        return not self.capitalised and head_of(words) not in ATTRIBUTE_WORDS and words[-1].lower() not in ACRONYMS


_CLASS_VERB = r"\b(?:has|have|is|are|belongs?|extends|inherits|contains|consists|includes|owns?|holds?|can)\b"


def _class_clause(text: str) -> bool:
    """A new clause has its own subject; in 'Student and Teacher are …', 'Teacher are …' does not."""
    text = _strip_connectors(text)
    match = re.search(_CLASS_VERB, text, re.I)
    if match:
        subject = _words(text[: match.start()])
        plural_verb = match.group(0).lower() in {"are", "have", "belong", "own", "hold"}
        return bool(subject) and not (plural_verb and len(_strip_determiners(subject)) <= 2)
    return find_verb(_words(text)) is not None


def _subjects(text: str) -> list[str]:
    text = re.sub(r"^(?:both|all|every|each)\s+", "", text.strip(), flags=re.I)
    return [name for name in (class_name(part) for part in _split_list(text)) if name]


def _plan_class(body: str, title: str | None) -> ClassDiagram:
    b = _ClassBuilder()
    b.capitalised = bool(re.search(r"\b(?:a|an|the|many|both|and|of|to|are|is)\s+[A-Z][a-z]", body))
    clauses = [_strip_connectors(p.text) for p in pieces(body, _class_clause)]
    for clause in clauses:
        match = re.match(rf"^(.+?)\s+{_CLASS_VERB}", clause, re.I)
        subject = match.group(1) if match else " ".join(_words(clause)[: find_verb(_words(clause)) or 0])
        b.known.update(_subjects(subject))
    for clause in clauses:
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
            for item in _split_list(m["o"]):
                b.relate("association", source, class_name(item), label=f"{m['v'].lower()} by")
    elif m := _IS_A.match(clause):
        words = _words(m["o"])
        passive = words[-1].lower().endswith("ed") if words else True
        if words and words[0].lower() not in _NOT_A_CLASS and not passive and noun_phrase(words) == words:
            for child in _subjects(m["s"]):
                b.relate("inheritance", child, class_name(m["o"]))
    elif m := _BELONGS.match(clause):  # many-to-one
        for source in _subjects(m["s"]):
            for item in _split_list(m["o"]):
                b.relate("association", source, class_name(item), "*", _quantity(item)[0] or "1")
    elif m := _CONTAINS.match(clause):
        for whole in _subjects(m["s"]):
            for item in _split_list(m["o"]):
                multiplicity, rest = _quantity(item)
                b.relate("composition", whole, class_name(item), "1", multiplicity or _default_multiplicity(rest))
    elif m := _HAS.match(clause):
        _read_has(b, _subjects(m["s"]), m["o"], "" if m["v"].lower() in {"has", "have"} else m["v"].lower())
    elif m := _CAN.match(clause):  # among classes, abilities are methods
        methods = [method for method in (_method(vp) for vp in _split_list(m["o"])) if method]
        for name in _subjects(m["s"]):
            b.classes[b.add(name)].methods.extend(methods)
    else:
        _read_class_verb(b, _words(clause))


def _read_class_verb(b: _ClassBuilder, words: list[str]) -> None:
    """'a Teacher teaches Classes' → an association labelled with the verb."""
    verb_at = find_verb(words)
    if verb_at is None or verb_at + 1 >= len(words):
        return
    label, rest = words[verb_at].lower(), words[verb_at + 1:]
    if rest[0].lower() in PREPOSITIONS and len(rest) > 1:
        label, rest = f"{label} {rest[0].lower()}", rest[1:]  # "works in"
    for source in _subjects(" ".join(words[:verb_at])):
        for item in _split_list(" ".join(rest)):
            multiplicity = _quantity(item)[0]
            b.relate("association", source, class_name(item), None, multiplicity if multiplicity != "1" else None, label)


def _default_multiplicity(noun: str) -> str:
    words = noun.split()
    return "*" if words and singular(words[-1]) != words[-1] else "1"


def _read_has(b: _ClassBuilder, owners: list[str], objects: str, label: str) -> None:
    """'has many Students' → association 1 → *; 'has a name and an email' → attributes."""
    listed = re.match(r"^(?:the\s+)?(?:attributes|fields|properties)\s*:?\s*(?P<list>.+)$", objects, re.I)
    items = _split_list(listed["list"] if listed else objects)
    for owner in owners:
        b.add(owner)
        for item in items:
            multiplicity, rest = _quantity(item)
            if listed or not b.is_entity(item):
                attribute = " ".join(noun_phrase(_words(rest)))
                if attribute and attribute not in b.classes[owner].attributes:
                    b.classes[owner].attributes.append(attribute[:120])
                continue
            b.relate("association", owner, class_name(item), "1", multiplicity or _default_multiplicity(rest), label)


def _method(phrase: str) -> str:
    """'place orders' → 'placeOrder()'; 'enroll in classes' → 'enroll()'."""
    words = _strip_determiners(_words(phrase))
    if not words:
        return ""
    obj = noun_phrase(words[1:]) if len(words) > 1 and words[1].lower() not in PREPOSITIONS else []
    return (words[0].lower() + (_camel([singular(obj[-1])]) if obj else ""))[:60] + "()"


# --- activity ----------------------------------------------------------------------------

CONTINUE_WORDS = ("then", "finally", "afterwards", "after that", "in any case", "either way", "in both cases", "next")
_AUXILIARIES = frozenset("is are was were can will should must has have does do".split())


def _imperative(words: list[str]) -> bool:
    """'pack it', 'preheat the oven': a base-form verb, known or followed by its object."""
    if not words:
        return False
    first = words[0].lower()
    if first in BASE_VERBS:
        return True
    closed = DETERMINERS | PRONOUNS | PREPOSITIONS | _AUXILIARIES | {"and", "or", "if", "then", "not", "no"}
    objects = DETERMINERS | {"it", "them", "up", "out", "down", "off", "on", "in", "everything"}
    if first in closed or first.endswith("s") or not first.isalpha():
        return False
    if len(words) == 1:
        return words[0].islower()  # "…, refuel, then drive"
    return words[1].lower() in objects  # "wrap it", "preheat the oven"


def _activity_clause(text: str) -> bool:
    text = text.strip()
    if _starts_with(text, *IF_WORDS, *ELSE_WORDS, *CONTINUE_WORDS):
        return True
    return _imperative(_words(text))


def question(condition: str) -> str:
    """'the item is in stock' → 'Is the item in stock?'; 'the payment succeeds' → 'Does the payment succeed?'."""
    words = condition.strip(" ?.,").split()
    for i, word in enumerate(words[1:6], start=1):
        low = word.lower()
        if low in _AUXILIARIES:
            subject, rest = " ".join(words[:i]), words[i + 1:]
            participle = bool(rest) and (rest[0].lower() == "been" or rest[0].lower().endswith(("ed", "en")))
            if low in {"has", "have"} and not participle:
                return _sentence_case(f"{'does' if low == 'has' else 'do'} {subject} have {' '.join(rest)}") + "?"
            return _sentence_case(f"{low} {subject} {' '.join(rest)}") + "?"
        if low in THIRD_PERSON:
            return _sentence_case(f"does {' '.join(words[:i])} {THIRD_PERSON[low]} {' '.join(words[i + 1:])}") + "?"
    return _sentence_case(" ".join(words)) + "?"


@dataclass
class _Step:
    kind: str  # "action" | "if" | "unless" | "else"
    text: str
    sep: str  # what came before it: "." (new sentence), ";", ",", "and", "then"
    continues: bool = False  # it began with "then" / "finally": the flow goes on after a branch


_FLOW_MARK = re.compile(r"^\s*(?:start|begin|stop|end|finish|done)\s*[.!]?\s*$", re.I)


def _activity_steps(body: str) -> list[_Step]:
    steps: list[_Step] = []
    for piece in pieces(body, _activity_clause):
        text, sep = piece.text, piece.sep
        if _starts_with(text, *ELSE_WORDS):
            steps.append(_Step("else", "", sep))
            text, sep = re.sub(rf"^(?:{'|'.join(ELSE_WORDS)})\b[,\s]*", "", text, flags=re.I), ","
        if _starts_with(text, "when", "once", "after", "as soon as"):
            text = re.sub(r"^(?:when|once|after|as soon as)\s+", "", text, flags=re.I)  # an event: a step
        elif _starts_with(text, *IF_WORDS):
            kind = "unless" if _starts_with(text, "unless") else "if"
            condition, _, action = re.sub(r"^(?:if|in case|unless)\s+", "", text, flags=re.I).partition(" then ")
            steps.append(_Step(kind, condition.strip(), sep))
            text, sep = action.strip(), ","
        if _FLOW_MARK.match(text):
            continue  # "Start." / "Stop." / "End.": the diagram's own start and stop nodes, not actions
        if text:
            continues = _starts_with(text, *CONTINUE_WORDS)
            steps.append(_Step("action", _sentence_case(_strip_connectors(text)), sep, continues))
    return steps


class _ActivityParser:
    """Recursive descent over steps: an 'if' takes the actions up to 'otherwise', which takes the rest."""

    def __init__(self, steps: list[_Step]) -> None:
        self.steps, self.i = steps, 0

    def block(self, ends: Callable[[_Step], bool]) -> list[Action | Decision]:
        nodes: list[Action | Decision] = []
        while self.i < len(self.steps):
            step = self.steps[self.i]
            if nodes and (step.kind == "else" or ends(step)):
                break
            self.i += 1
            if step.kind in {"if", "unless"}:
                nodes.append(self.decision(step))
            elif step.kind == "action" and step.text:
                nodes.append(Action(text=step.text))
        return nodes

    def _else_follows(self) -> bool:
        for step in self.steps[self.i:]:
            if step.sep == ".":
                return step.kind == "else"
            if step.kind == "else":
                return True
        return False

    def decision(self, step: _Step) -> Decision:
        with_else = self._else_follows()
        then = self.block(lambda s: s.sep == "." or (s.continues and s.sep in {";", "."} and not with_else))
        otherwise: list[Action | Decision] = []
        if self.i < len(self.steps) and self.steps[self.i].kind == "else":
            self.i += 1
            otherwise = self.block(lambda s: s.sep == "." or s.continues)
        if not then:
            raise NotUnderstood("activity", [], f"found the condition {step.text!r} but no action for it")
        labels = ("no", "yes") if step.kind == "unless" else ("yes", "no")
        return Decision(condition=question(step.text)[:120], then=then, otherwise=otherwise,
                        then_label=labels[0], otherwise_label=labels[1])


def _plan_activity(body: str, title: str | None) -> ActivityDiagram:
    steps = _activity_steps(body)
    parser = _ActivityParser(steps)
    nodes: list[Action | Decision] = []
    while parser.i < len(steps):
        nodes.extend(parser.block(lambda s: False))
        if parser.i < len(steps) and steps[parser.i].kind == "else":
            parser.i += 1  # an 'otherwise' with no 'if' before it: keep its actions in the flow
    if not nodes:
        raise NotUnderstood("activity", [], "found no steps to draw")
    return ActivityDiagram(title=title, nodes=nodes)


# --- state -------------------------------------------------------------------------------

_STATE_LIST = re.compile(
    r"(?:\bcan\s+be(?:\s+in)?|\bis\s+(?:always\s+)?(?:either|one\s+of)|\bhas\s+(?:the\s+)?(?:states?|modes?)|"
    r"\b(?:states|modes)\s+are|\bstates?\s*:)\s*:?\s*(?:either\s+)?(?P<list>.+)$",
    re.I,
)
_CAPITALISED_LIST = re.compile(  # "The water is Solid, Liquid or Gas"
    r"\b(?:is|are)\s+(?:either\s+)?(?P<list>[A-Z][\w-]*(?:\s*,\s*[A-Z][\w-]*)+\s*,?\s+(?:or|and)\s+[A-Z][\w-]*)$"
)
_CHAIN = re.compile(
    r"\b(?:cycles?|goes|go|moves?|runs?|changes?|switches|switch|turns?|transitions?|passes|pass)\s+(?P<how>from|between|through)\s+(?P<chain>.+)$",
    re.I,
)
_MAKES = re.compile(
    r"^(?P<gerund>[a-z]+ing)\b(?P<middle>.*?)\b(?:makes?|turns?|puts?|sets?|gets?|moves?|brings?|changes?|sends?|leaves?)\s+"
    r"(?:it|them|(?:the|a|an)\s+\w+)\s+(?:to\s+|into\s+|in\s+|back\s+to\s+|back\s+)?(?P<target>[A-Za-z][\w-]*)",
    re.I,
)
_BECOMES = re.compile(
    r"^(?P<subject>.+?)\s+(?:becomes|goes\s+to|turns\s+into|turns|changes\s+to|moves\s+to|switches\s+to|leads\s+to|is\s+now)\s+"
    r"(?P<target>[A-Za-z][\w-]*)(?:\s+(?:again|when|on|after|if|once)\b\s*(?P<event>.*))?$",
    re.I,
)
_EVENT_THEN_BECOMES = re.compile(
    r"^(?:if|when|in\s+case|once|after)\s+(?P<event>.+?)\s+(?P<rest>(?:it|they|(?:the|a|an)\s+\w+)\s+"
    r"(?:becomes|goes\s+to|turns\s+into|changes\s+to|moves\s+to|switches\s+to|is\s+now)\s+.+)$",
    re.I,
)
_INITIAL = re.compile(r"\b(?:starts?|begins?)\s+(?:out\s+)?(?:in|as|at)\s+(?:the\s+)?(?P<state>[A-Za-z][\w-]*)", re.I)
_FINAL = re.compile(r"^(?P<list>.+?)\s+(?:is|are)\s+(?:the\s+|a\s+)?(?:final|terminal|end)(?:\s+states?)?$", re.I)
_ENDS = re.compile(r"\b(?:ends?|finishes|stops)\s+(?:in|at|as)\s+(?:the\s+)?(?P<state>[A-Za-z][\w-]*)", re.I)
_TRIGGER = re.compile(r"\s+(?:when|on|after|if|once)\s+(?P<event>.+)$", re.I)


def _stem(word: str) -> str:
    """'Locked' and 'lock' → 'lock'; 'Closed' and 'close' → 'clos': to match events with states."""
    low = word.lower()
    for suffix in ("ing", "ed", "e"):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            low = low[: -len(suffix)]
            break
    return low[:-1] if len(low) > 3 and low[-1] == low[-2] else low


@dataclass
class _StateBuilder:
    states: dict[str, str] = field(default_factory=dict)  # lower-case → display name
    listed: bool = False
    transitions: list[tuple[str, str, str]] = field(default_factory=list)
    initial: str | None = None
    finals: list[str] = field(default_factory=list)
    pending_event: str = ""  # from a leading "When the timer expires," clause

    def state(self, text: str) -> str | None:
        words = [w for w in _strip_determiners(_words(text)) if w.lower() not in {"back", "again", "state", "states"}]
        if not words or len(words) > 3:
            return None
        name = display_name(words)
        return self.states.setdefault(name.lower(), name)

    def find(self, words: Iterable[str], exclude: str | None = None) -> str | None:
        for word in words:
            name = self.states.get(word.lower())
            if name and name != exclude:
                return name
        return None

    def source_for(self, event: str, target: str) -> str | None:
        """Where an event with no stated source starts: 'unlocking' leaves Locked, else the last state reached."""
        undone = re.match(r"^(?:un|dis|de)(?P<rest>\w{3,})$", event)
        if undone:
            for name in self.states.values():
                if _stem(name) == _stem(undone["rest"]) and name != target:
                    return name
        if self.transitions and self.transitions[-1][1] != target:
            return self.transitions[-1][1]
        first = self.initial or next(iter(self.states.values()), None)
        if first and first != target:
            return first
        others = [name for name in self.states.values() if name != target]
        return others[0] if len(others) == 1 else None  # two states: the other one

    def transition(self, source: str | None, target: str | None, event: str) -> None:
        event = (event or self.pending_event).strip(" ,.")
        self.pending_event = ""
        if source and target and (source, target, event) not in self.transitions:
            self.transitions.append((source, target, event[:120]))


def _state_clause(text: str) -> bool:
    if _starts_with(text, *IF_WORDS) or re.match(r"^[A-Za-z][a-z]*ing\s+(?!(?:or|and)\b)[a-z]", text):  # "Closing an open door …", not a lone "Boiling"
        return True
    final = _FINAL.match(text)
    if final and not re.search(r",|\band\b", final["list"]) and re.search(r"\bare\b", text, re.I):
        return False  # "Shipped and [Cancelled are final]": part of a list, not a clause
    patterns = (_BECOMES, _CHAIN, _INITIAL, _STATE_LIST, _CAPITALISED_LIST, _FINAL, _ENDS)
    return any(pattern.search(text) for pattern in patterns)


def _plan_state(body: str, title: str | None) -> StateDiagram:
    b = _StateBuilder()
    for piece in pieces(body, _state_clause):
        _read_state_clause(b, _strip_connectors(piece.text))
    names = list(b.states.values())
    if not b.transitions:
        found = f"found {', '.join(names)} but no transitions between them" if names else "found no states"
        raise NotUnderstood("state", names, found)
    initial = b.initial or (names[0] if b.listed else b.transitions[0][0])
    return StateDiagram(
        title=title,
        states=[State(name=n) for n in names],
        initial=initial,
        finals=[f for f in dict.fromkeys(b.finals) if f != initial],
        transitions=[Transition(source=s, target=t, event=e) for s, t, e in b.transitions],
    )


def _read_state_clause(b: _StateBuilder, clause: str) -> None:
    if _starts_with(clause, *IF_WORDS) and "," not in clause:
        inline = _EVENT_THEN_BECOMES.match(clause)  # "when the water boils it becomes Boiling"
        if inline is None:
            b.pending_event = re.sub(r"^(?:if|when|in case|once|after)\s+", "", clause, flags=re.I)
            return
        b.pending_event, clause = inline["event"], inline["rest"]
    if m := _STATE_LIST.search(clause) or _CAPITALISED_LIST.search(clause):
        for item in _split_list(m["list"]):
            b.state(item)
        b.listed = True
        return
    if m := _INITIAL.search(clause):
        b.initial = b.state(m["state"])
    if m := _FINAL.match(clause):
        b.finals.extend(s for s in (b.state(item) for item in _split_list(m["list"])) if s)
        return
    if m := _ENDS.search(clause):
        b.finals.append(b.state(m["state"]) or "")
    if m := _CHAIN.search(clause):
        chains = re.split(r"\s*(?:,\s*(?:and\s+)?|\band\s+)from\s+", m["chain"]) if m["how"].lower() == "from" else [m["chain"]]
        for chain in chains:  # "from A to B when …, from B to C when … and from C to D"
            _read_chain(b, clause[: m.start()], m["how"].lower(), chain)
    elif m := _MAKES.match(clause):
        event = base_of_gerund(m["gerund"])
        middle = _words(m["middle"])
        particle = 0 < len(middle) <= 2 and middle[0].lower() in {"it", "them"}  # "switching it off": a verb, not the state Off
        if particle or (0 < len(middle) <= 2 and middle[0].lower() not in DETERMINERS and not b.find(middle)):
            event = " ".join([event, *(w.lower() for w in middle)])  # "pressing pause" → "press pause"
        target = b.state(m["target"])
        source = (None if particle else b.find(_words(m["middle"]), exclude=target)) or (target and b.source_for(event, target))
        b.transition(source, target, event)
    elif m := _BECOMES.match(clause):
        subject = _words(m["subject"])
        named = 0 < len(subject) <= 3 and all(w[:1].isupper() for w in subject) and subject[0].lower() not in DETERMINERS
        source = b.find(subject) or (b.state(m["subject"]) if named else None)  # "Green becomes Yellow"
        target = b.state(m["target"])
        if source == target or source is None:
            source = target and b.source_for("", target)
        b.transition(source, target, m["event"] or "")


def _read_chain(b: _StateBuilder, before: str, how: str, chain: str) -> None:
    """'from Green to Yellow to Red and back to Green' / 'between On and Off' → consecutive transitions."""
    event = ""
    trigger = _TRIGGER.search(chain)
    if trigger:
        event, chain = trigger["event"], chain[: trigger.start()]
    gerund = re.match(r"^\s*([a-z]+ing)\b", before, re.I)
    if gerund:
        event = base_of_gerund(gerund.group(1))
    if how == "between":
        names = [b.state(item) for item in _split_list(chain)]
        names = [n for n in names if n]
        pairs = list(zip(names, names[1:] + names[:1])) if len(names) > 1 else []
    else:
        names = [b.state(item) for item in re.split(r"\s*,?\s+(?:and\s+)?(?:then\s+)?(?:back\s+)?(?:to|into)\s+|\s*(?:->|→)\s*", chain)]
        names = [n for n in names if n]
        pairs = list(zip(names, names[1:]))
    for source, target in pairs:
        b.transition(source, target, event)
        b.pending_event = event
    b.pending_event = ""


# --- use case ----------------------------------------------------------------------------

_ABILITY = re.compile(
    r"^(?P<actors>.+?)\s+(?:can|may|could|is\s+able\s+to|are\s+able\s+to|(?:should|must|will)\s+be\s+able\s+to|"
    r"wants?\s+to|needs?\s+to|is\s+allowed\s+to|are\s+allowed\s+to)\s+(?:also\s+|only\s+|just\s+)*(?!be\b)(?P<goals>.+)$",
    re.I,
)
_LETS = re.compile(r"\b(?:lets|allows|enables)\s+(?P<rest>.+)$", re.I)
_INHERITS_ACTOR = re.compile(
    r"^(?P<child>.+?)\s+(?:is|are)\s+(?:also\s+)?(?:an?\s+)?(?:(?:kind|type|special\s+kind)\s+of\s+(?:an?\s+)?)?(?P<parent>\w+(?:\s+\w+)?)$",
    re.I,
)
_EVERYTHING = re.compile(r"^do\s+(?:everything|anything|all|whatever)\s+(?:that\s+)?(?P<parent>.+?)\s+can(?:\s+do)?$", re.I)


@dataclass
class _UseCaseBuilder:
    actors: dict[str, str] = field(default_factory=dict)  # lower-case → display
    usecases: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)
    generalisations: list[tuple[str, str]] = field(default_factory=list)

    def actor(self, text: str) -> str | None:
        words = noun_phrase(_words(re.sub(r"^(?:both|all|every|each)\s+", "", text.strip(), flags=re.I)))
        if not words or len(words) > 3 or words[0].lower() in PRONOUNS:
            return None
        name = display_name([*words[:-1], singular(words[-1])])
        return self.actors.setdefault(name.lower(), name)

    def usecase(self, text: str) -> str:
        name = _sentence_case(re.sub(r"^(?:to|also|only|just)\s+", "", text.strip(), flags=re.I))[:60]
        return self.usecases.setdefault(name.lower(), name)


def _goals(text: str) -> list[str]:
    """'manage users and view reports' → ['manage users', 'view reports']; 'search and filter products'
    → ['search products', 'filter products'] (a bare verb borrows the next goal's object)."""
    parts = [p for p in _split_list(text) if _words(p)]
    goals: list[str] = []
    for i, part in enumerate(parts):
        words = _words(part)
        if len(words) == 1 and i + 1 < len(parts) and len(_words(parts[i + 1])) > 1:
            part = " ".join([words[0], *_words(parts[i + 1])[1:]])
        goals.append(part)
    return goals


def _usecase_clause(text: str) -> bool:
    return bool(_ABILITY.match(text) or _LETS.search(text) or _INHERITS_ACTOR.match(text))


def _plan_usecase(body: str, title: str | None) -> UseCaseDiagram:
    b = _UseCaseBuilder()
    for piece in pieces(body, _usecase_clause):
        _read_usecase_clause(b, _strip_connectors(piece.text))
    actors = list(b.actors.values())
    if not b.links:
        raise NotUnderstood("usecase", actors, "found no actor who can do something")
    linked = {a for a, _ in b.links} | {x for pair in b.generalisations for x in pair}
    return UseCaseDiagram(
        title=title,
        actors=[UseCaseActor(name=a) for a in actors if a in linked],
        usecases=[UseCase(name=u) for u in b.usecases.values()],
        links=[UseCaseLink(actor=a, usecase=u) for a, u in dict.fromkeys(b.links)],
        generalisations=[Generalisation(child=c, parent=p) for c, p in dict.fromkeys(b.generalisations)],
    )


def _read_usecase_clause(b: _UseCaseBuilder, clause: str) -> None:
    if m := _ABILITY.match(clause):
        actors = [a for a in (b.actor(x) for x in _split_list(m["actors"])) if a]
        goals_text = m["goals"]
    elif (m := _LETS.search(clause)) and (words := _words(m["rest"])):
        verb_at = next((i for i, w in enumerate(words) if i and (w.lower() in BASE_VERBS or w.lower() == "to")), None)
        if verb_at is None:  # "lets members X …": take the actor to be the first noun
            verb_at = 2 if words[0].lower() in DETERMINERS else 1
        if verb_at >= len(words):
            return
        actors = [a for a in (b.actor(x) for x in _split_list(" ".join(words[:verb_at]))) if a]
        goals_text = " ".join(words[verb_at + (words[verb_at].lower() == "to"):])
    elif m := _INHERITS_ACTOR.match(clause):
        parent = b.actor(m["parent"])
        for child in (b.actor(x) for x in _split_list(m["child"])):
            if child and parent and child != parent:
                b.generalisations.append((child, parent))
        return
    else:
        return
    for goal in _goals(goals_text):
        everything = _EVERYTHING.match(goal)
        if everything:
            parent = b.actor(everything["parent"])
            b.generalisations.extend((a, parent) for a in actors if parent and a != parent)
            continue
        usecase = b.usecase(goal)
        b.links.extend((a, usecase) for a in actors if usecase)


# --- component / deployment --------------------------------------------------------------

_DEPLOYED = re.compile(r"\b(?:deployed|hosted|runs?|lives?)\s+(?:on|in|to)\b", re.I)


def _component_clause(text: str) -> bool:
    words = _words(_strip_connectors(text))
    return bool(words) and (words[0].lower() in PRONOUNS | set(THIRD_PERSON) or find_verb(words) is not None)


@dataclass
class _ComponentBuilder:
    registry: Registry = field(default_factory=Registry)
    links: list[tuple[int, int, str]] = field(default_factory=list)
    nodes: set[int] = field(default_factory=set)  # targets of 'is deployed on'
    last_subjects: list[int] = field(default_factory=list)
    last_objects: list[int] = field(default_factory=list)

    def things(self, text: str) -> list[int]:
        out = []
        for item in _split_list(text):
            located = re.search(r"\b(?:in|into|to|on|from|via)\s+(?P<place>[^,]+)$", item, re.I)
            if located:  # "… images in S3 and data in DynamoDB": the place is the component
                item = located["place"]
            words = noun_phrase(_words(_quantity(item)[1]))
            if words and words[0].lower() not in PRONOUNS and len(words) <= 4:
                out.append(self.registry.add(display_name(words)))
        return out

    def subjects(self, words: list[str]) -> list[int]:
        """Who does it: named things, or 'which' / 'it' / 'both services' / 'they' for earlier ones."""
        words = subject_words(words)
        np = noun_phrase(words)
        first = words[0].lower() if words else ""
        if first in {"which", "that", "who"}:
            return self.last_objects[-1:]
        if first in {"it", "this"}:
            return self.last_subjects
        plural = first in {"both", "all", "each", "they", "these", "those"} or (
            len(np) == 1 and singular(np[0]) != np[0] and self.registry.find(display_name(np)) is None
        )
        if plural:
            head = singular(np[-1]).lower() if np else ""
            pool = self.last_objects if len(self.last_objects) > 1 else self.last_objects + self.last_subjects
            matching = [i for i in pool if head and self.registry.names[i].lower().endswith(head)]
            return matching or ([] if head and head not in {"they", "them"} and np else pool)
        return self.things(" ".join(words))


def _plan_component(body: str, title: str | None) -> ComponentDiagram:
    b = _ComponentBuilder()
    for piece in pieces(body, _component_clause):
        words = _words(_strip_connectors(piece.text))
        if not words:
            continue
        if words[0].lower() in THIRD_PERSON and b.last_subjects:
            verb_at, sources = 0, b.last_subjects  # "… and writes to S3"
        else:
            verb_at = 1 if words[0].lower() in PRONOUNS else find_verb(words)
            if verb_at is None or verb_at >= len(words):
                continue
            sources = b.subjects(words[:verb_at])
        rest = words[verb_at + 1:]
        preposition = next((i for i, w in enumerate(rest[:4]) if w.lower() in PREPOSITIONS), None)
        label_words = [words[verb_at], *rest[: preposition + 1]] if preposition is not None else [words[verb_at]]
        targets = b.things(" ".join(rest[preposition + 1:] if preposition is not None else rest))
        label = " ".join(w.lower() for w in label_words)
        verb = label_words[0].lower()
        if verb in BASE_VERBS and verb not in THIRD_PERSON:  # "both services use" → "uses"
            label = " ".join([_third_person(verb), *label.split()[1:]])
        for source in sources:
            for target in targets:
                if source != target and (source, target, label) not in b.links:
                    b.links.append((source, target, label))
        if _DEPLOYED.search(" ".join(label_words)):
            b.nodes.update(targets)
        b.last_subjects, b.last_objects = sources or b.last_subjects, targets or b.last_objects
    names = b.registry.names
    if not b.links:
        raise NotUnderstood("component", names, "found no link between components")
    components = [
        Component(name=name, stereotype="node" if i in b.nodes and _stereotype(name) == "component" else _stereotype(name))
        for i, name in enumerate(names)
    ]
    links = [Link(source=names[s], target=names[t], label=label[:120]) for s, t, label in b.links]
    return ComponentDiagram(title=title, components=components, links=links)


# --- choosing the reader and explaining failure ---------------------------------------------

_READERS: dict[str, Callable[[str, str | None], Diagram]] = {
    "sequence": _plan_sequence,
    "class": _plan_class,
    "activity": _plan_activity,
    "state": _plan_state,
    "usecase": _plan_usecase,
    "component": _plan_component,
}
_ARTICLE = {"activity": "an activity", "usecase": "a use case"}


def plan_diagram(prompt: str) -> Diagram:
    """Read a sentence into a diagram; UserError says what was understood when that is not enough."""
    frame = read_frame(prompt)
    if not _words(frame.body):
        if not frame.explicit:
            raise _no_diagram(frame.body)
        kind = f"{_ARTICLE.get(frame.kind, f'a {frame.kind}')} diagram" if frame.kind else "a diagram"
        raise UserError(
            f"You asked for {kind} but did not describe anything to draw. "
            f"Describe the parts and how they connect, for example: \"{EXAMPLES[frame.kind or 'sequence']}\"",
            suggestions=list(EXAMPLES.values()),
        )
    if frame.kind:
        candidates = [frame.kind]
    else:
        scores = type_scores(frame.body)
        candidates = sorted((k for k in TYPE_ORDER if scores[k] > 0), key=lambda k: -scores[k])
        if not candidates and frame.explicit:
            candidates = list(TYPE_ORDER)
        if not candidates:
            raise _no_diagram(frame.body)
    failures: list[NotUnderstood] = []
    for kind in candidates:
        try:
            diagram = _READERS[kind](frame.body, frame.title)
        except NotUnderstood as failure:
            failures.append(failure)
            continue
        except ValidationError as invalid:  # e.g. more elements than a diagram may hold
            reason = invalid.errors()[0]["msg"]
            failures.append(NotUnderstood(kind, [], f"could not fit what I read into one diagram ({reason})",
                                          "Split the description into smaller diagrams."))
            continue
        if kind == "activity" and frame.kind != "activity" and _too_thin(diagram):
            failures.append(NotUnderstood("activity", diagram.names(), "found a single step and no decision"))
            continue
        return diagram
    raise _explain(max(failures, key=lambda f: len(f.found)))  # the reader that got furthest


def _too_thin(diagram: ActivityDiagram) -> bool:
    return len(diagram.nodes) < 2 and not any(isinstance(n, Decision) for n in diagram.nodes)


def _explain(failure: NotUnderstood) -> UserError:
    kind = failure.kind
    article = _ARTICLE.get(kind, f"a {kind}")
    advice = failure.advice or f"Say how the parts connect, for example: \"{EXAMPLES[kind]}\""
    return UserError(
        f"This reads like {article} diagram, but I could not draw it: I {failure.problem}. {advice}",
        suggestions=[EXAMPLES[kind]],
    )


def _no_diagram(body: str) -> UserError:
    """Nothing in the text reads as a diagram: say what little was recognised, and how to ask."""
    examples = f"\"{EXAMPLES['sequence']}\" or \"{EXAMPLES['class']}\""
    if _looks_like_math(body):
        return UserError(
            f"This looks like a maths problem, not a diagram: I found no parts and no relations between them. "
            f"To get a diagram, describe the parts and how they connect, for example {examples}",
            suggestions=list(EXAMPLES.values()),
        )
    words = _words(body)
    things = [w for i, w in enumerate(words) if singular(w.lower()) in SYSTEM_HEADS | PERSON_HEADS | DATABASE_WORDS
              or (i and w[:1].isupper())]
    found = (f"I found only {', '.join(repr(t) for t in dict.fromkeys(things))}, with nothing connected to it"
             if things else "I found no parts (participants, classes, states, actors or components) to draw")
    return UserError(
        f"I could not find a diagram in this: no diagram type was named, and {found}. "
        f"Name the type (\"Draw a sequence diagram: …\") or describe the parts and how they connect, for example {examples}",
        suggestions=list(EXAMPLES.values()),
    )
