"""Settings: defaults, then a TOML file, then YEARBOOK_QA_* environment variables; bad values are clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

import yearbook_qa.corpus
from yearbook_qa.service.settings import BUNDLED_CORPUS, Settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def clean_env(monkeypatch, tmp_path):
    """No YEARBOOK_QA_* variable from the caller's environment; an empty working directory."""
    for name in list(os.environ):
        if name.startswith("YEARBOOK_QA_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_point_at_the_bundled_yearbook(clean_env):
    s = Settings()
    assert s.corpus == BUNDLED_CORPUS and any(BUNDLED_CORPUS.glob("*.txt"))
    assert s.resolved_index_dir == s.home / "index" and s.models_dir == s.home / "models"
    assert s.port == 8000 and s.host == "127.0.0.1" and s.threads == 1


def test_toml_file_then_environment_override_defaults(clean_env, monkeypatch):
    (clean_env / "yearbook-qa.toml").write_text(
        'port = 9001\ntop_k = 7\nallowed_origins = ["http://portal.local"]\n', "utf-8"
    )
    s = Settings()
    assert (s.port, s.top_k, s.allowed_origins) == (9001, 7, ["http://portal.local"])
    monkeypatch.setenv("YEARBOOK_QA_PORT", "9002")
    monkeypatch.setenv("YEARBOOK_QA_ALLOWED_ORIGINS", '["http://a.local", "http://b.local"]')
    s = Settings()
    assert (s.port, s.top_k, s.allowed_origins) == (9002, 7, ["http://a.local", "http://b.local"])


def test_config_file_named_by_environment(clean_env, monkeypatch):
    elsewhere = clean_env / "conf" / "qa.toml"
    elsewhere.parent.mkdir()
    elsewhere.write_text("passage_max_chars = 400\n", "utf-8")
    monkeypatch.setenv("YEARBOOK_QA_CONFIG", str(elsewhere))
    assert Settings().passage_max_chars == 400


@pytest.mark.parametrize("toml", ["top_k = 0\n", "no_such_setting = 1\n", "ann = 'fastest'\n"])
def test_bad_values_are_refused(clean_env, toml):
    (clean_env / "yearbook-qa.toml").write_text(toml, "utf-8")
    with pytest.raises(ValidationError):
        Settings()


def test_cli_reports_a_bad_setting_without_traceback(clean_env):
    env = {"PATH": "/usr/bin:/bin", "YEARBOOK_QA_PORT": "eighty", "HOME": str(clean_env)}
    run = subprocess.run(
        [sys.executable, "-m", "yearbook_qa.service.cli", "serve"],
        env=env,
        cwd=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert "配置无效" in run.stderr and "port" in run.stderr and "Traceback" not in run.stderr


def test_stage_packages_map_onto_the_source_folders():
    """The four folders are the yearbook_qa.* packages (setuptools package-dir, editable install)."""
    assert Path(yearbook_qa.corpus.__file__).resolve().parent == REPO / "corpus"
