# Thin wrapper over CMake. Quick start: `make lessons`, then `make test`.
BUILD ?= build
JOBS  ?= $(shell nproc)

.PHONY: lessons test test-clang setup build web bench bench-numpy bench-peers sanitize fuzz golden assignment clean

lessons: build                ## run every lesson, write every trace into build/traces/ (and the pages, when emscripten is there)
	@scripts/run-lessons.sh $(BUILD)
	@if command -v emcc >/dev/null; then $(MAKE) --no-print-directory web; fi

test: build                   ## the whole test suite through CTest
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

setup:                        ## install the Debian packages that are missing
	@scripts/setup.sh

build: setup
	@[ -f $(BUILD)/CMakeCache.txt ] || cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	@cmake --build $(BUILD) -j $(JOBS)

# Every lesson's page and the sandbox, built to WebAssembly with Debian's emscripten into
# build-web/, the pages into $(BUILD)/web/ (publish that folder). -O2: the sources have no assert.
web: setup                    ## the pages: $(BUILD)/web/index.html, one page per lesson, sandbox.html
	@scripts/setup.sh emscripten
	@[ -f build-web/CMakeCache.txt ] || NODE_PATH=/usr/share/nodejs emcmake cmake -S . -B build-web \
	  -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O2 -DTRACEGRAD_WEB_OUT=$(abspath $(BUILD))/web
	@NODE_PATH=/usr/share/nodejs cmake --build build-web -j $(JOBS)
	@echo "pages in $(BUILD)/web/: open $(BUILD)/web/index.html"

bench: build                  ## engine benchmarks (figures in the README)
	$(BUILD)/bench/bench_engine

bench-numpy: build            ## the full-batch logistic step against NumPy (figures in the README)
	@scripts/setup.sh python3-numpy
	/usr/bin/python3 bench/numpy_step.py --binary $(BUILD)/bench/bench_logistic_step

bench-peers: build            ## tracegrad beside PyTorch (scalar, vectorized), a micrograd-style engine, NumPy + OpenBLAS
	@scripts/setup.sh python3-numpy python3-torch libopenblas0-pthread
	/usr/bin/python3 bench/peers.py --build $(BUILD)

test-clang: setup             ## the test suite built with clang++ (its lesson traces must equal the golden ones)
	@scripts/setup.sh clang-14
	@[ -f build-clang/CMakeCache.txt ] || cmake -S . -B build-clang -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-14
	@cmake --build build-clang -j $(JOBS)
	ctest --test-dir build-clang --output-on-failure -j $(JOBS)

sanitize: setup               ## the test suite again, built with ASan + UBSan
	@[ -f build-asan/CMakeCache.txt ] || cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DTRACEGRAD_SANITIZE=ON
	@cmake --build build-asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --test-dir build-asan --output-on-failure -j $(JOBS)

fuzz:                         ## fuzz the trace reader and validator for about a minute (clang-14, libFuzzer)
	@scripts/setup.sh clang-14 libclang-rt-14-dev
	fuzz/run.sh $(or $(FUZZ_SECONDS),60)

golden: build                 ## regenerate the golden traces in traces/ from every lesson's default run
	@scripts/run-lessons.sh $(BUILD)
	cp $(BUILD)/traces/*.json traces/
	$(BUILD)/lessons/exercises/exercise_check --reference --trace-dir traces/exercises >/dev/null

NAME ?= deck
assignment: setup             ## one assignment file to its template, handout, autograder and reference traces: make assignment NAME=example
	scripts/gradescope/make_assignment.sh assignments/$(NAME)/assignment.cpp $(BUILD)/assignments/$(NAME) $(BUILD)/assignments/$(NAME)/build

clean:
	rm -rf $(BUILD) build-asan build-clang build-fuzz build-web
