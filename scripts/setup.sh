#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, only those missing.
# Fast when everything is there (one dpkg-query). Run by `make lessons` and `make test`.
set -euo pipefail

packages=(
  cmake g++ make ccache               # the toolchain (ccache: rebuilds of unchanged files)
  libfmt-dev nlohmann-json3-dev       # the library's dependencies
  libboost-test-dev                   # the test suite
  libbenchmark-dev                    # the benchmark (built only when found)
  python3 python3-jsonschema          # validating traces against traces/trace.schema.json
  graphviz                            # tracegrad dot's test renders with dot -Tsvg
  chromium chromium-driver python3-selenium  # the viewer page's test in headless Chromium
  clang-14                            # fair grading: a student program built with clang++ grades the same
  util-linux procps zip unzip         # the autograder's sandbox (setpriv, prlimit, pkill) and its zip
)
packages+=("$@")                      # extra packages a target asks for (make fuzz: clang-14 libclang-rt-14-dev; make web: emscripten)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
