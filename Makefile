# Shortcuts; the scripts in scripts/ are what CI and the README use.
.PHONY: setup demo test test-pg lint messages bench
setup:
	bash scripts/setup.sh
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
test-pg:
	bash scripts/test-postgres.sh
lint:
	.venv/bin/ruff check src tests bench
messages:
	cd src/tipnet && ../../.venv/bin/tipnet makemessages -l fr -l es -l ar --ignore "static/*" \
	  && ../../.venv/bin/tipnet compilemessages
bench:
	.venv/bin/python bench/bench_foundation.py
