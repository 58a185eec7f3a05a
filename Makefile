# Thin wrappers over scripts/warehouse.py, the one place the jobs are defined.
.DEFAULT_GOAL := help
PYTHON ?= python3

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "%-11s %s\n", $$1, $$2}'

setup:  ## Create .venv and install requirements.lock (the DuckDB default)
	$(PYTHON) scripts/warehouse.py setup

build:  ## The main job: dbt build over the landed files (or a generated sample)
	$(PYTHON) scripts/warehouse.py build

ci:  ## Every check CI runs (lint, dbt build on fixtures, structure check, pytest)
	$(PYTHON) scripts/warehouse.py test

test: ci  ## Same as ci

check-file: setup  ## Check one file before submission: make check-file FILE=x.csv
	.venv/bin/python scripts/check_submission.py "$(FILE)"

spark-start:  ## Start a local Spark cluster and its Thrift server (spark_thrift target)
	$(PYTHON) scripts/warehouse.py spark-start

spark-stop:  ## Stop the local Spark cluster, executors included
	$(PYTHON) scripts/warehouse.py spark-stop

docs:  ## Serve the documentation site on http://localhost:8080
	DBT_PROFILES_DIR=. .venv/bin/dbt docs serve --port 8080

# The widest lock first; the others are constrained by it, so all pin the same versions.
lock:  ## Re-resolve the three lock files from pyproject.toml
	.venv/bin/python -m pip install --quiet pip-tools
	.venv/bin/pip-compile --quiet --extra dev --extra spark --strip-extras --no-emit-index-url \
		-o requirements-dev.lock pyproject.toml
	.venv/bin/pip-compile --quiet --extra spark --strip-extras --no-emit-index-url \
		-c requirements-dev.lock -o requirements-spark.lock pyproject.toml
	.venv/bin/pip-compile --quiet --strip-extras --no-emit-index-url \
		-c requirements-dev.lock -o requirements.lock pyproject.toml

clean:  ## Remove dbt artefacts and local DuckDB files
	$(PYTHON) scripts/warehouse.py clean

.PHONY: help setup build ci test check-file spark-start spark-stop docs lock clean
