# make run   set everything up and start the app on the bundled model law and demo draft
# make test  set everything up and run the whole test suite
# make bench print the speed and quality figures (bench/)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench demo clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

corpora/demo_draft.docx: corpora/build_demo_draft.py | $(STAMP)
	$(PY) corpora/build_demo_draft.py corpora/demo_draft.docx

run: $(STAMP) corpora/demo_draft.docx
	$(PY) -m streamlit run streamlit_app.py

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache
