# report-extract: `make run` extracts the bundled fixtures into out/, `make test` runs the tests.
# Both set everything up first: a virtualenv in .venv with the package (`run`: only what the
# extractor needs; `test`/`setup`: the test extras as well).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime
STAMP  := $(VENV)/.installed

.PHONY: setup run test lint fixtures model evaluate-model bench fuzz clean

setup: $(STAMP)

$(RUNTIME): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(RUNTIME)
	@mkdir -p out
	@for f in $$(find fixtures -type f \( -name '*.html' -o -name '*.txt' -o -name '*.pdf' -o -name '*.docx' -o -name '*.doc' \) -not -path 'fixtures/narrative/*' | sort); do \
		stem=$$(basename "$${f%.*}"); \
		$(VENV)/bin/report-extract extract "$$f" -o "out/$$stem.json" && echo "out/$$stem.json" || echo "FAILED: $$f"; \
	done

test: $(STAMP)
	$(PY) -m pytest

# ruff and mypy, configured in pyproject.toml ([tool.ruff], [tool.mypy])
lint: $(VENV)/.lint-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

$(VENV)/.lint-installed: $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e ".[lint]"
	touch $@

# Regenerate the fixture documents and their truth files (PDF and .doc routes need LibreOffice;
# the scans of the PDFs need a CJK font, e.g. fonts-noto-cjk, for the seal).
fixtures: $(STAMP)
	$(PY) -m pip install --quiet -e ".[fixtures]"
	$(PY) fixtures/generate/html_txt.py fixtures
	$(PY) fixtures/generate/dumps.py fixtures
	$(PY) fixtures/generate/columns.py fixtures
	$(PY) fixtures/generate/docx_writer.py
	$(PY) fixtures/generate/pdf_writer.py $(if $(shell command -v soffice),,--no-libreoffice)
	$(PY) fixtures/generate/scan_writer.py

# The narrative model, written inside the package (src/report_extract/narrative/model) so every install ships it.
model: $(STAMP)
	$(PY) scripts/narrative_data.py
	$(PY) scripts/train_model.py

evaluate-model: $(STAMP)
	$(PY) scripts/evaluate_model.py --corpus

bench: $(STAMP)
	$(PY) -m pip install --quiet -e ".[benchmark]"
	$(PY) benchmarks/extract.py
	$(PY) benchmarks/word.py
	$(PY) benchmarks/pdf_tables.py
	$(PY) benchmarks/narrative.py
	$(PY) benchmarks/batch.py
	$(PY) benchmarks/ocr.py --runs 1 --memory

# mutants of the fixtures through `batch` (on demand, not in CI): FUZZ_ARGS="--count 1000"
fuzz: $(STAMP)
	$(PY) benchmarks/fuzz.py $(FUZZ_ARGS)

clean:
	rm -rf out .pytest_cache
