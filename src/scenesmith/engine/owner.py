"""Who owns a run: a process id plus that process's start time, so a reused pid is never taken for the owner.

A pid alone is not an identity: after the owner dies (kill -9, a reboot) the kernel hands the same
number to another process. The start time in /proc/PID/stat (field 22, clock ticks since boot),
together with the boot id, names one process for as long as the machine knows it.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

PROC = Path("/proc")


@cache
def _boot_id() -> str:
    try:
        return (PROC / "sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return "unknown-boot"


def start_ticks(pid: int) -> int | None:
    """The process's start time in clock ticks since boot, or None when there is no such process (or no /proc)."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except (OSError, ValueError):
        return None
    # "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses, so split after the last ')'.
    fields = stat[stat.rfind(")") + 2 :].split()
    if fields[:1] in (["Z"], ["X"]):  # dead, only not yet reaped by its parent: gone as an owner
        return None
    try:
        return int(fields[19])  # field 22 of the whole line; fields here start at field 3
    except (IndexError, ValueError):
        return None


def identity(pid: int) -> str | None:
    """'BOOT_ID:TICKS' for a living process, None for a gone one."""
    ticks = start_ticks(pid)
    return None if ticks is None else f"{_boot_id()}:{ticks}"


def mine() -> str | None:
    return identity(os.getpid())


def _looks_like_scenesmith(pid: int) -> bool:
    try:
        return b"scenesmith" in (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return False


def owner_alive(pid: int | None, recorded: str | None) -> bool:
    """True while the process that recorded (pid, identity) is still running.

    Rows written before start times were recorded carry no identity: for them a living pid counts
    only if it is a scenesmith process, since any other process there is a stranger with a reused pid.
    """
    if not pid:
        return False
    current = identity(pid)
    if current is None:
        return False
    if recorded is None:
        return _looks_like_scenesmith(pid)
    return current == recorded


def folder_tag() -> str:
    """The part of a work folder's name that says which process made it: 'PID-TICKS'."""
    return f"{os.getpid()}-{start_ticks(os.getpid()) or 0}"


def folder_owner_alive(tag: str) -> bool | None:
    """Whether the process named by a folder_tag() is still running; None when the tag is not one."""
    pid, _, ticks = tag.partition("-")
    if not (pid.isdigit() and ticks.isdigit()):
        return None
    return start_ticks(int(pid)) == int(ticks)
