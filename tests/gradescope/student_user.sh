# Sourced by the autograder tests. The sandbox user of one build alone (run_autograder kills
# every process of its user, and another build's tests may be grading at the same time on this
# machine): tg-student-HASH of KEY. setup.sh makes it when it is missing; the test then removes
# it when it ends, passed or failed. A user that was there before the test is left alone.
# usage: student_user KEY; `trap remove_student_user EXIT` (with the test's own cleanup); at the
# end, `remove_student_user` as a check (it fails when the user it made is still there).
student_user() {
  export TRACEGRAD_STUDENT_USER=tg-student-$(printf %s "$1" | md5sum | cut -c1-8)
  student_user_made=
  id -u "$TRACEGRAD_STUDENT_USER" >/dev/null 2>&1 || student_user_made=1
}

remove_student_user() {
  [ "${student_user_made:-}" = removed ] && return 0  # the check at the end did it
  [ -n "${student_user_made:-}" ] || { echo "(the sandbox user $TRACEGRAD_STUDENT_USER was there before: left)"; return 0; }
  id -u "$TRACEGRAD_STUDENT_USER" >/dev/null 2>&1 && userdel "$TRACEGRAD_STUDENT_USER"
  if id -u "$TRACEGRAD_STUDENT_USER" >/dev/null 2>&1; then
    echo "FAILED: the sandbox user $TRACEGRAD_STUDENT_USER this test made is still there"
    return 1
  fi
  echo "ok: the sandbox user $TRACEGRAD_STUDENT_USER this test made is removed"
  student_user_made=removed
}
