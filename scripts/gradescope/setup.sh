#!/usr/bin/env bash
# Gradescope's setup.sh: runs once, as root, when the autograder image is built. Builds the
# library, the student-side kit and the grader ONCE, so that a submission only compiles
# student.cpp and links (run_autograder), and makes the unprivileged user the student's code
# runs as. The assignment is source/assignment.cpp (make_assignment.sh puts it there).
# AUTOGRADER=/some/dir sets it up outside Gradescope (the same layout there);
# TRACEGRAD_BUILD=DIR takes the targets from an existing build of the same source and
# assignment (the tests).
set -euo pipefail
root=${AUTOGRADER:-/autograder}
src=$root/source
user=${TRACEGRAD_STUDENT_USER:-tracegrad-student}  # (the tests: one per build, so that two runs never kill each other)

if [ -z "${TRACEGRAD_BUILD:-}" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends cmake g++ make libfmt-dev nlohmann-json3-dev python3 util-linux procps
fi
id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"

build=${TRACEGRAD_BUILD:-$root/build}
if [ -z "${TRACEGRAD_BUILD:-}" ]; then
  cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DTRACEGRAD_ASSIGNMENT="$src/assignment.cpp" >/dev/null
fi
cmake --build "$build" -j2 --target exercise_grade exercise_list exercise_answers_main >/dev/null

# The grader (it holds the reference): root's alone.
install -d -m 700 "$root/grader"
install -m 700 "$build/lessons/exercises/exercise_grade" "$root/grader/exercise_grade"
# Each test's points and visibility; a bad assignment stops the setup, not the grading.
"$root/grader/exercise_grade" check
# The kit the student's build reads: headers and the student-side libraries, read-only.
rm -rf "$root/kit"
install -d -m 755 "$root/kit/include" "$root/kit/lib"
cp -r "$src/lib/engine/include/tracegrad" "$root/kit/include/"
cp "$build/lessons/exercises/assignment/exercise.hpp" "$root/kit/include/"
cp "$build/lessons/exercises/libexercise_list.a" "$build/lib/engine/libtracegrad_engine.a" "$root/kit/lib/"
cp "$build/lessons/exercises/CMakeFiles/exercise_answers_main.dir/answers_main.cpp.o" "$root/kit/lib/answers_main.o"
chmod -R a+rX,go-w "$root/kit"
# Everything else (the source with the assignment file and its reference, the build): root's.
chmod 711 "$root"
chmod 700 "$src"
[ -d "$root/build" ] && chmod 700 "$root/build"
exit 0
