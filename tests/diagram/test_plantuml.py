"""The PlantUML renderer against the real Debian PlantUML: warm pipes, the cold fallback, and errors it must not miss."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image

from scenesmith.kinds.diagram import plantuml
from scenesmith.kinds.diagram.plantuml import PlantUML, Problem, looks_like_error_image, parse_report, render_cold

GOOD = "@startuml\nAlice -> Bob : hello\nBob --> Alice : hi\n@enduml"
BROKEN = "@startuml\nAlice -> Bob : hello\nthis is not plantuml ((\nBob --> Alice : hi\n@enduml"
CLASSES = "@startuml\nclass School\nclass Student\nSchool \"1\" -- \"*\" Student\n@enduml"  # needs Graphviz


@pytest.fixture(scope="module")
def renderer(tmp_path_factory):
    r = PlantUML(tmp_path_factory.mktemp("plantuml"))
    yield r
    r.close()


def test_warm_renders_svg_and_png_and_stays_warm(renderer):
    first = renderer.render_many(GOOD)
    assert first["svg"].ok and first["png"].ok, (first["svg"].problems, first["png"].problems)
    assert first["svg"].data.lstrip().startswith(b"<?xml") and b"Alice" in first["svg"].data
    image = Image.open(io.BytesIO(first["png"].data))
    assert image.width > 50 and image.height > 50
    started = time.monotonic()
    again = renderer.render_many(CLASSES)
    assert again["svg"].ok and again["png"].ok, again["svg"].problems
    assert again["svg"].warm and b"School" in again["svg"].data
    assert time.monotonic() - started < 5  # generous: a warm diagram takes hundredths of a second


def test_a_syntax_error_is_reported_with_its_one_based_line(renderer):
    result = renderer.render(BROKEN, "svg")
    assert not result.ok
    assert result.problems[0].line == 3
    assert result.problems[0].text == "this is not plantuml (("
    assert "line 3" in result.problems[0].describe()
    # the JVM survives a bad diagram
    assert renderer.render(GOOD, "svg").ok


def test_the_error_image_alone_is_caught_even_without_a_report(renderer):
    """PlantUML draws errors into the image; with the status report gone, the image check still refuses it."""
    for fmt in ("svg", "png"):
        drawn = renderer.render(BROKEN, fmt)
        assert looks_like_error_image(drawn.data, fmt)
        assert not looks_like_error_image(renderer.render(GOOD, fmt).data, fmt)
        assert plantuml._checked(fmt, drawn.data, "", BROKEN, 0.0, True).problems  # no report, still an error


def test_an_error_picture_with_a_welcome_panel_is_still_caught(renderer):
    """A short broken diagram gets PlantUML's white 'Welcome to PlantUML!' panel above the error: a third black only."""
    short = "@startuml\nAlice -> Bob : hello\nthis is not plantuml ((\n@enduml"
    for fmt in ("svg", "png"):
        drawn = renderer.render(short, fmt)
        assert not drawn.ok
        assert looks_like_error_image(drawn.data, fmt)
        assert plantuml._checked(fmt, drawn.data, "", short, 0.0, True).problems


def test_exit_status_zero_does_not_mean_success(tmp_path):
    """The cold path reads the report and the image, never the exit status."""
    broken = render_cold(BROKEN, "png", tmp_path)
    assert not broken.ok and broken.problems[0].line == 3
    good = render_cold(GOOD, "svg", tmp_path)
    assert good.ok and not good.warm


def test_a_dead_warm_jvm_falls_back_to_a_cold_run(tmp_path):
    r = PlantUML(tmp_path / "r")
    try:
        assert r.render(GOOD, "svg").warm
        r.servers["svg"].proc.kill()  # the warm JVM dies between diagrams
        r.servers["svg"].proc.wait()
        result = r.render(GOOD, "svg")
        assert result.ok
        assert not result.warm  # this one went through the cold CLI
        assert r.render(GOOD, "svg").warm  # and the next one through a fresh warm JVM
    finally:
        r.close()


def test_a_diagram_that_takes_too_long_is_stopped(tmp_path):
    r = PlantUML(tmp_path / "slow", timeout_s=0.001)
    try:
        server = r.server("svg")
        server.start()  # the JVM is up before the diagram, so the timeout is what stops it
        jvm = server.proc
        assert jvm is not None and jvm.poll() is None
        result = r.render(GOOD, "svg")
        assert result.timed_out and not result.ok
        # checked before close(): the timeout itself stopped the JVM and let go of it
        assert r.servers["svg"] is server and server.proc is None
        assert jvm.poll() is not None
    finally:
        r.close()


def test_report_parsing():
    report = "protocolVersion=1\nstatus=ERROR\nlineNumber=1\nlabel=Syntax Error?\n"
    assert parse_report(report, "@startuml\nbad line\n@enduml") == [Problem(2, "Syntax Error?", "bad line")]
    assert parse_report("protocolVersion=1\nstatus=OK\n", "x") == []
    missing_dot = 'java.io.IOException: Cannot run program "/opt/local/bin/dot": error=2'
    assert parse_report(missing_dot, "x")[0].message.startswith("java.io.IOException")


def test_close_stops_the_jvms(tmp_path):
    r = PlantUML(tmp_path / "c")
    assert all(result.ok for result in r.render_many(GOOD).values())  # both JVMs are up
    procs = [s.proc for s in r.servers.values()]
    assert len(procs) == 2 and all(p.poll() is None for p in procs)
    r.close()
    assert all(p.poll() is not None for p in procs)
