"""The scenesmith command line: make, resume, runs, kinds, and the commands each kind registers (topics, actions).

Exit codes: 0 succeeded, 3 partial, 2 bad or unsupported input, 1 internal error.
With --json, stdout carries exactly one JSON object and everything else goes to stderr.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from scenesmith.cli_parts import HomeOption, JsonListOption, JsonOption, err, out, print_list
from scenesmith import doctor as doctor_api
from scenesmith.engine import runs as run_api
from scenesmith.engine.errors import UserError
from scenesmith.media.quality import describe as describe_qualities
from scenesmith.store import FolderError, Run, Store, default_home, writable_folder

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_PARTIAL = 0, 1, 2, 3
STATUS_EXIT = {"succeeded": EXIT_OK, "partial": EXIT_PARTIAL, "failed": EXIT_INTERNAL}

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, help="One sentence in, a finished and checked visual out: math videos, diagrams, stick-figure animations.")
runs_app = typer.Typer(help="List stored runs, or show one.", invoke_without_command=True)
app.add_typer(runs_app, name="runs")


class QualityChoice(str, Enum):
    low = "low"
    medium = "medium"
    high = "high"


def open_store(home: Path | None) -> Store:
    """The store at --home (or the default), or UserError when that folder is unusable (a file, read-only)."""
    try:
        return Store(home or default_home())
    except FolderError as exc:
        raise UserError(str(exc)) from None


def check_out_dir(out_dir: Path | None) -> Path | None:
    """The --out folder, created and proven writable before any work is done, or UserError saying what is wrong."""
    if out_dir is None:
        return None
    try:
        return writable_folder(out_dir.expanduser().resolve(), "The output folder", "Choose another folder with --out.")
    except FolderError as exc:
        raise UserError(str(exc)) from None


def fail(message: str, code: int, as_json: bool, run_id: str | None = None, kind: str | None = None) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    if as_json:
        print(json.dumps({"run_id": run_id, "kind": kind, "status": "failed", "artifacts": {}, "answer": None, "answer_latex": None, "error": message, "timings": {}}))
    raise typer.Exit(code)


class StageProgress:
    """A live list of stages on stderr: spinner while running, then done / cached / failed with seconds."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.live = enabled and err.is_terminal  # on a pipe: one plain line per finished stage
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=False, disable=not self.live)
        self.tasks: dict[str, int] = {}
        self.lock = threading.Lock()

    def __enter__(self) -> StageProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, stage: str, event: str, seconds: float) -> None:
        if not self.enabled:
            return
        labels = {"started": "[cyan]running[/]", "done": "[green]done[/]", "cached": "[blue]cached[/]", "failed": "[red]failed[/]", "degraded": "[yellow]placeholder[/]"}
        with self.lock:
            text = f"{stage:<34} {labels.get(event, event)}" + (f" {seconds:.1f}s" if event in ("done", "failed", "degraded") else "")
            if not self.live:
                if event != "started":
                    err.print(text, highlight=False)
                return
            if stage not in self.tasks:
                self.tasks[stage] = self.progress.add_task(text, total=1)
            self.progress.update(self.tasks[stage], description=text, completed=0 if event == "started" else 1)


def execute_and_finish(store: Store, run_id: str, out_dir: Path | None, as_json: bool, started: float, pool=None) -> None:
    """Drive the run with a progress display, then report it and exit with its code."""
    try:
        with StageProgress(enabled=not as_json) as progress:
            result = run_api.execute(store, run_id, progress, pool)
    except UserError as exc:
        fail(str(exc), EXIT_BAD_INPUT, as_json, run_id)
    finish(store, result, out_dir, as_json, started)


def finish(store: Store, result: run_api.RunResult, out_dir: Path | None, as_json: bool, started: float) -> None:
    if out_dir is not None and result.artifacts:
        with store.session() as session:
            blobs = dict(session.get(Run, result.run_id).artifacts)
        try:
            result.artifacts = run_api.export(store, result.run_id, blobs, out_dir.expanduser().resolve(), kind=result.kind)
        except OSError as exc:  # the folder went away or became unwritable while the run worked: the run itself is safe
            fail(f"Run {result.run_id} {result.status}, and its files are stored (scenesmith runs show {result.run_id}), but they could not be copied into "
                 f"--out {str(out_dir)!r}: {exc.strerror or exc}. Copy them with: scenesmith resume {result.run_id} --out ANOTHER_FOLDER", EXIT_BAD_INPUT, as_json, result.run_id, result.kind)
    code = STATUS_EXIT[result.status]
    if result.status == "failed" and result.user_error:
        code = EXIT_BAD_INPUT
    if as_json:
        print(json.dumps(result.contract(), indent=2))
    else:
        colour = {"succeeded": "green", "partial": "yellow", "failed": "red"}[result.status]
        out.print(f"[bold {colour}]{result.status}[/] run {result.run_id} ({result.kind}) in {time.monotonic() - started:.1f}s", highlight=False)
        if result.answer:
            out.print(f"answer: [bold]{result.answer}[/]", highlight=False)
        for name, path in result.artifacts.items():
            out.print(f"  {name:<10} {path}", highlight=False)
        if result.error:
            err.print(f"[{colour}]{result.error}[/]", highlight=False)
    raise typer.Exit(code)


_PROMPT_FILE_LIMIT = 1_000_000  # enough to be told "too long" by the request check, not enough to hurt


def read_prompt(prompt: str) -> str:
    """The prompt itself, or for '-' the text on stdin, or for '@path' the text of that file (PlantUML source, say)."""
    if prompt == "-":
        return _decode_prompt(sys.stdin.buffer.read(_PROMPT_FILE_LIMIT), "the prompt on stdin", "Send UTF-8 text and try again.")
    if not prompt.startswith("@") or prompt.lower().startswith("@start") or "\n" in prompt:
        return prompt
    path = Path(prompt[1:]).expanduser()
    try:
        with path.open("rb") as handle:
            data = handle.read(_PROMPT_FILE_LIMIT)
    except OSError as exc:
        raise UserError(f"cannot read the prompt file {str(path)!r}: {exc.strerror or exc}. Give an existing text file after '@', or the prompt itself.") from None
    return _decode_prompt(data, f"the prompt file {str(path)!r}", "Save it as UTF-8 and try again.")


def _decode_prompt(data: bytes, source: str, remedy: str) -> str:
    """Prompt bytes from a file or stdin, read alike: UTF-8 with a leading byte-order mark dropped, or UserError."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"{source} is not valid UTF-8 text (byte {exc.start}). {remedy}") from None


def read_inputs(store: Store, files: dict[str, Path | None]) -> dict[str, str]:
    """Put the given input files into the store: name -> blob name. UserError when one cannot be read."""
    inputs = {}
    for name, path in files.items():
        if path is None:
            continue
        try:
            data = path.expanduser().read_bytes()
        except OSError as exc:
            raise UserError(f"cannot read the {name} file {str(path)!r}: {exc.strerror or exc}. Give an existing file with --{name}.") from None
        inputs[name] = run_api.store_input(store, data, path.suffix.lower(), name)
    return inputs


def parse_options(pairs: list[str]) -> dict[str, str]:
    """-o KEY=VALUE pairs as a dict (the kind converts and checks the values)."""
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UserError(f"--option {pair!r} is not KEY=VALUE. Write it like -o seed=7.")
        options[key.strip()] = value.strip()
    return options


@app.command()
def make(
    prompt: Annotated[str, typer.Argument(help="What to make, in one sentence ('scenesmith kinds' says what each kind takes). '-' reads it from stdin, '@file' from a file.")],
    kind: Annotated[str, typer.Option(help="auto picks the kind that reads the prompt best; or name one from 'scenesmith kinds'.")] = "auto",
    quality: Annotated[QualityChoice, typer.Option(help=f"Video size and frame rate: {describe_qualities()}.")] = QualityChoice.low,
    hints: Annotated[bool, typer.Option("--hints", help="Solutions only: stop before the answer.")] = False,
    captions: Annotated[bool, typer.Option("--captions/--no-captions", help="Animations only: caption each step under the figure.")] = True,
    out_dir: Annotated[Optional[Path], typer.Option("--out", help="Also copy the finished files into this folder.")] = None,
    image: Annotated[Optional[Path], typer.Option("--image", help="Image kind: the picture to edit (PNG, JPEG or WebP).")] = None,
    mask: Annotated[Optional[Path], typer.Option("--mask", help="Image kind: where to repaint (white) in a picture of the same size.")] = None,
    option: Annotated[Optional[list[str]], typer.Option("--option", "-o", help="A kind's own option, KEY=VALUE (repeatable), e.g. -o seed=7 -o strength=0.8.")] = None,
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Make a video, diagram, animation or edited image from one sentence."""
    started = time.monotonic()
    # For the video kinds, Manim's import (about a second) overlaps with reading the prompt and planning.
    pool = None
    try:
        out_dir = check_out_dir(out_dir)
        prompt = read_prompt(prompt)
        store = open_store(home)
        inputs = read_inputs(store, {"image": image, "mask": mask})
        pool = None if inputs else run_api.warm_pool(store, kind)
        run_id = run_api.new_run(store, prompt, kind, quality.value, hints, captions, inputs, parse_options(option or []))
        pool = run_api.keep_pool(store, run_id, pool)
        if not as_json:
            err.print(f"run [bold]{run_id}[/] started; if it is interrupted, continue it with: scenesmith resume {run_id}", highlight=False)
        execute_and_finish(store, run_id, out_dir, as_json, started, pool)
    except UserError as exc:
        fail(str(exc), EXIT_BAD_INPUT, as_json)
    finally:
        if pool is not None:
            pool.close()


@app.command()
def resume(
    run_id: Annotated[str, typer.Argument(help="The run to continue (see 'scenesmith runs').")],
    out_dir: Annotated[Optional[Path], typer.Option("--out", help="Also copy the finished files into this folder.")] = None,
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Continue an interrupted run; finished stages are taken from the store, not redone."""
    pool = None
    try:
        out_dir = check_out_dir(out_dir)
        store = open_store(home)
        with store.session() as session:
            kind = run_api.get_run(session, store, run_id).kind
        pool = run_api.warm_pool(store, kind)
        execute_and_finish(store, run_id, out_dir, as_json, time.monotonic(), pool)
    except UserError as exc:
        fail(str(exc), EXIT_BAD_INPUT, as_json, run_id)
    finally:
        if pool is not None:
            pool.close()


@runs_app.callback()
def runs_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(help="How many of the newest runs to list.")] = 20,
    as_json: JsonListOption = False,
    home: HomeOption = None,
) -> None:
    """List the newest runs."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = home
        return
    try:
        store = open_store(home)
    except UserError as exc:
        fail(str(exc), EXIT_BAD_INPUT, as_json)
    with store.session() as session:
        rows = session.query(Run).order_by(Run.created_at.desc()).limit(limit).all()
        data = [{"run_id": r.id, "created_at": r.created_at.isoformat(timespec="seconds"), "kind": r.kind, "status": run_api.shown_status(r), "prompt": r.prompt} for r in rows]
    for row in data:  # an interrupted run says how to continue it
        row["resume"] = run_api.resume_command(row["run_id"]) if row["status"] == run_api.INTERRUPTED else None
    if as_json:
        print(json.dumps(data, indent=2))
        return
    table = Table("run", "created", "kind", "status", "prompt")
    for row in data:
        table.add_row(row["run_id"], row["created_at"], row["kind"], row["status"], row["prompt"][:60])
    out.print(table)
    for row in data:
        if row["resume"]:
            out.print(f"run {row['run_id']} was interrupted; continue it with: {row['resume']}", highlight=False)


@runs_app.command("show")
def runs_show(
    ctx: typer.Context,
    run_id: Annotated[str, typer.Argument(help="The run to show.")],
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Show one run: its request, stages, timings, artifacts and report."""
    try:
        store = open_store(home or ctx.obj)
    except UserError as exc:
        fail(str(exc), EXIT_BAD_INPUT, as_json, run_id)
    with store.session() as session:
        try:
            run = run_api.get_run(session, store, run_id)
        except UserError as exc:
            fail(str(exc), EXIT_BAD_INPUT, as_json, run_id)
        status = run_api.shown_status(run)
        # a stage left 'running' by an owner that is gone will never finish: it was interrupted with its run
        stages = [{"name": s.name, "status": run_api.INTERRUPTED if status == run_api.INTERRUPTED and s.status == "running" else s.status, "seconds": s.seconds, "input_hash": s.input_hash[:16], "log": s.log} for s in run.stages]
        resume_hint = run_api.resume_command(run.id) if status == run_api.INTERRUPTED else None
        info = {"run_id": run.id, "prompt": run.prompt, "kind": run.kind, "options": run.options, "status": status, "error": run.error, "answer": run.answer, "stages": stages, "report": run.report, "resume": resume_hint}
    info["artifacts"] = run_api.result_of(store, run_id).artifacts
    with store.session() as session:  # is each exported file still there, with the content the run made?
        info["artifact_states"] = doctor_api.artifact_states(info["artifacts"], dict(session.get(Run, run_id).artifacts or {}))
    if as_json:
        print(json.dumps(info, indent=2, default=str))
        return
    out.print(f"[bold]{info['run_id']}[/] {info['kind']} [bold]{info['status']}[/]: {info['prompt']}", highlight=False)
    if resume_hint:
        out.print(f"interrupted: its process is gone; continue it with: {resume_hint}", highlight=False)
    if info["answer"]:
        out.print(f"answer: {info['answer']}", highlight=False)
    if info["error"]:
        out.print(f"error: {info['error']}", highlight=False)
    table = Table("stage", "status", "seconds", "input hash")
    for s in stages:
        table.add_row(s["name"], s["status"], "" if s["seconds"] is None else f"{s['seconds']:.2f}", s["input_hash"])
    out.print(table)
    for name, path in info["artifacts"].items():
        state = info["artifact_states"].get(name, "ok")
        problem = {"missing": "MISSING: the file is gone", "damaged": "DAMAGED: its content is not what the run made"}.get(state)
        out.print(f"  {name:<10} {path}" + (f"  ({problem}; 'scenesmith resume {run_id}' puts it back)" if problem else ""), highlight=False, soft_wrap=True)


@app.command()
def doctor(
    repair: Annotated[bool, typer.Option("--repair", help="Forget the cache entries that point at a missing or damaged file (the next run computes them again) and remove damaged files.")] = False,
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Check the store (every stored file against its content hash) and the system tools the renders need.

    Exit 0 when all is well (or was repaired), 3 when a problem remains.
    """
    try:
        store = open_store(home)
    except UserError as exc:
        fail(str(exc), EXIT_BAD_INPUT, as_json)
    result = doctor_api.report(doctor_api.check_store(store, repair=repair), doctor_api.check_tools())
    code = EXIT_OK if result["status"] == "ok" else EXIT_PARTIAL
    if as_json:
        print(json.dumps(result, indent=2))
        raise typer.Exit(code)
    out.print(f"store {result['home']}: {result['blobs_checked']} files checked", highlight=False)
    for problem in result["problems"]:
        runs = ", ".join(problem["runs"]) or "no run"
        if problem["repaired"]:
            action = "repaired: the next run computes it again"
        elif problem["cache_entries"] or problem["state"] == "damaged":
            action = "run 'scenesmith doctor --repair'"
        else:
            action = "make it again with " + " and ".join(f"'scenesmith resume {run}'" for run in problem["runs"])
        out.print(f"  {problem['state'].upper()} {problem['blob']} (used by {runs}; {problem['cache_entries']} cache entries): {action}", highlight=False, soft_wrap=True)
    if result["linked_run_files"]:
        how = "each now has a copy of its own" if result["linked_run_files_repaired"] else "an edit of one would change what later runs reuse; run 'scenesmith doctor --repair' to give each a copy"
        out.print(f"  LINKED {len(result['linked_run_files'])} run files share their data with stored files ({how})", highlight=False, soft_wrap=True)
    for tool in result["tools"]:
        line = f"  {tool['name']:<8} {tool['version']} ({tool['path']})" if tool["ok"] else f"  {tool['name']:<8} {'MISSING' if tool['path'] is None else 'BROKEN'}: {tool['problem']}; needed for {tool['needed_for']}. Install: {tool['install']}"
        out.print(line, highlight=False, soft_wrap=True)
    out.print("all well" if code == EXIT_OK else "problems found (see above)", highlight=False)
    raise typer.Exit(code)


@app.command("kinds")
def kinds_list(as_json: JsonListOption = False) -> None:
    """List the installed kinds (each registered through the entry point group scenesmith.kinds), in the order auto routing asks them."""
    from importlib.metadata import entry_points

    from scenesmith.engine.kinds import ENTRY_POINT_GROUP, all_kinds

    sources = {p.name: p.value for p in entry_points(group=ENTRY_POINT_GROUP)}
    rows = [{"name": k.name, "description": k.description, "how to ask": getattr(k, "hint", ""), "source": sources.get(k.name, "")} for k in all_kinds().values()]
    print_list(rows, {"name": "kind", "description": "makes", "how to ask": "how to ask"}, as_json, "scenesmith make PROMPT picks one of these (auto); --kind NAME asks one.")


def _register_kind_commands() -> None:
    """Each kind may add its own commands (scenesmith topics, scenesmith actions) through `register_commands(app)`."""
    from scenesmith.engine.kinds import all_kinds

    for kind in all_kinds().values():
        hook = getattr(kind, "register_commands", None)
        if hook:
            hook(app)


def main() -> None:
    try:
        _register_kind_commands()
        from scenesmith.service.commands import register as register_service_commands

        register_service_commands(app)
        app()
    except KeyboardInterrupt:
        err.print("interrupted; continue with 'scenesmith resume RUN_ID' (see 'scenesmith runs')")
        sys.exit(130)
    except Exception as exc:  # anything not handled above is our bug, not the user's
        err.print(f"[bold red]internal error:[/] {type(exc).__name__}: {exc}", highlight=False)
        err.print("Stored runs are intact. Please report this with the command you ran.")
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
