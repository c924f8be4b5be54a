# tests/golden/i18n/numeric.sh - under a Spanish locale the data do not
# change: every output is byte for byte the one of C.UTF-8.  es_ES.UTF-8
# writes numbers with a decimal comma, so a program that took
# LC_NUMERIC from the environment would print 33,3 and parse 2.5 as 2.
# The locales come from scripts/deps; without them this case fails.
for l in es_ES.UTF-8 es_MX.UTF-8; do
	locale -a | grep -qix "$(echo $l | sed 's/UTF-8/utf8/')" || {
		echo "locale $l missing: run scripts/deps as root" >&2; exit 1; }
done
# The trap is real: printf(1) follows LC_NUMERIC.
echo "es_ES printf: $(LC_ALL=es_ES.UTF-8 env printf '%.1f' 2.5)"
z=$SATE_TOP/tests/golden/sate-report/zone-text
cp "$z"/*.csv "$z"/rules.txt "$SATE_TOP"/tests/golden/i18n/data/pair.csv \
    "$SATE_TOP"/tests/golden/i18n/data/alerts.csv .
zone="sate-report zone --roster ros.csv --alerts al.csv --commitments com.csv --previous prev.csv --rules rules.txt --corte 2025-03-31"
n=0
for cmd in "$zone" "$zone --format text" "$zone --format html" \
    "$zone --format md" "sate-report alerts --by cct,grado alerts.csv" \
    "sate-report alerts --by cct --format html alerts.csv" "sate-roster pair --by alertas pair.csv" \
    "sate-roster count ros.csv"; do
	LC_ALL=C.UTF-8 $cmd >c.out 2>c.err
	for l in es_ES.UTF-8 es_MX.UTF-8; do
		LC_ALL=$l $cmd >l.out 2>/dev/null
		cmp -s c.out l.out || { echo "differs under $l: $cmd"; diff c.out l.out | head; }
	done
	n=$((n + 1))
done
echo "$n commands, the same output under es_ES.UTF-8 and es_MX.UTF-8"
# The decimals themselves, as C writes them.
sate-report alerts --by cct,grado alerts.csv | cut -d, -f1-3,26-
sate-roster pair --by alertas pair.csv
# And the locale did reach the messages.
LC_ALL=es_ES.UTF-8 sate-report nope
