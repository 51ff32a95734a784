# Two commands do everything on a fresh machine:  make book  and  make test.
# Each target installs what it needs first (a virtual environment with the
# pinned set; Debian's chromium for the browser tests).

PYTHON  ?= $(shell command -v python3.11 || command -v python3)
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
BUILD   := _build/html
PORT    ?= 8000
TIMEOUT ?= 120
RELEASE ?= _build/release
JB_ARGS := -W -n --keep-going   # = hemisphere.book.STRICT_BUILD_FLAGS (a test keeps them equal)
# make book EDITION=instructor: the solutions in place of the student exercises, in _build/instructor/
EDITION ?= student
ifeq ($(EDITION),instructor)
EDITION_ARGS := --toc _toc.instructor.yml --path-output _build/instructor
BUILD := _build/instructor/_build/html
else ifneq ($(EDITION),student)
$(error EDITION must be student or instructor, not $(EDITION))
endif

.PHONY: book serve test test-fast lint bench lms exercises grade release lock basemap chromium print-tools pdf linkcheck clean help

help:
	@echo "make book    build the book into $(BUILD) (executes notebooks, cached)"
	@echo "make serve   serve the built book on http://127.0.0.1:$(PORT)"
	@echo "make test    run every test: package, data, notebooks, build, browser"
	@echo "make test-fast  the edit-test loop: every test but builds, browsers, kernels and launch environments"
	@echo "make lint    every pre-commit check over the whole tree (ruff, codespell, YAML/JSON, notebooks)"
	@echo "make bench   this book vs the template book: build times, page weights, first chart; budgets"
	@echo "make lms     export the quiz bank: Moodle XML, GIFT, QTI 1.2 for Canvas, into _build/lms"
	@echo "make exercises  regenerate student and solution notebooks from exercises/source (and install cells)"
	@echo "make grade SUBMISSIONS=folder  run the exercises' checks over submitted notebooks, into _build/grades"
	@echo "make release  the student edition as its own tree (no solutions), in $(RELEASE)"
	@echo "make lms BANKS=folder  export your own quiz bank instead of the book's"
	@echo "make book EDITION=instructor  the instructor edition (solutions) in _build/instructor"
	@echo "make pdf     the student edition as one PDF in _build/pdf (EDITION=instructor: with the answer keys)"
	@echo "make linkcheck  check every URL in data/references.bib; dead links by bib key (needs the internet)"
	@echo "make lock    recompile requirements.txt and requirements-dev.txt from their .in files"
	@echo "make basemap cut data/basemap/ again from the world-atlas npm package"
	@echo "make clean   remove the build (keeps .venv)"

# The environment: rebuilt when a pinned set or the package metadata change. The runtime set
# first, through the same postBuild Binder runs, then the development set on top of it.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml postBuild
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	PATH="$(CURDIR)/$(BIN):$$PATH" bash postBuild
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

book: $(STAMP)
	$(BIN)/jupyter-book build . $(JB_ARGS) $(EDITION_ARGS)
	@echo
	@echo "The book is built. Open $(CURDIR)/$(BUILD)/index.html, or run: make serve"

serve: $(STAMP)
	@test -f $(BUILD)/index.html || $(MAKE) book
	@echo "Serving the book on http://127.0.0.1:$(PORT)  (Ctrl-C stops)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory $(BUILD)

# Browser tests drive Debian's chromium; install it when it is missing.
chromium:
	@bash tools/ensure-chromium.sh

# make pdf and its test also need fonts with Japanese glyphs and poppler's PDF tools.
print-tools:
	@bash tools/ensure-print-tools.sh

test: $(STAMP) chromium print-tools
	$(BIN)/python -m pytest

# Everything that needs no book build, no browser, no kernel and no fresh environment: under a minute.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not build and not browser and not slow"

# The pre-commit hooks over every file (they run the tools pinned in .venv; nothing is fetched).
lint: $(STAMP)
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

# The single-page build printed by chromium: chapters in order, charts as images, page numbers.
pdf: $(STAMP) chromium print-tools
	$(BIN)/python tools/make_pdf.py --edition $(EDITION)

# Every URL in data/references.bib: dead links (4xx/5xx, timeouts) and permanent redirects,
# by bib key. Needs the internet, so CI does not run it (tests/test_linkcheck.py uses a local server).
linkcheck: $(STAMP)
	$(BIN)/python -m hemisphere.linkcheck

bench: $(STAMP) chromium
	$(BIN)/python tools/bench.py

exercises: $(STAMP)
	$(BIN)/python -m hemisphere.assignments
	$(BIN)/python -m hemisphere.installcell   # the chapters' first cell: install from the address

# BANKS: a folder of your own banks (same format, kept outside the public repository).
lms: $(STAMP)
	$(BIN)/python -m hemisphere.quiz.lms --out _build/lms $(if $(BANKS),--banks "$(BANKS)")

# Each submitted notebook is executed afresh (outputs ignored), TIMEOUT seconds at most.
grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=folder [TIMEOUT=120]"; exit 2; }
	$(BIN)/python -m hemisphere.grade "$(SUBMISSIONS)" --out _build/grades --timeout $(TIMEOUT)

# The student edition (book, student notebooks, data, package, banks; no solutions), to push
# as the repository students, Binder and nbgitpuller use.
release: $(STAMP)
	$(BIN)/python -m hemisphere.release --out $(RELEASE)

# Both pinned sets from one source (see tools/pins.py): the runtime set for Python 3.11-3.13 with
# Binder's base versions as constraints, then the development set with the runtime pins as constraints.
LOCK_TMP := _build/lock
lock: $(STAMP)
	@mkdir -p $(LOCK_TMP)
	$(BIN)/python tools/pins.py binder-constraints > $(LOCK_TMP)/binder-base.txt
	$(BIN)/uv pip compile requirements.in -c $(LOCK_TMP)/binder-base.txt -o requirements.txt \
		--universal --python-version 3.11 --custom-compile-command "make lock" --quiet
	$(BIN)/python tools/pins.py dev-constraints > $(LOCK_TMP)/runtime-pins.txt
	$(BIN)/uv pip compile requirements-dev.in -c $(LOCK_TMP)/runtime-pins.txt -o requirements-dev.txt \
		--python-version 3.11 --custom-compile-command "make lock" --quiet

# Needs npm; the result is committed, so neither the book nor the tests need npm.
basemap:
	$(PYTHON) tools/make_basemap.py

clean:
	rm -rf _build
