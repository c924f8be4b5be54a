# tests/golden/i18n/errors.sh - a sample of each kind of message, in the
# language the caller set (errors-en, errors-es): a bad option, a bad
# option value, a missing file, reader errors with file:line, a value
# error with its column, warnings with plurals, usage errors of
# sub-commands.  Each command's exit status goes to stdout.
cp "$SATE_TOP"/tests/golden/i18n/data/*.csv .
run() { "$@" >/dev/null; echo "$1 $2: exit $?"; }
run sate-alert --bogus
run sate-alert --only=azul
run sate-roster check missing.csv
run sate-roster normalize ragged.csv
run sate-alert bad-period.csv
run sate-roster normalize --drop-invalid invalid.csv
run sate-roster count --by aula invalid.csv
run sate-report nope
run sate-report zone
run sate-commit set X1
run sate-commit log
run sate-alert --absence-pct=0
run sate-roster -d ';;'
