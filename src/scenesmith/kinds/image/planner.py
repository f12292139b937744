"""The embedded image planner: a wish to a method, with no model.

- The prompt's language is the one whose words (textures.yaml) it uses most; English on a tie.
- A texture is chosen by BM25 over the library's words in that language (scenesmith.retrieval.bm25),
  compared by Snowball stem: "a lake here" -> water, "Wald hier" -> forest.
- A removal ("remove the car", "erase the text", "die Schrift entfernen") is classical inpainting; the
  words after the removal word say what is removed, so they need no texture.
- Every other word must name the chosen texture or only say where or how ("here", "please"). A word
  that does not ("a lake with a purple submarine") is listed as not used, and the run is partial: the
  embedded painter never silently drops part of a wish.
- A wish that names no texture ("a dragon here") cannot be painted without a model: the region is
  filled from its surroundings instead, and the run says so (partial). With a diffusion model
  configured, the model follows the whole prompt instead.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, Field

from scenesmith.kinds.image.vocabulary import WORD, Library, library
from scenesmith.retrieval.bm25 import BM25Index

Method = Literal["texture", "removal", "surroundings", "diffusion"]
METHOD_NAMES = {
    "texture": "library texture, Poisson-blended (cv2.seamlessClone)",
    "removal": "classical inpainting",
    "surroundings": "classical inpainting",
    "diffusion": "diffusion model (diffusers StableDiffusionInpaintPipeline)",
}
MIN_SCORE = 0.1  # a BM25 score below this is no match
NEAR = 0.5  # scores this close to the best are a tie, which the texture named first wins


class Reading(BaseModel):
    """What the planner made of a prompt's words."""

    language: str
    removal: list[str] = Field(default_factory=list)  # the words that ask for a removal
    removed: list[str] = Field(default_factory=list)  # the words after a removal word: what goes
    texture: str | None = None
    texture_words: list[str] = Field(default_factory=list)  # the words that named it
    scores: dict[str, float] = Field(default_factory=dict)  # BM25 score per texture (those above 0)
    adding: bool = False  # a word asks for something to be put in ("add", "with", "replace")
    other: list[str] = Field(default_factory=list)  # words that are neither a texture's, a removal's nor only about where or how
    translated: str = ""  # the prompt with the texture's words in English (a place for a translation model)


class ImagePlan(BaseModel):
    """How the masked region will be repainted, and why."""

    prompt: str
    method: Method
    texture: str | None = None
    reason: str
    unused: list[str] = Field(default_factory=list)  # words of the wish the method does not follow
    reading: Reading

    @property
    def partial(self) -> bool:
        """Whether the result leaves part of the wish undone (the run's status is then 'partial')."""
        return self.method == "surroundings" or bool(self.unused)


@cache
def _index(language: str) -> tuple[list[str], BM25Index]:
    books: Library = library()
    stems = books.texture_stems(language)
    names = list(stems)
    return names, BM25Index([" ".join(sorted(stems[n])) for n in names], tokenizer=str.split)


def _language(words: list[str]) -> str:
    books = library()
    best, best_hits = "en", 0
    for language, vocabulary in books.words.items():
        known = vocabulary.ignored_stems | vocabulary.removal_stems | frozenset().union(*books.texture_stems(language).values())
        hits = sum(vocabulary.stem(w) in known for w in words)
        if hits > best_hits:
            best, best_hits = language, hits
    return best


def read(prompt: str) -> Reading:
    """The prompt's words sorted into texture, removal, where-or-how and the rest.

    Words after a removal word ("replace the forest with a lake", "remove the car and add a meadow") up to
    a word that puts something in say what goes: they are neither the texture nor unused."""
    books = library()
    language = _language([w.lower() for w in WORD.findall(prompt)])
    vocabulary = books.words[language]
    text = prompt
    if vocabulary.removal_phrases is not None:  # "get rid of" counts as one removal word, where it stood
        single = next(w for w in vocabulary.removal if " " not in w)
        text = vocabulary.removal_phrases.sub(f" {single} ", text)
    words = WORD.findall(text)
    stems = [vocabulary.stem(w) for w in words]
    removing, going = False, []
    for stem in stems:  # which words say what is removed
        if stem in vocabulary.removal_stems:
            removing = True
        elif stem in vocabulary.adding_stems:
            removing = False
        going.append(removing)
    names, index = _index(language)
    wished = [stem for stem, gone in zip(stems, going) if not gone]
    scores = dict(zip(names, index.scores(" ".join(wished))))
    first = {n: next((i for i, (st, gone) in enumerate(zip(stems, going)) if not gone and st in books.texture_stems(language)[n]), len(stems)) for n in names}
    top = max(scores.values())
    close = [n for n in names if scores[n] >= MIN_SCORE and scores[n] >= NEAR * top]
    texture = min(close, key=lambda n: (first[n], -scores[n])) if close else None  # of the close matches, the one named first
    own = books.texture_stems(language)[texture] if texture else frozenset()
    english = books.names(texture, "en")[0] if texture else ""
    removal, removed, texture_words, other, translated = [], [], [], [], []
    for word, stem, gone in zip(words, stems, going):
        translated.append(english if stem in own and not gone and language != "en" else word)
        if stem in vocabulary.removal_stems:
            removal.append(word)
        elif gone:
            removed.append(word)
        elif stem in own:
            texture_words.append(word)
        elif stem not in vocabulary.ignored_stems:
            other.append(word)
    return Reading(
        language=language,
        removal=removal,
        removed=[w for w in removed if vocabulary.stem(w) not in vocabulary.ignored_stems],
        texture=texture,
        texture_words=texture_words,
        scores={n: round(s, 3) for n, s in sorted(scores.items(), key=lambda t: -t[1]) if s > 0},
        adding=any(stem in vocabulary.adding_stems for stem in stems),
        other=other,
        translated=" ".join(translated) if language != "en" else prompt,
    )


def _quoted(words: list[str]) -> str:
    return ", ".join(repr(w) for w in words)


def _names(words: list[str]) -> str:
    return "names" if len(words) == 1 else "name"


def _not_used(reading: Reading) -> str:
    """Why each unused word was not used: another texture (one mask takes one) or nothing in the library."""
    books = library()
    stems = books.texture_stems(reading.language)
    vocabulary = books.words[reading.language]
    elsewhere = [w for w in reading.other if any(vocabulary.stem(w) in stems[n] for n in stems)]
    unknown = [w for w in reading.other if w not in elsewhere]
    parts = []
    if elsewhere:
        parts.append(f"{_quoted(elsewhere)} {_names(elsewhere)} another texture (one mask takes one texture: paint a second mask for it)")
    if unknown:
        parts.append(f"{_quoted(unknown)} {_names(unknown)} nothing in the texture library ('scenesmith textures')")
    return "; ".join(parts) + ": not used"


def plan_edit(prompt: str, diffusion: bool = False) -> ImagePlan:
    """The method for a wish; `diffusion`: a diffusion model is configured and follows what the library cannot."""
    reading = read(prompt)
    title = library().textures[reading.texture].title.lower() if reading.texture else ""
    if reading.removal and not (reading.texture and reading.adding):  # "remove the lake", "den See entfernen": the lake goes
        removed = " ".join(reading.removed + reading.texture_words + reading.other)
        what = f" ({removed})" if removed else ""
        return ImagePlan(prompt=prompt, method="removal", reason=f"the wish asks for a removal{what}: the region is rebuilt from its surroundings", reading=reading)
    if reading.texture:
        named = _quoted(reading.texture_words)
        if diffusion:
            return ImagePlan(prompt=prompt, method="diffusion", texture=reading.texture, reason=f"a diffusion model is configured; it follows the whole prompt ({named} names {title})", reading=reading)
        unused = reading.other
        reason = f"{named} names the library texture {title!r}"
        if reading.removed:
            reason += f" (in place of {' '.join(reading.removed)})"
        if unused:
            reason += "; " + _not_used(reading)
        return ImagePlan(prompt=prompt, method="texture", texture=reading.texture, reason=reason, unused=unused, reading=reading)
    if diffusion:
        return ImagePlan(prompt=prompt, method="diffusion", reason="no library texture is named; the configured diffusion model follows the prompt", reading=reading)
    unused = reading.other
    words = ", ".join(repr(w) for w in unused) or repr(prompt)
    reason = (
        f"there is no texture for {words} in the library ('scenesmith textures' lists them) and no diffusion model is configured "
        "(SCENESMITH_INPAINT_MODEL), so the region was filled from its surroundings instead"
    )
    return ImagePlan(prompt=prompt, method="surroundings", reason=reason, unused=unused, reading=reading)


def claim(prompt: str) -> float:
    """1 for a texture or a removal; less for other words (the region is filled from its surroundings, partial); 0 for no words."""
    reading = read(prompt)
    if reading.texture or reading.removal:
        return 1.0
    return 0.5 if WORD.search(prompt) else 0.0


def nearest_textures(prompt: str, k: int = 3) -> list[str]:
    """The textures the prompt comes closest to, or the first few of the library."""
    reading = read(prompt)
    names = list(reading.scores)[:k] or list(library().textures)[:k]
    return [library().textures[n].title.lower() for n in names]
