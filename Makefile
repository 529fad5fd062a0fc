.PHONY: run test lint bench

run:  ## set up everything and run the product with its demo on SQLite
	scripts/run.sh

test:  ## set up and run the whole test suite (DATABASE_URL selects PostgreSQL)
	scripts/test.sh

lint:
	scripts/lint.sh

bench:
	scripts/setup.sh --dev && .venv/bin/python benchmarks/pages.py
