#!/usr/bin/env bash
# Install what scenesmith needs: Debian packages for Manim, LaTeX and PlantUML (with Java and Graphviz) and bubblewrap (the sandbox's jail), chromium (the web studio tests)
# (through apt-get when it is usable),
# then .venv with the package and its test extras. Idempotent: a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libcairo2-dev libpango1.0-dev pkg-config texlive-latex-base texlive-latex-recommended texlive-latex-extra dvisvgm fonts-dejavu-core plantuml graphviz bubblewrap chromium)
PYTHON=${PYTHON:-python3}

missing=()
for package in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo)
  else
    echo "scenesmith needs these Debian packages, and apt-get cannot be used here (not root, no passwordless sudo):" >&2
    echo "    ${missing[*]}" >&2
    echo "Install them with:  sudo apt-get install -y ${missing[*]}" >&2
    echo "then run this again." >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "apt-get not found: install the equivalents of these Debian packages, then run this again: ${missing[*]}" >&2
    exit 1
  fi
  echo "==> apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

for tool in latex dvisvgm pkg-config java dot bwrap; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is still missing after the install step" >&2; exit 1; }
done

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "error: scenesmith needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1). Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi

stamp=".venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ] || ! .venv/bin/python -c 'import scenesmith, manim' 2>/dev/null; then
  echo "==> pip install -e .[test] (first time: about a minute)"
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v "is ignored" || true
  # PyTorch (the optional diffusion backend, tested with a tiny pipeline): a CPU-only wheel where the machine
  # keeps one (PyPI's default build pulls in several GB of CUDA libraries that this tool never uses on a CPU).
  if ! .venv/bin/python -c 'import torch' 2>/dev/null; then
    cpu_wheel=$(ls /opt/wheels/torch-*+cpu-cp3*-manylinux*_x86_64.whl 2>/dev/null | grep "cp$(.venv/bin/python -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')-" | head -1 || true)
    if [ -n "$cpu_wheel" ]; then
      .venv/bin/python -m pip install -q "$cpu_wheel" 2>&1 | grep -vE "is ignored|^\s*$" || true
    fi
  fi
  .venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -vE "is ignored|^\s*$" || true
  .venv/bin/python -c 'import scenesmith, manim' 
  rm -f .venv/.installed-*
  touch "$stamp"
fi
echo "==> ready: .venv/bin/scenesmith"
