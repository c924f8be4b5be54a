# Every long option a program's --help lists (in the option column, not
# the prose) is completed, and the completion offers no other.
. "$SATE_TOP/completion/sate.bash"
for pc in sate-roster: sate-roster:check sate-roster:normalize \
    sate-roster:join sate-roster:count sate-roster:pair sate-alert: \
    sate-commit: sate-commit:add sate-commit:set sate-commit:status \
    sate-commit:log sate-commit:verify sate-report: sate-report:alerts \
    sate-report:commitments sate-report:roster sate-report:merge \
    sate-report:zone sate-monthly-report:; do
	p=${pc%%:*} c=${pc#*:}
	run=$p
	[ "$p" = sate-monthly-report ] && run=monthly-report
	"$run" $c --help | sed -n 's/^ *\(-.*\)/\1/p' | sed 's/   *.*//' |
	    grep -o -- '--[a-z][a-z-]*' | sort -u >help.txt
	_sate_options "$p" "$c" | tr ' \n' '\n\n' | sed 's/=$//' | grep . |
	    sort -u >compl.txt
	diff help.txt compl.txt >/dev/null ||
	    { echo "$p $c:"; diff help.txt compl.txt; }
done
echo done
