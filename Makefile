# Quick start: `make demo` and `make test`. Both install missing Debian packages when run as root
# (otherwise they print the apt-get line to run), build, then run.

PACKAGES := cmake make g++ libyaml-dev libcli11-dev libfmt-dev doctest-dev nlohmann-json3-dev zlib1g-dev libyaml-cpp-dev
# The tests also run the shipped SQL (src/sql/mine_partial.sql) in SQLite, and the completion
# scripts in zsh and fish.
TEST_PACKAGES := sqlite3 zsh fish
# The sanitizer build and the fuzz targets use clang and its runtimes (libFuzzer among them).
ASAN_PACKAGES := clang libclang-rt-14-dev
FUZZ_SECONDS ?= 12
FUZZ_TARGETS := fuzz_yaml fuzz_values fuzz_csv fuzz_render fuzz_graph fuzz_mine
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PRESET ?= release
CMAKE_ARGS ?=
ifeq ($(CI),true)
  CMAKE_ARGS += -DOPSFLOW_WERROR=ON
endif

.PHONY: all deps build demo test asan-test fuzz golden man-lint pages format format-check install deb clean

all: build

deps:
	@bash .ci/ensure-packages $(PACKAGES)

build: deps
	@cmake --preset $(PRESET) $(CMAKE_ARGS) > /dev/null
	@cmake --build --preset $(PRESET) -j $(JOBS)

# The main job on the bundled example team: check the files, then find the bottlenecks.
demo: build
	./build/$(PRESET)/opsflow validate examples/
	./build/$(PRESET)/opsflow analyze --top 10 examples/

test: build
	@bash .ci/ensure-packages $(TEST_PACKAGES)
	ctest --preset $(PRESET) -j $(JOBS)

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer (clang), with the fuzz
# targets' corpora run once each.
asan-test: deps
	@bash .ci/ensure-packages $(ASAN_PACKAGES) $(TEST_PACKAGES)
	@cmake --preset asan $(CMAKE_ARGS) > /dev/null
	@cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# Every fuzz target for FUZZ_SECONDS seconds on top of its corpus: `make fuzz FUZZ_SECONDS=600`.
fuzz: deps
	@bash .ci/ensure-packages $(ASAN_PACKAGES)
	@cmake --preset asan $(CMAKE_ARGS) > /dev/null
	@cmake --build --preset asan -j $(JOBS) --target $(FUZZ_TARGETS)
	bash tests/fuzz/run.sh $(FUZZ_SECONDS)

# Rewrites the expected output of every CLI case; review the result with `git diff tests/cli`.
golden: build
	OPSFLOW_UPDATE_GOLDEN=1 ctest --preset $(PRESET) -R '^cli/' -j $(JOBS)

# The examples' pages as people read them: SOPs and role pages (English and Chinese), the KPI
# report, the analysis and what mine finds in the incident log, rendered as on GitHub and
# screenshot in headless Chromium; checks for Mermaid errors, tables wider than the page and
# broken links. Screenshots: build/screenshots/.
pages: build
	@bash .ci/ensure-packages chromium fonts-wqy-microhei
	@command -v npm > /dev/null || bash .ci/ensure-packages nodejs npm
	@rm -rf build/pages build/screenshots
	./build/$(PRESET)/opsflow render --out build/pages/sop examples/ > /dev/null
	./build/$(PRESET)/opsflow render --lang zh --out build/pages/sop-zh examples/ > /dev/null
	./build/$(PRESET)/opsflow report --format markdown examples/ > build/pages/report.md
	./build/$(PRESET)/opsflow analyze --format markdown examples/ > build/pages/analysis.md
	./build/$(PRESET)/opsflow mine examples/logs/incident-response.csv examples/ \
	  --process incident-response --format markdown > build/pages/mine.md
	bash tests/npm/check-pages.sh build/screenshots build/pages

man-lint:
	@bash .ci/ensure-packages mandoc
	mandoc -T lint -W warning man/opsflow.1 man/opsflow.5

# C++ sources in the committed .clang-format style (Debian's clang-format 14).
FORMATTED = git ls-files '*.cpp' '*.hpp' ':!bench/parsers'

format:
	@bash .ci/ensure-packages clang-format
	$(FORMATTED) | xargs clang-format -i

format-check:
	@bash .ci/ensure-packages clang-format
	$(FORMATTED) | xargs clang-format --dry-run --Werror

install: build
	cmake --install build/$(PRESET)

# A Debian package in build/deb (CPack; its Depends come from dpkg-shlibdeps, in dpkg-dev).
deb: build
	@bash .ci/ensure-packages dpkg-dev
	cd build/$(PRESET) && cpack -B ../deb
	@ls build/deb/*.deb

clean:
	rm -rf build
