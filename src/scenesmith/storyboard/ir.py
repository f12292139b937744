"""The storyboard IR: the typed plan every video planner writes and the Manim compiler reads.

The same pydantic models validate plans written by rules, by retrieval from the topic
library, or by an LLM under a JSON schema; downstream code cannot tell them apart.
Every list and number is bounded so that a schema handed to a model stays finite.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

Color = Literal["white", "yellow", "blue", "green", "red", "orange", "purple", "teal", "gold", "gray", "pink"]
Coordinate = Annotated[float, Field(ge=-100, le=100)]
ShortText = Annotated[str, Field(min_length=1, max_length=120)]
Latex = Annotated[str, Field(min_length=1, max_length=200)]
Expr = Annotated[str, Field(min_length=1, max_length=120, description="SymPy expression in x, e.g. 'x**2 - 4'")]
ElementId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
Label = Annotated[str, Field(min_length=1, max_length=40, description=r"short LaTeX, e.g. 'A', '70^\circ' or '\frac{1}{2}'")]


class _Element(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: ElementId


class TextElement(_Element):
    """Plain words on screen."""

    type: Literal["text"] = "text"
    text: ShortText
    size: Literal["title", "heading", "body", "caption"] = "body"
    color: Color = "white"


class EquationElement(_Element):
    """One LaTeX formula."""

    type: Literal["equation"] = "equation"
    latex: Latex
    color: Color = "white"
    boxed: bool = False


class EquationStep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    latex: Latex
    reason: ShortText


class EquationStepsElement(_Element):
    """A chain of formulas, each transformed from the previous one, with its reason as a caption."""

    type: Literal["equation_steps"] = "equation_steps"
    start: Latex
    steps: list[EquationStep] = Field(min_length=1, max_length=16)
    box_last: bool = False


class PlotFunction(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expr: Expr
    label: Latex | None = None
    color: Color = "blue"
    x_min: Coordinate | None = None
    x_max: Coordinate | None = None


class MarkedPoint(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: Coordinate
    y: Coordinate
    label: Annotated[str, Field(max_length=40)] | None = None
    color: Color = "yellow"


class Tangent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expr: Expr
    x0: Coordinate
    color: Color = "orange"


class ShadedArea(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expr: Expr
    a: Coordinate
    b: Coordinate
    color: Color = "teal"


class PolygonVertex(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: Coordinate
    y: Coordinate


class PlotPolygon(BaseModel):
    """A filled polygon on axes, e.g. the unit square or its image under a matrix."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    vertices: list[PolygonVertex] = Field(min_length=3, max_length=8)
    color: Color = "yellow"
    opacity: Annotated[float, Field(ge=0, le=1)] = 0.35
    label: Label | None = None
    from_polygon: Annotated[int, Field(ge=0, le=1, description="grow out of this earlier polygon of the list")] | None = None


class AxisRange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: Coordinate
    max: Coordinate
    step: Annotated[float, Field(gt=0, le=50)] = 1


class AxesPlotElement(_Element):
    """Axes with function graphs, marked points, a tangent line, a shaded area or filled polygons."""

    type: Literal["axes_plot"] = "axes_plot"
    x_range: AxisRange
    y_range: AxisRange
    functions: list[PlotFunction] = Field(default_factory=list, max_length=4)
    points: list[MarkedPoint] = Field(default_factory=list, max_length=8)
    tangent: Tangent | None = None
    area: ShadedArea | None = None
    polygons: list[PlotPolygon] = Field(default_factory=list, max_length=3)
    x_label: Annotated[str, Field(max_length=8)] = "x"
    y_label: Annotated[str, Field(max_length=8)] = "y"

    @model_validator(mode="after")
    def _polygons_fit(self) -> AxesPlotElement:
        for k, polygon in enumerate(self.polygons):
            for v in polygon.vertices:
                if not (self.x_range.min <= v.x <= self.x_range.max and self.y_range.min <= v.y <= self.y_range.max):
                    raise ValueError(f"polygon {k}: vertex ({v.x:g}, {v.y:g}) lies outside the axes")
            if polygon.from_polygon is not None and polygon.from_polygon >= k:
                raise ValueError(f"polygon {k}: from_polygon must name an earlier polygon of the list")
        return self


class AreaUnderCurveElement(_Element):
    """A curve on axes with the region between a and b shaded and its value written."""

    type: Literal["area_under_curve"] = "area_under_curve"
    expr: Expr
    a: Coordinate
    b: Coordinate
    x_range: AxisRange
    y_range: AxisRange
    value_latex: Latex | None = None
    color: Color = "teal"


class ShapeLabel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Annotated[str, Field(min_length=1, max_length=40)]
    at: Literal["center", "top", "bottom", "left", "right", "side_a", "side_b", "side_c"] = "center"
    math: bool = True


class ShapeElement(_Element):
    """A labelled geometric shape. Sizes are in abstract units and scaled to fit."""

    type: Literal["shape"] = "shape"
    shape: Literal["circle", "square", "rectangle", "right_triangle", "triangle", "polygon"]
    width: Annotated[float, Field(gt=0, le=20)] = 2
    height: Annotated[float, Field(gt=0, le=20)] = 2
    sides: Annotated[int, Field(ge=3, le=12)] = 5
    show_radius: bool = False
    color: Color = "blue"
    fill: bool = True
    labels: list[ShapeLabel] = Field(default_factory=list, max_length=4)


class Interval(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: Coordinate | None = None
    end: Coordinate | None = None
    include_start: bool = False
    include_end: bool = False
    color: Color = "yellow"


class NumberLineElement(_Element):
    """A number line with marked points and shaded intervals (for inequalities)."""

    type: Literal["number_line"] = "number_line"
    x_range: AxisRange
    points: list[MarkedPoint] = Field(default_factory=list, max_length=8)
    intervals: list[Interval] = Field(default_factory=list, max_length=3)


class Vector2(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: Annotated[float, Field(ge=-10, le=10)]
    y: Annotated[float, Field(ge=-10, le=10)]
    label: Annotated[str, Field(max_length=24)] | None = None
    color: Color = "yellow"


class VectorsElement(_Element):
    """Arrows from the origin on a coordinate plane, optionally with their sum drawn tip to tail."""

    type: Literal["vectors"] = "vectors"
    vectors: list[Vector2] = Field(min_length=1, max_length=4)
    show_sum: bool = False
    extent: Annotated[int, Field(ge=2, le=10)] = 5


class HighlightElement(_Element):
    """A box drawn around an element shown earlier in the same scene."""

    type: Literal["highlight"] = "highlight"
    target: ElementId
    color: Color = "yellow"


PlaneCoordinate = Annotated[float, Field(ge=-10, le=10)]
PointName = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_']{0,7}$", description="a name to refer to the point by, e.g. 'A' or 'P1'")]
LabelDirection = Literal["auto", "up", "down", "left", "right", "up_left", "up_right", "down_left", "down_right"]


class PlanePoint(BaseModel):
    """A named point of a drawing; `dot: false` keeps it as the invisible end of a line."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    name: PointName
    x: PlaneCoordinate
    y: PlaneCoordinate
    label: Label | None = None
    label_at: LabelDirection = Field("auto", description="'auto' puts the label on the side away from the drawing's centre")
    dot: bool = True
    color: Color = "white"


class Segment(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    start: PointName
    end: PointName
    label: Label | None = None
    color: Color = "white"
    dashed: bool = False


class AngleMark(BaseModel):
    """The angle at `vertex` between the rays towards `start` and `end`, drawn on its side under 180 degrees.

    A straight angle (180 degrees) is drawn counterclockwise from `start` to `end`. `radius`
    (in drawing units) draws the arc at that distance, e.g. on a circle for a radian.
    """

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    vertex: PointName
    start: PointName
    end: PointName
    label: Label | None = None
    color: Color = "yellow"
    right: bool = Field(False, description="a square corner mark; the angle must be 90 degrees")
    radius: Annotated[float, Field(gt=0, le=10)] | None = None


class CircleOutline(BaseModel):
    model_config = ConfigDict(extra="forbid")
    center: PointName
    radius: Annotated[float, Field(gt=0, le=10)]
    color: Color = "blue"
    dashed: bool = False


def angle_between(vertex: PlanePoint, start: PlanePoint, end: PlanePoint) -> float:
    """The angle at vertex between the two rays, in degrees, 0..180."""
    a = math.atan2(start.y - vertex.y, start.x - vertex.x)
    b = math.atan2(end.y - vertex.y, end.x - vertex.x)
    turn = abs(math.degrees(b - a)) % 360
    return min(turn, 360 - turn)


class SegmentsElement(_Element):
    """Labelled points, straight segments, angle marks and circles in a plain plane (no axes).

    Coordinates are in drawing units (at most 10 from the origin); the compiler scales the
    drawing to the body region, so only the proportions matter.
    """

    type: Literal["segments"] = "segments"
    points: list[PlanePoint] = Field(min_length=1, max_length=12)
    segments: list[Segment] = Field(default_factory=list, max_length=12)
    angles: list[AngleMark] = Field(default_factory=list, max_length=6)
    circles: list[CircleOutline] = Field(default_factory=list, max_length=2)

    @model_validator(mode="after")
    def _references_and_geometry(self) -> SegmentsElement:
        points: dict[str, PlanePoint] = {}
        for p in self.points:
            if p.name in points:
                raise ValueError(f"point {p.name!r} is defined twice")
            points[p.name] = p

        def point(name: str, what: str) -> PlanePoint:
            if name not in points:
                raise ValueError(f"{what} names point {name!r}, which is not in points")
            return points[name]

        def apart(a: PlanePoint, b: PlanePoint) -> bool:
            return math.hypot(a.x - b.x, a.y - b.y) > 1e-6

        for k, seg in enumerate(self.segments):
            if not apart(point(seg.start, f"segment {k}"), point(seg.end, f"segment {k}")):
                raise ValueError(f"segment {k} has no length: {seg.start!r} and {seg.end!r} are the same place")
        for k, mark in enumerate(self.angles):
            vertex, start, end = (point(mark.vertex, f"angle {k}"), point(mark.start, f"angle {k}"), point(mark.end, f"angle {k}"))
            if not (apart(vertex, start) and apart(vertex, end)):
                raise ValueError(f"angle {k}: a ray from the vertex {mark.vertex!r} has no length")
            size = angle_between(vertex, start, end)
            if size < 1e-6:
                raise ValueError(f"angle {k} is zero: both rays point the same way")
            if mark.right and abs(size - 90) > 0.5:
                raise ValueError(f"angle {k} is marked right but measures {size:.1f} degrees")
        for k, circle in enumerate(self.circles):
            point(circle.center, f"circle {k}")
        if not (self.segments or self.angles or self.circles or any(p.dot or p.label for p in self.points)):
            raise ValueError("the drawing shows nothing: give a point a dot or a label, or add a segment, angle or circle")
        return self


TableText = Annotated[str, Field(min_length=1, max_length=24)]


class TableCellPosition(BaseModel):
    """A body cell, counted from 1: row 1 is the first row under the header."""

    model_config = ConfigDict(extra="forbid")
    row: Annotated[int, Field(ge=1, le=8)]
    column: Annotated[int, Field(ge=1, le=6)]


class TableElement(_Element):
    """A small table: a header row and up to 8 rows of up to 6 short cells, shown row by row."""

    model_config = ConfigDict(coerce_numbers_to_str=True)
    type: Literal["table"] = "table"
    header: list[TableText] = Field(min_length=1, max_length=6)
    rows: list[Annotated[list[TableText], Field(min_length=1, max_length=6)]] = Field(min_length=1, max_length=8)
    math: bool = Field(True, description="body cells are LaTeX; false for plain text")
    header_math: bool = Field(True, description="header cells are LaTeX; false for plain text")
    header_color: Color = "yellow"
    highlight: list[TableCellPosition] = Field(default_factory=list, max_length=8)
    highlight_color: Color = "green"

    @model_validator(mode="after")
    def _rectangular(self) -> TableElement:
        for k, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise ValueError(f"row {k} has {len(row)} cells but the header has {len(self.header)}")
        for cell in self.highlight:
            if cell.row > len(self.rows) or cell.column > len(self.header):
                raise ValueError(f"highlighted cell (row {cell.row}, column {cell.column}) is outside the {len(self.rows)} x {len(self.header)} table")
        return self


NodeId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_]{1,16}$")]
TREE_MAX_DEPTH = 4
TREE_MAX_LEAVES = 16


class TreeNode(BaseModel):
    """One node; every node but the first names its parent, which must come earlier in the list."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    id: NodeId
    parent: NodeId | None = None
    label: Label | None = Field(None, description="LaTeX; without one the node is a dot")
    edge_label: Label | None = Field(None, description="LaTeX on the edge from the parent, e.g. a probability")
    color: Color = "white"


class TreeElement(_Element):
    """A rooted tree (a probability tree, a factor tree) drawn left to right or top down."""

    type: Literal["tree"] = "tree"
    direction: Literal["right", "down"] = "right"
    nodes: list[TreeNode] = Field(min_length=2, max_length=31)

    @model_validator(mode="after")
    def _one_rooted_tree(self) -> TreeElement:
        root, *rest = self.nodes
        if root.parent is not None or root.edge_label is not None:
            raise ValueError("the first node is the root: it has no parent and no edge label")
        depth = {root.id: 0}
        children: dict[str, int] = {root.id: 0}
        for node in rest:
            if node.id in depth:
                raise ValueError(f"node {node.id!r} is defined twice")
            if node.parent is None:
                raise ValueError(f"node {node.id!r} has no parent; only the first node is the root")
            if node.parent not in depth:
                raise ValueError(f"node {node.id!r}: its parent {node.parent!r} must be an earlier node")
            depth[node.id] = depth[node.parent] + 1
            if depth[node.id] > TREE_MAX_DEPTH:
                raise ValueError(f"node {node.id!r} is {depth[node.id]} levels deep; at most {TREE_MAX_DEPTH}")
            children[node.parent] += 1
            children[node.id] = 0
        leaves = sum(1 for count in children.values() if count == 0)
        if leaves > TREE_MAX_LEAVES:
            raise ValueError(f"the tree has {leaves} leaves; at most {TREE_MAX_LEAVES}")
        return self


CellText = Annotated[str, Field(min_length=1, max_length=8, description="LaTeX, usually a number")]
CellIndex = Annotated[int, Field(ge=0, le=15)]
CELLS_MAX_POINTERS = 3


class CellPointer(BaseModel):
    """A named arrow under a cell (low, mid, high, i, j); it moves when its index changes."""

    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,7}$")]
    index: CellIndex


class CellsState(BaseModel):
    """The array at one moment: its values and which cells are marked, counted from 0.

    Mark colours: found (gold) over sorted (green) over swap (orange) over compare (yellow);
    crossed cells are struck through, dimmed cells fade. `swap: [i, j]` says this state came
    from the previous one by exchanging cells i and j (the values must show exactly that).
    """

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    values: list[CellText] = Field(min_length=1, max_length=16)
    compare: list[CellIndex] = Field(default_factory=list, max_length=16)
    swap: Annotated[list[CellIndex], Field(min_length=2, max_length=2)] | None = None
    sorted: list[CellIndex] = Field(default_factory=list, max_length=16)
    found: list[CellIndex] = Field(default_factory=list, max_length=16)
    crossed: list[CellIndex] = Field(default_factory=list, max_length=16)
    dimmed: list[CellIndex] = Field(default_factory=list, max_length=16)
    pointers: list[CellPointer] = Field(default_factory=list, max_length=CELLS_MAX_POINTERS)
    caption: ShortText | None = None


class CellsElement(_Element):
    """A row of up to 16 cells shown state by state: an algorithm (sorting, search, a sieve) step by step."""

    type: Literal["cells"] = "cells"
    states: list[CellsState] = Field(min_length=1, max_length=24)
    show_indices: bool = False

    @model_validator(mode="after")
    def _consistent_states(self) -> CellsElement:
        size = len(self.states[0].values)
        names: list[str] = []
        for k, state in enumerate(self.states):
            if len(state.values) != size:
                raise ValueError(f"state {k} has {len(state.values)} values; the first state has {size}")
            marked = [*state.compare, *(state.swap or []), *state.sorted, *state.found, *state.crossed, *state.dimmed, *(p.index for p in state.pointers)]
            if any(i >= size for i in marked):
                raise ValueError(f"state {k} marks cell {max(marked)}, but the cells are numbered 0..{size - 1}")
            pointer_names = [p.name for p in state.pointers]
            if len(set(pointer_names)) != len(pointer_names):
                raise ValueError(f"state {k} names a pointer twice")
            names += [n for n in pointer_names if n not in names]
            if state.swap is not None:
                i, j = state.swap
                if k == 0 or i == j:
                    raise ValueError(f"state {k}: a swap exchanges two different cells of the previous state")
                expected = list(self.states[k - 1].values)
                expected[i], expected[j] = expected[j], expected[i]
                if state.values != expected:
                    raise ValueError(f"state {k}: the values are not the previous values with cells {i} and {j} exchanged")
        if len(names) > CELLS_MAX_POINTERS:
            raise ValueError(f"the states use {len(names)} pointer names ({', '.join(names)}); at most {CELLS_MAX_POINTERS}")
        return self


MatrixEntry = Annotated[str, Field(min_length=1, max_length=24, description="LaTeX")]


class MatrixElement(_Element):
    """A matrix of LaTeX entries (up to 4 x 4) with an optional label before it, e.g. 'A ='."""

    model_config = ConfigDict(coerce_numbers_to_str=True)
    type: Literal["matrix"] = "matrix"
    entries: list[Annotated[list[MatrixEntry], Field(min_length=1, max_length=4)]] = Field(min_length=1, max_length=4)
    label: Label | None = None
    brackets: Literal["square", "round", "bars"] = Field("square", description="'bars' for a determinant")
    highlight_rows: list[Annotated[int, Field(ge=1, le=4)]] = Field(default_factory=list, max_length=4, description="counted from 1")
    highlight_columns: list[Annotated[int, Field(ge=1, le=4)]] = Field(default_factory=list, max_length=4, description="counted from 1")
    highlight_color: Color = "yellow"

    @model_validator(mode="after")
    def _rectangular(self) -> MatrixElement:
        width = len(self.entries[0])
        if any(len(row) != width for row in self.entries):
            raise ValueError("every row of the matrix needs the same number of entries")
        if any(r > len(self.entries) for r in self.highlight_rows) or any(c > width for c in self.highlight_columns):
            raise ValueError(f"a highlighted row or column is outside the {len(self.entries)} x {width} matrix")
        return self


Element = Annotated[
    Union[
        TextElement,
        EquationElement,
        EquationStepsElement,
        AxesPlotElement,
        AreaUnderCurveElement,
        ShapeElement,
        NumberLineElement,
        VectorsElement,
        HighlightElement,
        SegmentsElement,
        TableElement,
        TreeElement,
        CellsElement,
        MatrixElement,
    ],
    Field(discriminator="type"),
]


class StoryboardScene(BaseModel):
    """One scene: a heading, elements shown in order, and what the narrator says."""

    model_config = ConfigDict(extra="forbid")
    id: ElementId
    heading: Annotated[str, Field(max_length=60)] | None = None
    narration: Annotated[str, Field(min_length=1, max_length=600)]
    layout: Literal["column", "row"] = "column"
    elements: list[Element] = Field(min_length=1, max_length=6)
    hold: Annotated[float, Field(ge=0.2, le=10)] = 1.5


class Storyboard(BaseModel):
    """The whole plan of one video."""

    model_config = ConfigDict(extra="forbid")
    title: Annotated[str, Field(min_length=1, max_length=80)]
    kind: Annotated[str, Field(max_length=32)] = "explainer"
    scenes: list[StoryboardScene] = Field(min_length=1, max_length=12)
    answer_text: Annotated[str, Field(max_length=300)] | None = None
