"""The storyboard IR: the typed plan every video planner writes and the Manim compiler reads.

The same pydantic models validate plans written by rules, by retrieval from the topic
library, or by an LLM under a JSON schema; downstream code cannot tell them apart.
Every list and number is bounded so that a schema handed to a model stays finite.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

Color = Literal["white", "yellow", "blue", "green", "red", "orange", "purple", "teal", "gold", "gray", "pink"]
Coordinate = Annotated[float, Field(ge=-100, le=100)]
ShortText = Annotated[str, Field(min_length=1, max_length=120)]
Latex = Annotated[str, Field(min_length=1, max_length=200)]
Expr = Annotated[str, Field(min_length=1, max_length=120, description="SymPy expression in x, e.g. 'x**2 - 4'")]
ElementId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


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


class AxisRange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: Coordinate
    max: Coordinate
    step: Annotated[float, Field(gt=0, le=50)] = 1


class AxesPlotElement(_Element):
    """Axes with function graphs, marked points, a tangent line or a shaded area."""

    type: Literal["axes_plot"] = "axes_plot"
    x_range: AxisRange
    y_range: AxisRange
    functions: list[PlotFunction] = Field(default_factory=list, max_length=4)
    points: list[MarkedPoint] = Field(default_factory=list, max_length=8)
    tangent: Tangent | None = None
    area: ShadedArea | None = None
    x_label: Annotated[str, Field(max_length=8)] = "x"
    y_label: Annotated[str, Field(max_length=8)] = "y"


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
