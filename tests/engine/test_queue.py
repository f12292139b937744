"""What a job queue takes up: pending runs nobody will start, interrupted runs, and never a run that a living
'scenesmith make' has just recorded and is about to execute itself."""

from __future__ import annotations

import subprocess
import sys
import time

from scenesmith.engine import runs
from scenesmith.store import Run, Store

CREATE_AND_WAIT = """
import sys, time
from pathlib import Path
from scenesmith.engine import runs
from scenesmith.store import Store
print(runs.new_run(Store(Path(sys.argv[1])), "do three jumping jacks"), flush=True)
time.sleep(60)
"""


def test_a_queue_leaves_a_living_creators_pending_run_alone_and_takes_it_once_the_creator_is_gone(tmp_path):
    store = Store(tmp_path)
    queued = runs.new_run(store, "do three jumping jacks", owned=False)  # left to a queue, as the service does
    creator = subprocess.Popen([sys.executable, "-c", CREATE_AND_WAIT, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        owned = creator.stdout.readline().strip()
        assert owned
        with store.session() as session:
            assert runs.shown_status(session.get(Run, owned)) == "pending"
        assert runs.queued_runs(store) == [queued]
    finally:
        creator.kill()
        creator.wait()
    deadline = time.monotonic() + 10
    while owned not in runs.queued_runs(store) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert runs.queued_runs(store) == [queued, owned]
    with store.session() as session:
        assert runs.shown_status(session.get(Run, owned)) == "interrupted"
