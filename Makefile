# make demo: install everything, then render one solution, one explainer, one diagram, one stick-figure animation and one edited image into ./out/
# make test: install everything, then run the whole test suite
.PHONY: setup demo test bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	.venv/bin/scenesmith make "Solve 3x + 7 = 22" --out out/solution
	.venv/bin/scenesmith make "Explain the Pythagorean theorem" --out out/explainer
	.venv/bin/scenesmith make "A School has many Classes; a Class has many Students; a Teacher teaches Classes; Student and Teacher are both Persons." --out out/diagram
	.venv/bin/scenesmith make "do three jumping jacks" --out out/pose
	.venv/bin/scenesmith make "a lake here" --image examples/inpaint/map.png --mask examples/inpaint/lake-mask.png --out out/image
	@echo "Done: ./out/solution and ./out/explainer (videos, subtitles, thumbnails), ./out/diagram (PlantUML source, SVG, PNG), ./out/pose (GIF, MP4, thumbnail, keyframes), ./out/image (edited picture, before/after comparison)"
	@echo "The web studio and REST API: .venv/bin/scenesmith serve, then open http://127.0.0.1:8000/"

test: setup
	.venv/bin/python -m pytest -n 2 -q

bench: setup
	.venv/bin/python bench/run.py
	.venv/bin/python bench/solution_bench.py --layout
	.venv/bin/python bench/diagram_bench.py
	.venv/bin/python bench/pose_bench.py
	.venv/bin/python bench/inpaint_bench.py
	.venv/bin/python bench/api_bench.py

clean:
	rm -rf out .pytest_cache
