# CSO Career Advisor. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
MODEL := models/cso-advisor.tar.gz
SPACY_PIPELINE := build/spacy-cso
RASA_PORT ?= 5005
ACTIONS_PORT ?= 5055
# The demo careers portal, on its own origin; only the origins listed here may open the widget.
PORTAL_PORT ?= 8080
SCALE_OUT_PORT ?= 8000
CSO_ALLOWED_ORIGINS ?= http://localhost:$(PORTAL_PORT) http://127.0.0.1:$(PORTAL_PORT)
# Where the Rasa server finds the action server, and the database its conversations are kept in
# (endpoints.yml); set CSO_TRACKER_STORE_URL to a postgresql:// URL for PostgreSQL.
CSO_ACTION_SERVER_URL ?= http://localhost:$(ACTIONS_PORT)/webhook
CSO_TRACKER_STORE_URL ?= sqlite:///$(CURDIR)/conversations.db
WIDGET := widget/dist/cso-chat.js
# The project's Python, for lint and types.
SOURCES := cso_advisor actions tests scripts deploy portal
CHROMIUM ?= /usr/bin/chromium
# The knowledge base the action server answers from and the entity pipeline is built from.
KNOWLEDGE ?= knowledge
# DIET's sentence features read messages through these, so a change to them needs retraining too.
TRAINING_DATA := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) \
  cso_advisor/rasa_plugins/nlu/sentence_features.py cso_advisor/core/wording.py cso_advisor/core/embeddings.py

export PATH := $(CURDIR)/$(BIN):$(PATH)
export RASA_PORT ACTIONS_PORT PORTAL_PORT CSO_ALLOWED_ORIGINS CHROMIUM CSO_ACTION_SERVER_URL CSO_TRACKER_STORE_URL
export CSO_KNOWLEDGE_DIR := $(abspath $(KNOWLEDGE))
# Offline by default: no usage reports.
export RASA_TELEMETRY_ENABLED := false
# Keep TensorFlow's start-up chatter out of the logs.
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.PHONY: help install pipeline train widget run scale-out scale-out-packages shell check-knowledge report review retention lint evaluate unit test bench bench-report profile clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

install: $(VENV)/.installed ## Create .venv (Python 3.10) with the pinned dependencies

$(VENV)/.installed: pyproject.toml constraints.txt
	@python=$$(scripts/find-python.sh) && echo "Using $$python" && \
	  { [ -x $(BIN)/python ] || $$python -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

pipeline: $(SPACY_PIPELINE)/meta.json ## Build the spaCy entity pipeline from knowledge/ if it changed

# The directory itself too: deleting or renaming a file changes its time, not the files left.
$(SPACY_PIPELINE)/meta.json: $(KNOWLEDGE) $(wildcard $(KNOWLEDGE)/*.yml) cso_advisor/rasa_plugins/nlu/build.py $(wildcard cso_advisor/core/knowledge/*.py) constraints.txt | $(VENV)/.installed
	python -m cso_advisor.rasa_plugins.nlu.build --knowledge $(KNOWLEDGE) --out $(SPACY_PIPELINE)

train: $(MODEL) ## Train the model if it is missing or older than the data

# The entity pipeline is order-only: a knowledge base change rebuilds it without retraining.
# The model is dated when training started, so data edited while it trained is newer and trains again.
$(MODEL): $(TRAINING_DATA) | $(VENV)/.installed $(SPACY_PIPELINE)/meta.json
	@started=$$(date +%s) && rasa train --fixed-model-name cso-advisor --out models && \
	  echo $$(( $$(date +%s) - started )) > models/training-seconds && touch -d @$$started $@

widget: $(WIDGET) ## Build the chat widget from the npm packages locked in widget/package-lock.json

widget/node_modules/.installed: widget/package.json widget/package-lock.json
	@scripts/install-debian-packages.sh npm=npm
	cd widget && npm ci --no-audit --no-fund
	touch $@

$(WIDGET): widget/node_modules/.installed $(wildcard widget/src/*)
	cd widget && npm run --silent build

# Debian's Chromium for the browser tests (Playwright's own browser download is never used).
$(CHROMIUM):
	scripts/install-debian-packages.sh chromium=chromium

check-knowledge: $(VENV)/.installed ## Validate the knowledge base (KNOWLEDGE=knowledge) and report every problem
	python -m cso_advisor.core.check

run: check-knowledge pipeline $(MODEL) $(WIDGET) ## Start the advisor (actions, Rasa, widget) and the demo portal; Ctrl-C stops all
	@echo
	@echo "  The advisor is starting on http://localhost:$(RASA_PORT) (ready when Rasa logs 'Rasa server is up')."
	@echo "  Chat in the demo careers portal:   http://localhost:$(PORTAL_PORT)"
	@echo "  Chat in a terminal:   make shell"
	@echo "  Chat over REST:       curl -s localhost:$(RASA_PORT)/webhooks/rest/webhook -d '{\"sender\": \"me\", \"message\": \"how do I become a CSO?\"}'"
	@echo
	python -m cso_advisor.operations.start_all -f Procfile

# Debian's PostgreSQL (its server programs live off the PATH), Redis and nginx.
scale-out-packages:
	@scripts/install-debian-packages.sh '/usr/lib/postgresql/*/bin/postgres=postgresql' redis-server=redis-server nginx=nginx

scale-out: check-knowledge pipeline $(MODEL) $(WIDGET) scale-out-packages ## Start the replicated layout: PostgreSQL, Redis, 2 action servers, 2 Rasa replicas, nginx (docs/deploy.md)
	python -m deploy.scale_out --port $(SCALE_OUT_PORT)

shell: $(VENV)/.installed ## Chat in this terminal with the advisor started by `make run`
	python scripts/chat.py --url http://localhost:$(RASA_PORT)

report: $(VENV)/.installed ## Write results/report.html from the stored conversations and print its summary (docs/insights.md)
	python -m cso_advisor.insights report --out results/report.html

review: $(VENV)/.installed ## Go through the review queue; accepted fixes go to data/nlu or knowledge/ after you confirm
	python -m cso_advisor.insights review

retention: $(VENV)/.installed ## Delete conversations inactive for more than CSO_RETENTION_DAYS days (default 90; docs/privacy.md)
	python -m cso_advisor.insights retention

# The share of the blind set's questions and conversation turns answered right must not fall below these
# (docs/evaluation.md): the issue's 90% for questions, and just under the last measure (93.2%) for turns.
MIN_BLIND_QUESTIONS ?= 0.90
MIN_BLIND_TURNS ?= 0.91
# Intent F1 on what decides the next action, every topic intent counted as one "knowledge question"
# (docs/language.md). The aim is 0.95, last measured at 0.950; this sits just under it, as the seed moves it.
MIN_DIALOGUE_ACT_F1 ?= 0.94

evaluate: check-knowledge pipeline $(MODEL) $(WIDGET) ## Score the advisor on the blind evaluation set over REST (docs/evaluation.md)
	python -m scripts.evaluate_conversations --set tests/eval/blind --out results/eval-blind.txt \
	  --min-questions $(MIN_BLIND_QUESTIONS) --min-turns $(MIN_BLIND_TURNS)

lint: $(VENV)/.installed ## ruff and mypy
	ruff check $(SOURCES)
	ruff format --check $(SOURCES)
	mypy $(SOURCES)

unit: check-knowledge pipeline ## The fast tests: every test but the end-to-end and browser ones (a few minutes)
	pytest -m "not e2e"

test: lint check-knowledge pipeline $(WIDGET) $(CHROMIUM) scale-out-packages ## Every check: lint, types, data, unit tests, NLU and story evaluation, end-to-end and browser
	rasa data validate --fail-on-warnings
	cd widget && npm test --silent
	$(MAKE) --no-print-directory unit
	$(MAKE) --no-print-directory train
	rasa test nlu --nlu tests/nlu_test.yml --model $(MODEL) --out results/nlu --successes
	python scripts/check_nlu_report.py results/nlu/intent_report.json --average "macro avg" --min-f1 0.90
	python scripts/check_nlu_report.py results/nlu/intent_report.json --dialogue-acts $(KNOWLEDGE) --min-f1 $(MIN_DIALOGUE_ACT_F1)
	python scripts/check_nlu_report.py results/nlu/KnowledgeEntityExtractor_report.json --average "micro avg" --min-f1 0.95
	rasa test core --stories tests/test_stories.yml --model $(MODEL) --out results/core --fail-on-prediction-errors
	$(MAKE) --no-print-directory evaluate
	pytest -m e2e

bench: check-knowledge pipeline $(MODEL) ## Latency, throughput, CPU per message, start-up time and peak memory over REST (scripts/bench.py)
	python -m scripts.bench

bench-report: check-knowledge pipeline $(MODEL) ## Time `make report` on 10,000 conversations (scripts/bench_report.py)
	python -m scripts.bench_report

profile: check-knowledge pipeline $(MODEL) ## Where the Rasa server's time per message goes, sampled with py-spy under load
	python -m scripts.profile_server

clean: ## Remove the model, test results and caches (keeps .venv)
	rm -rf models results build widget/dist .rasa .pytest_cache .mypy_cache .ruff_cache
