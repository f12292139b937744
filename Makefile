# make demo: install everything, then render one solution, one explainer, one diagram and one stick-figure animation into ./out/
# make test: install everything, then run the whole test suite
.PHONY: setup demo test bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	.venv/bin/scenesmith make "Solve 3x + 7 = 22" --out out/solution
	.venv/bin/scenesmith make "Explain the Pythagorean theorem" --out out/explainer
	.venv/bin/scenesmith make "A School has many Classes; a Class has many Students; a Teacher teaches Classes; Student and Teacher are both Persons." --out out/diagram
	.venv/bin/scenesmith make "do three jumping jacks" --out out/pose
	@echo "Done: ./out/solution and ./out/explainer (videos, subtitles, thumbnails), ./out/diagram (PlantUML source, SVG, PNG), ./out/pose (GIF, MP4, thumbnail, keyframes)"

test: setup
	.venv/bin/python -m pytest -n 2 -q

bench: setup
	.venv/bin/python bench/run.py
	.venv/bin/python bench/solution_bench.py --layout
	.venv/bin/python bench/diagram_bench.py
	.venv/bin/python bench/pose_bench.py

clean:
	rm -rf out .pytest_cache
