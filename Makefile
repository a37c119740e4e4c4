# Every target that needs tools depends on the venv stamp, so `make test` and
# `make demo` work on a machine with nothing but python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: install services generate check-generated lint format typecheck test test-all pytest \
	pytest-all demo vendor package clean bench soak mutate docs dist changelog check-changelog

# (_version.py too: an editable install keeps the version it was installed with)
$(STAMP): pyproject.toml sdk/taskpoll/_version.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[celery,redis]' --group dev
	touch $(STAMP)

install: $(STAMP)

# The servers the tests start themselves, from Debian's packages: redis-server
# (the Celery tests' broker, result backend and ledger) and rabbitmq-server (the
# other broker).  Installed here when missing and we are root; otherwise those
# tests say why they did not run (and fail under CI).
SERVICES := redis-server rabbitmq-server

services:
	@missing=""; for s in $(SERVICES); do command -v $$s >/dev/null 2>&1 || \
	  [ -x /usr/sbin/$$s ] || missing="$$missing $$s"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "make: installing$$missing (Debian packages)"; \
	    apt-get install -y -qq --no-install-recommends $$missing </dev/null >/dev/null 2>&1 || \
	    { apt-get update -qq </dev/null >/dev/null && \
	      apt-get install -y -qq --no-install-recommends $$missing </dev/null >/dev/null; }; \
	  else \
	    echo "make:$$missing not installed and this user cannot install them;" \
	      "the Celery tests that need them will be skipped (install Debian's packages)" >&2; \
	  fi; \
	fi

generate: $(STAMP)
	$(PY) -m codegen

check-generated: $(STAMP)
	$(PY) -m codegen --check

lint: $(STAMP)
	$(BIN)/ruff check sdk codegen tests tools
	$(BIN)/ruff format --check sdk codegen tests tools

format: $(STAMP)
	$(BIN)/ruff check --fix sdk codegen tests tools
	$(BIN)/ruff format sdk codegen tests tools

typecheck: $(STAMP)
	$(BIN)/mypy sdk/taskpoll codegen tools

# `make test`: everything but the tests marked slow (a fresh venv built from the
# package index, the regeneration flow's mypy runs, the official SDKs in their
# own venvs, and any test over about 15 s: the CI-sized soak, the spec mutations,
# check-generated's repo copies).  `make test-all`, which CI runs (.ci/run), adds them.
pytest: $(STAMP)
	$(PY) -m pytest -q -m "not slow"

pytest-all: $(STAMP)
	$(PY) -m pytest -q

# (the site's strict build is a test: tests/release/test_docs.py)
test: install services check-generated lint typecheck check-changelog pytest

test-all: install services check-generated lint typecheck check-changelog pytest-all

# `make docs`: the site (mkdocs.yml) in build/site, strict: a broken link or an
# unresolved reference fails it.  (make test's tests/release/test_docs.py builds
# it the same way, into a temporary folder.)
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir build/site

# `make dist`: the sdist and the wheel in dist/ (tests/packaging checks them).
dist: $(STAMP)
	rm -rf dist
	$(PY) -m build --no-isolation --outdir dist . >/dev/null
	@ls dist

# `make changelog`: at a release, after setting sdk/taskpoll/_version.py, folds
# changelog.d/'s fragments into CHANGELOG.md (and deletes them).
changelog: $(STAMP)
	$(BIN)/towncrier build --yes

# Fails when sdk/ or specs/ changed without a fragment in changelog.d/
# (changelog.d/README.md says how to write one).
check-changelog: $(STAMP)
	$(PY) tools/check_changelog.py

# The reliability suite and the property tests at full size (make test runs
# them CI-sized): 1,000 waits under injected faults, 10,000 fuzzed bodies per
# decoder, 2,000 per endpoint over HTTP, ten times the hypothesis examples of
# the poller, wait_many and deadline properties, 600 spec mutations.
# Figures go to stderr and, as JSON lines, to $(FIGURES).
FIGURES ?= build/reliability-figures.jsonl
soak: $(STAMP)
	mkdir -p $(dir $(FIGURES)) && rm -f $(FIGURES)
	TASKPOLL_SOAK=1 TASKPOLL_FIGURES=$(FIGURES) $(PY) -m pytest -q -s tests/reliability_suite \
		tests/waiting/test_poller.py tests/waiting/test_wait_many.py tests/codegen/test_codegen_specs.py \
		"tests/integrations/test_celery.py::test_a_killed_worker_on_redis_loses_no_wait_and_resumes_within_a_minute"

# `make mutate` (never part of `make test`): mutmut over the waiting core, against
# the fast tests that guard it; docs/reliability.md, "Mutation score", has the
# scope, the test selection ([tool.mutmut] in pyproject.toml), the last score
# and every survivor.  mutmut 3 only finds a package in ./, src/ or source/, so
# it runs in $(MUTATE_DIR), where src -> ../../sdk.  A run starts afresh and
# goes part by part (each one mutmut run, under 25 minutes on 2 cores);
# MUTANTS='glob …' (mutmut's names, e.g. 'taskpoll._http.pacing.*') reruns only
# those mutants on top of the previous run's results.
MUTATE_DIR := build/mutate
MUTATE_CHILDREN ?= 2
# transport.py: only its deadline and framing code
MUTATE_TRANSPORT := $(foreach f,x_parse_retry_after x_ascii_int *Transport*request \
	*Transport*_send *Transport*_declared_length *Transport*_read_capped,'taskpoll._http.transport.$(f)__mutmut_*')
MUTATE_PARTS ?= waiting http
MUTATE_PART_waiting := 'taskpoll._waiting.*'
MUTATE_PART_http := 'taskpoll._http.pacing.*' 'taskpoll._durable.ledger.*' $(MUTATE_TRANSPORT)
MUTATE_SCOPE := $(foreach p,$(MUTATE_PARTS),$(MUTATE_PART_$(p)))
MUTMUT := cd $(MUTATE_DIR) && nice -n 10 ../../$(BIN)/mutmut
mutate: $(STAMP)
	mkdir -p $(MUTATE_DIR)
	ln -sfn ../../sdk $(MUTATE_DIR)/src
	ln -sfn ../../tests $(MUTATE_DIR)/tests
	ln -sfn ../../pyproject.toml $(MUTATE_DIR)/pyproject.toml
ifdef MUTANTS
	$(MUTMUT) run --max-children $(MUTATE_CHILDREN) $(MUTANTS)
else
	rm -rf $(MUTATE_DIR)/mutants
	$(foreach p,$(MUTATE_PARTS),($(MUTMUT) run --max-children $(MUTATE_CHILDREN) $(MUTATE_PART_$(p))) &&) true
endif
	$(PY) tests/mutation_score.py $(MUTATE_DIR) $(MUTATE_SCOPE)

demo: $(STAMP)
	$(PY) -m taskpoll.cli.demo

# Benchmarks (never part of `make test`): their own venv, with the peer generator in it.
BENCH_VENV := bench/.venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed

$(BENCH_STAMP): pyproject.toml bench/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -e . -r bench/requirements.txt
	touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python -m bench

# make vendor DEST=path/to/other_repo/thirdparty [WITH_TESTING=1]: copies the package
# (not tests or codegen; emulators only with WITH_TESTING=1). Needs only python3.
vendor:
	@test -n "$(DEST)" || { echo "usage: make vendor DEST=dir [WITH_TESTING=1]" >&2; exit 2; }
	$(PYTHON) -m codegen.vendor "$(DEST)" $(if $(filter 1 yes true,$(WITH_TESTING)),--with-testing)

# make package [SPEC=openapi.yml] OVERLAY=overlay.yaml NAME=jobs OUT=dir: a client package
# for your own API in OUT/NAME (docs/regenerating.md, "Your own API").
package: $(STAMP)
	@test -n "$(NAME)" && test -n "$(OUT)" && test -n "$(SPEC)$(OVERLAY)" || { echo \
	  "usage: make package [SPEC=openapi.yml] OVERLAY=overlay.yaml NAME=jobs OUT=dir" >&2; exit 2; }
	$(PY) -m codegen package $(if $(SPEC),--spec "$(SPEC)") $(if $(OVERLAY),--overlay "$(OVERLAY)") \
	  --name "$(NAME)" --out "$(OUT)"

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build/site dist
