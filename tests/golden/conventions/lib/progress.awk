# progress.awk - summarise what a program drew on a terminal, as captured
# by script(1), for the golden tests of the progress line.
#
# The transcript is cut at each CR.  A progress line prints as "draw: "
# with its rate as R, and its row count as N when it has no percent (a
# pipe: its blocks, so the counts, vary); further drawings of the same
# input are only checked (rows never go back, percent at most 100); a
# run of spaces is an erase, checked to cover the longest line drawn.
# Any other text prints as "text: ".
BEGIN { RS = "\r"; ndraw = 0; maxlen = 0 }
{
	s = $0
	if (substr(s, 1, 1) == "\n")	# the terminal's CR LF for a LF
		s = substr(s, 2)
	if (s == "")
		next
	if (s ~ /^ +$/) {
		if (ndraw == 0)
			print "erase, with nothing drawn"
		else if (length(s) < maxlen)
			print "erase too short: " length(s) " < " maxlen
		else
			print "erased"
		ndraw = 0
		maxlen = 0
		next
	}
	if (s ~ /: [0-9,]+ rows?, [0-9.]+ MB\/s(, [0-9]+%)? *$/) {
		line = s
		sub(/ +$/, "", line)	# what covers a longer line before
		if (length(line) > maxlen)
			maxlen = length(line)
		name = line
		sub(/: [0-9,]+ rows?, .*/, "", name)
		rows = line
		sub(/.*: /, "", rows)
		sub(/ .*/, "", rows)
		gsub(/,/, "", rows)
		pct = ""
		if (line ~ /%$/) {
			pct = line
			sub(/.*, /, "", pct)
			sub(/%/, "", pct)
		}
		if (ndraw == 0 || name != lastname) {
			out = line
			sub(/[0-9.]+ MB\/s/, "R MB/s", out)
			if (pct == "")
				sub(/: [0-9,]+ rows/, ": N rows", out)
			print "draw: " out
		} else if (rows + 0 < lastrows + 0) {
			print "rows went back: " lastrows " then " rows
		}
		if (pct != "" && pct + 0 > 100)
			print "percent over 100: " pct
		ndraw++
		lastname = name
		lastrows = rows
		next
	}
	print "text: " s
}
END {
	if (ndraw > 0)
		print "not erased at the end"
}
