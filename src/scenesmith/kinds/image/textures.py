"""Map textures made in code: each a seeded, deterministic picture of one kind of ground seen from above.

`make(name, height, width, seed, unit)` gives an RGB uint8 array. `unit` is the size in pixels of the
texture's smallest feature (a tree crown, a furrow, a roof): the fill takes it from the size of the whole
image, so a forest painted into a small mask has the same trees as one painted into a large one. Every
texture draws only from its own `numpy.random.Generator`, so the same seed gives the same pixels.
"""

from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

Rgb = tuple[int, int, int]
MAX_SIDE = 4096


def noise(rng: np.random.Generator, height: int, width: int, scale: float, octaves: int = 4) -> np.ndarray:
    """Fractal value noise in 0..1: random grids of growing resolution, smoothly enlarged and summed."""
    total = np.zeros((height, width), np.float32)
    amplitude, weight = 1.0, 0.0
    for octave in range(octaves):
        cell = max(scale / (2**octave), 1.0)
        grid = rng.random((int(height / cell) + 3, int(width / cell) + 3), dtype=np.float32)
        big = cv2.resize(grid, (int(grid.shape[1] * cell), int(grid.shape[0] * cell)), interpolation=cv2.INTER_CUBIC)
        total += amplitude * big[:height, :width]
        weight += amplitude
        amplitude *= 0.5
    total /= weight
    low, high = float(total.min()), float(total.max())
    return (total - low) / (high - low + 1e-6)


def mix(a: Rgb, b: Rgb, t: np.ndarray) -> np.ndarray:
    """Per pixel, the colour between a (t=0) and b (t=1), as float RGB 0..255."""
    t = np.clip(t, 0, 1)[..., None]
    return np.asarray(a, np.float32) * (1 - t) + np.asarray(b, np.float32) * t


def shade(height_map: np.ndarray, strength: float) -> np.ndarray:
    """Hill shading lit from the upper left: about 1, brighter on slopes facing the light."""
    gy, gx = np.gradient(height_map.astype(np.float32))
    return 1.0 + strength * (-gx - gy)


def _coords(height: int, width: int, angle: float) -> tuple[np.ndarray, np.ndarray]:
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    c, s = np.cos(angle), np.sin(angle)
    return x * c + y * s, -x * s + y * c


def water(rng, h, w, unit):
    depth = noise(rng, h, w, unit * 40)
    u, _ = _coords(h, w, rng.uniform(0, np.pi))
    ripple = np.sin(u / (unit * 0.9) + noise(rng, h, w, unit * 12) * 9.0)
    image = mix((58, 112, 150), (24, 70, 112), depth)
    image *= (1.0 + 0.035 * ripple)[..., None]
    sparkle = noise(rng, h, w, unit * 2, octaves=2) > 0.93
    image[sparkle] = image[sparkle] * 0.8 + np.float32([190, 215, 230]) * 0.2
    return image


def _crowns(rng, h, w, unit, density, radius, colours, base: Rgb, spacing: float | None = None):
    """Tree crowns seen from above: shaded discs in varied greens over darker ground."""
    height_map = np.zeros((h, w), np.float32)
    tone = np.zeros((h, w), np.float32)
    if spacing:  # planted in rows (an orchard)
        ys, xs = np.mgrid[spacing / 2 : h : spacing, spacing / 2 : w : spacing]
        centres = np.stack([xs.ravel(), ys.ravel()], 1) + rng.normal(0, spacing * 0.06, (xs.size, 2))
    else:
        count = int(h * w * density / (unit * unit))
        centres = rng.random((count, 2)) * [w, h]
    radii = rng.uniform(radius * 0.7, radius * 1.3, len(centres)) * unit
    tones = rng.random(len(centres))
    for (x, y), r, t in zip(centres, radii, tones):
        centre, size = (int(x), int(y)), max(int(r), 1)
        cv2.circle(height_map, centre, size, float(r), -1, lineType=cv2.LINE_AA)
        cv2.circle(tone, centre, size, float(t), -1, lineType=cv2.LINE_AA)
    covered = cv2.GaussianBlur((height_map > 0).astype(np.float32), (0, 0), unit * 0.3)
    height_map = cv2.GaussianBlur(height_map, (0, 0), unit * 0.6)
    image = mix(colours[0], colours[1], tone * 0.7 + noise(rng, h, w, unit * 6) * 0.3)
    image *= np.clip(shade(height_map, 0.9), 0.55, 1.45)[..., None]
    ground = np.broadcast_to(np.asarray(base, np.float32), image.shape)
    return ground * (1 - covered[..., None]) + image * covered[..., None]


def forest(rng, h, w, unit):
    return _crowns(rng, h, w, unit, density=0.32, radius=1.5, colours=((38, 78, 32), (74, 112, 48)), base=(20, 38, 18))


def orchard(rng, h, w, unit):
    grass = meadow(rng, h, w, unit)
    trees = _crowns(rng, h, w, unit, density=0, radius=1.3, colours=((50, 92, 38), (80, 122, 52)), base=(0, 0, 0), spacing=unit * 4.5)
    lit = trees.sum(axis=2) > 30
    grass[lit] = trees[lit]
    return grass


def meadow(rng, h, w, unit):
    patches = noise(rng, h, w, unit * 25)
    image = mix((112, 148, 66), (86, 128, 52), patches)
    image *= (0.93 + 0.14 * noise(rng, h, w, unit * 0.8, octaves=2))[..., None]
    flowers = noise(rng, h, w, unit * 0.7, octaves=1) > 0.985
    image[flowers] = np.float32([205, 200, 120])
    return image


FIELD_COLOURS: tuple[Rgb, ...] = ((196, 172, 104), (150, 118, 80), (112, 140, 64), (168, 160, 86), (128, 100, 70), (140, 160, 90))


def farmland(rng, h, w, unit):
    u, v = _coords(h, w, rng.uniform(-0.4, 0.4))
    span = (h + w) * 1.5
    strips = np.cumsum(rng.uniform(unit * 12, unit * 28, int(span / (unit * 12)) + 2)) - span / 2
    column = np.searchsorted(strips, u)
    cuts = np.cumsum(rng.uniform(unit * 10, unit * 40, (len(strips) + 1, int(span / (unit * 10)) + 2)), axis=1) - span / 2
    row = np.zeros_like(column)
    for c in np.unique(column):
        where = column == c
        row[where] = np.searchsorted(cuts[c], v[where])
    field = column * 1000 + row
    ids, index = np.unique(field, return_inverse=True)
    index = index.reshape(field.shape)
    palette = np.asarray(FIELD_COLOURS, np.float32)[rng.integers(0, len(FIELD_COLOURS), len(ids))]
    image = palette[index]
    along = rng.random(len(ids))[index] > 0.5  # furrows along or across the strip
    furrow = np.sin(np.where(along, u, v) / (unit * 0.45))
    image *= (1.0 + 0.06 * furrow)[..., None]
    image *= (0.94 + 0.12 * noise(rng, h, w, unit * 15))[..., None]
    edges = cv2.morphologyEx(index.astype(np.float32), cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8)) > 0
    hedge = cv2.dilate(edges.astype(np.uint8), np.ones((max(int(unit * 0.5), 1),) * 2, np.uint8)) > 0
    image[hedge] = image[hedge] * 0.45 + np.float32([60, 80, 40]) * 0.55
    return image


def sand(rng, h, w, unit):
    u, _ = _coords(h, w, rng.uniform(0, np.pi))
    dunes = np.sin(u / (unit * 2.2) + noise(rng, h, w, unit * 20) * 8.0)
    image = mix((226, 204, 156), (200, 172, 120), noise(rng, h, w, unit * 30))
    image *= (1.0 + 0.04 * dunes)[..., None]
    image *= (0.95 + 0.1 * rng.random((h, w), dtype=np.float32))[..., None]
    return image


def rock(rng, h, w, unit):
    relief = noise(rng, h, w, unit * 30, octaves=6)
    ridges = 1.0 - np.abs(noise(rng, h, w, unit * 12, octaves=5) - 0.5) * 2
    image = mix((150, 144, 134), (96, 92, 88), relief)
    image *= np.clip(shade(relief * unit * 10, 0.8), 0.7, 1.3)[..., None]
    cracks = ridges > 0.93
    image[cracks] *= 0.6
    return image


def road(rng, h, w, unit):
    image = mix((92, 92, 96), (72, 72, 78), noise(rng, h, w, unit * 20))
    image *= (0.92 + 0.16 * rng.random((h, w), dtype=np.float32))[..., None]
    return image


ROOFS: tuple[Rgb, ...] = ((168, 86, 62), (150, 76, 58), (120, 120, 122), (92, 92, 98), (186, 172, 150), (140, 130, 118))


def buildings(rng, h, w, unit):
    image = np.empty((h, w, 3), np.float32)
    image[:] = (104, 104, 108)  # streets
    block = unit * 14
    for top in np.arange(-rng.uniform(0, block), h, block):
        for left in np.arange(-rng.uniform(0, block), w, block):
            street = unit * 1.5
            y0, x0, y1, x1 = top + street, left + street, top + block - street, left + block - street
            cv2.rectangle(image, (int(x0), int(y0)), (int(x1), int(y1)), (150, 146, 136), -1)  # yards
            y = y0
            while y < y1 - unit:
                depth = rng.uniform(unit * 2.5, unit * 5)
                x = x0
                while x < x1 - unit:
                    width = rng.uniform(unit * 2.5, unit * 6)
                    bx1, by1 = int(min(x + width, x1)), int(min(y + depth, y1))
                    roof = np.asarray(ROOFS[rng.integers(len(ROOFS))], np.float32) * rng.uniform(0.9, 1.1)
                    cv2.rectangle(image, (int(x) + int(unit * 0.4), int(y) + int(unit * 0.4)), (bx1 + int(unit * 0.4), by1 + int(unit * 0.4)), (60, 60, 64), -1)  # shadow
                    cv2.rectangle(image, (int(x), int(y)), (bx1, by1), tuple(float(c) for c in roof), -1)
                    ridge = (int(y) + by1) // 2
                    cv2.rectangle(image, (int(x), int(y)), (bx1, ridge), tuple(float(c) * 1.12 for c in roof), -1)  # the lit half of the roof
                    x += width + rng.uniform(0, unit)
                y += depth + rng.uniform(unit * 0.3, unit)
    image *= (0.95 + 0.1 * noise(rng, h, w, unit * 2, octaves=2))[..., None]
    return image


def snow(rng, h, w, unit):
    relief = noise(rng, h, w, unit * 30, octaves=5)
    image = mix((246, 248, 252), (214, 224, 238), relief)
    image *= np.clip(shade(relief * unit * 8, 0.5), 0.88, 1.08)[..., None]
    return image


def marsh(rng, h, w, unit):
    image = mix((96, 110, 62), (120, 124, 78), noise(rng, h, w, unit * 10))
    pools = noise(rng, h, w, unit * 8, octaves=3) > 0.62
    image[pools] = mix((60, 88, 96), (44, 70, 84), noise(rng, h, w, unit * 4))[pools]
    image *= (0.93 + 0.14 * rng.random((h, w), dtype=np.float32))[..., None]
    return image


def vineyard(rng, h, w, unit):
    u, v = _coords(h, w, rng.uniform(0, np.pi))
    soil = mix((150, 122, 90), (128, 102, 76), noise(rng, h, w, unit * 20))
    rows = np.cos(u / (unit * 1.4) * np.pi) ** 8 * (0.75 + 0.25 * np.sin(v / unit * 2.1) ** 2)
    vines = mix((64, 96, 44), (86, 118, 52), noise(rng, h, w, unit * 3))
    t = np.clip(rows * 1.3, 0, 1)[..., None]
    return soil * (1 - t) + vines * t


TEXTURES: dict[str, Callable[[np.random.Generator, int, int, float], np.ndarray]] = {
    "water": water,
    "forest": forest,
    "meadow": meadow,
    "farmland": farmland,
    "sand": sand,
    "rock": rock,
    "road": road,
    "buildings": buildings,
    "snow": snow,
    "marsh": marsh,
    "vineyard": vineyard,
    "orchard": orchard,
}


def make(name: str, height: int, width: int, seed: int = 0, unit: float = 4.0) -> np.ndarray:
    """The texture `name` as an RGB uint8 array of height x width, the same for the same seed."""
    if name not in TEXTURES:
        raise KeyError(f"unknown texture {name!r}; known: {', '.join(TEXTURES)}")
    if not (1 <= height <= MAX_SIDE and 1 <= width <= MAX_SIDE):
        raise ValueError(f"texture size {width}x{height} is outside 1..{MAX_SIDE}")
    rng = np.random.default_rng([seed, sorted(TEXTURES).index(name)])
    image = TEXTURES[name](rng, height, width, max(float(unit), 1.0))
    return np.clip(image, 0, 255).astype(np.uint8)


def unit_for(height: int, width: int) -> float:
    """The feature size for an image: about 1/120 of its shorter side, at least 2 pixels."""
    return max(min(height, width) / 120.0, 2.0)
