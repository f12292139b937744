# make demo: install everything, then render one solution and one explainer into ./out/
# make test: install everything, then run the whole test suite
.PHONY: setup demo test bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	.venv/bin/scenesmith make "Solve 3x + 7 = 22" --out out/solution
	.venv/bin/scenesmith make "Explain the Pythagorean theorem" --out out/explainer
	@echo "Videos, subtitles and thumbnails are in ./out/solution and ./out/explainer"

test: setup
	.venv/bin/python -m pytest -n 2 -q

bench: setup
	.venv/bin/python bench/run.py

clean:
	rm -rf out .pytest_cache
