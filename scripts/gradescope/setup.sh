#!/usr/bin/env bash
# Gradescope's setup.sh (runs once, as root, when the autograder image is built).
set -euo pipefail
apt-get install -y --no-install-recommends cmake g++ make libfmt-dev nlohmann-json3-dev python3
