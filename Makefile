# The README's two commands (make run, make test) and the pieces they are made of.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
ARGS ?=

.PHONY: run test test-plain build bootstrap bench clean test-sanitizers test-asan test-tsan fuzz package check-package

# The emulator and the client, built plain (RelWithDebInfo) in $(BUILD_DIR).
run: bootstrap
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD_DIR) -j$(JOBS) --target revento-emulator revento
	$(BUILD_DIR)/emulator/revento-emulator $(ARGS)

# What CI runs: every test under AddressSanitizer + UBSan, then the tests that
# run threads under ThreadSanitizer. A sanitizer report fails it.
test: test-sanitizers

# The quick loop while developing: every test once, plain build, no sanitizer.
test-plain: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)

# Warnings are errors where tests run (REVENTO_WERROR), not in `make run`.
build: bootstrap
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREVENTO_WERROR=ON >/dev/null
	cmake --build $(BUILD_DIR) -j$(JOBS)

bootstrap:
	@scripts/bootstrap

# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, and the
# tests that run threads under ThreadSanitizer, each in its own build
# directory. Any sanitizer report fails the target (scripts/test-sanitized).
# TSAN_TEST_FILES: the test files whose tests run threads (a regex on paths).
TSAN_TEST_FILES ?= /(thread_pool|reactor|keep_alive_e2e|refresh|pagination|dispatcher|fan_out|delivery_rules|rate_limit|webhook_restart|webhook_oauth_flow|token_manager|delivery_deduper|client_library_e2e|scenarios_cli)_test[.]cc$$
# The CTest names the TSan run takes: those tests, and the scenario suite
# (the runner spawns emulators from its job threads).
TSAN_TESTS = ^(emulator|client|e2e)[.]|^scenarios[.]suite$$
SANITIZER_CMAKE = -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREVENTO_BENCH=OFF -DREVENTO_WERROR=ON

test-sanitizers: test-asan test-tsan

test-asan: bootstrap
	cmake -S . -B build-asan $(SANITIZER_CMAKE) -DREVENTO_SANITIZE=address >/dev/null
	cmake --build build-asan -j$(JOBS)
	scripts/test-sanitized build-asan address "" $(JOBS)

test-tsan: bootstrap
	cmake -S . -B build-tsan $(SANITIZER_CMAKE) -DREVENTO_SANITIZE=thread '-DREVENTO_TEST_FILES=$(TSAN_TEST_FILES)' >/dev/null
	cmake --build build-tsan -j$(JOBS) --target emulator_tests client_tests e2e_tests revento-emulator revento
	scripts/test-sanitized build-tsan thread '$(TSAN_TESTS)' $(JOBS)

# libFuzzer: each target for FUZZ_SECONDS seconds (bench/fuzz; not part of test).
FUZZ_SECONDS ?= 60
fuzz:
	bench/fuzz $(FUZZ_SECONDS)

# The benchmarks are built only here (REVENTO_BENCH=ON); bench/run-all lists them.
bench: bootstrap
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREVENTO_BENCH=ON >/dev/null
	cmake --build $(BUILD_DIR) -j$(JOBS)
	bench/run-all $(BUILD_DIR)

# The release package: build-package/revento-sandbox-VERSION-linux-x86_64.tar.gz
# and a .deb (scripts/package), and its check (scripts/check-package).
package: bootstrap
	scripts/package build-package

check-package: package
	scripts/check-package build-package

clean:
	rm -rf $(BUILD_DIR) build-asan build-tsan build-fuzz build-package
