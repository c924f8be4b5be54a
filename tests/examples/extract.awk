# tests/examples/extract.awk - turn a man page's EXAMPLES into test files
#
# usage: LC_ALL=C awk -v out=DIR -f extract.awk PAGE
#
# Every literal display (.Bd -literal ... .Ed, or .EX ... .EE) in the
# EXAMPLES section (EJEMPLOS in a Spanish page) is a terminal session:
#
#   $ command                a command line, after the prompt "$ "
#       --more \e            a line ending in a backslash goes on
#   > more                   so does a line after the PS2 prompt "> "
#   output                   everything else up to the next "$ " is what
#   ...                      the command writes (standard output and
#                            error together); a last line "..." means
#                            "and more": the lines above it must begin
#                            the output, and more must follow
#
# A command followed by no output lines must write nothing.  A command
# must exit 0, unless the next command is "echo $?", which then shows
# the status.  The roff escapes are decoded (\- \e \(aq \('o \[u00F1]
# ...); an escape this script does not know is an error, so the text
# tested is the text the reader sees.
#
# Writes into DIR, for the Nth command of the page: N.sh (the command),
# N.exp (the output shown, without a final "..."), and one line in DIR/list:
#   N <tab> LINE <tab> exact|prefix <tab> 0|any <tab> first line of command
# Problems go to standard error as "PAGE:LINE: what", with exit status 3.

function err(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
	bad = 1
}

function utf8(cp) {
	if (cp < 128)
		return sprintf("%c", cp)
	if (cp < 2048)
		return sprintf("%c%c", 192 + int(cp / 64), 128 + cp % 64)
	if (cp < 65536)
		return sprintf("%c%c%c", 224 + int(cp / 4096),
		    128 + int(cp / 64) % 64, 128 + cp % 64)
	return sprintf("%c%c%c%c", 240 + int(cp / 262144),
	    128 + int(cp / 4096) % 64, 128 + int(cp / 64) % 64, 128 + cp % 64)
}

function hex(s,    i, n, c) {
	n = 0
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789ABCDEF", toupper(substr(s, i, 1)))
		if (c == 0)
			return -1
		n = n * 16 + c - 1
	}
	return n
}

# A named character: \(xx or \[name].
function named(name,    cp) {
	if (name in chr)
		return chr[name]
	if (name ~ /^u[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]+$/) {
		cp = hex(substr(name, 2))
		if (cp >= 0)
			return utf8(cp)
	}
	err("unknown character escape '" name "' in an example")
	return "?"
}

# The text a literal line shows: its escapes decoded.
function decode(s,    r, i, c, j, name) {
	r = ""
	while ((i = index(s, "\\")) > 0) {
		r = r substr(s, 1, i - 1)
		c = substr(s, i + 1, 1)
		s = substr(s, i + 2)
		if (c == "-" || c == ".")
			r = r c
		else if (c == "e" || c == "\\")
			r = r "\\"
		else if (c == " " || c == "~")
			r = r " "
		else if (c == "&" || c == "%" || c == ":")
			;
		else if (c == "(") {
			r = r named(substr(s, 1, 2))
			s = substr(s, 3)
		} else if (c == "[") {
			j = index(s, "]")
			if (j == 0) {
				err("unterminated \\[ in an example")
				j = length(s) + 1
			}
			r = r named(substr(s, 1, j - 1))
			s = substr(s, j + 1)
		} else if (c == "f") {
			# A font change shows nothing.
			c = substr(s, 1, 1)
			if (c == "(")
				s = substr(s, 4)
			else if (c == "[")
				s = substr(s, index(s, "]") + 1)
			else
				s = substr(s, 2)
		} else {
			err("unknown escape '\\" c "' in an example")
			r = r "?"
		}
	}
	return r s
}

BEGIN {
	if (out == "") {
		print "extract.awk: usage: awk -v out=DIR -f extract.awk PAGE" \
		    > "/dev/stderr"
		exit 2
	}
	chr["aq"] = "'"; chr["dq"] = "\""; chr["ga"] = "`"; chr["ti"] = "~"
	chr["ha"] = "^"; chr["rs"] = "\\"; chr["em"] = utf8(8212)
	chr["en"] = utf8(8211); chr["de"] = utf8(176); chr["Om"] = utf8(186)
	chr["Of"] = utf8(170); chr["r!"] = utf8(161); chr["r?"] = utf8(191)
	chr["Fo"] = utf8(171); chr["Fc"] = utf8(187)
	split("a e i o u A E I O U", v, " ")
	split("225 233 237 243 250 193 201 205 211 218", cp, " ")
	for (k = 1; k <= 10; k++)
		chr["'" v[k]] = utf8(cp[k] + 0)
	chr["~n"] = utf8(241); chr["~N"] = utf8(209)
	chr[":u"] = utf8(252); chr[":U"] = utf8(220)
	n = 0		# commands so far
	insec = 0	# inside EXAMPLES
	inlit = 0	# inside a literal display there
	state = ""	# "cmd": the command goes on; "out": its output
}

# Close the current command: write its expected output and list line.
function finish(    f) {
	if (n == 0 || done[n])
		return
	done[n] = 1
	mode[n] = "exact"
	if (nexp > 0 && want[nexp] == "...") {
		mode[n] = "prefix"
		nexp--
	}
	f = out "/" n ".exp"
	printf "" > f
	for (k = 1; k <= nexp; k++)
		print want[k] > f
	close(f)
	nexp = 0
}

/^\.S[hH] / {
	insec = ($2 == "EXAMPLES" || $2 == "EJEMPLOS")
	if (insec)
		seen = 1
	next
}

!insec { next }

!inlit && /^\.(Bd[ \t].*-literal|EX)([ \t]|$)/ {
	inlit = 1
	state = ""
	next
}

!inlit && /^\.Dl([ \t]|$)/ {
	err("a .Dl in EXAMPLES is not run: use .Bd -literal and \"$ \"")
	next
}

!inlit { next }

/^\.(Ed|EE)([ \t]|$)/ {
	if (state == "")
		err("a literal display in EXAMPLES without a \"$ \" command")
	else if (state == "bad")
		;
	else if (state == "cmd")
		err("the command goes on past the end of the display")
	finish()
	inlit = 0
	state = ""
	next
}

/^[.'][ \t]*\\"/ { next }		# a comment

/^[.']/ {
	err("a request or macro inside an example: '" $0 "'")
	next
}

{
	line = decode($0)
	if (state == "cmd" || (state == "out" && nexp == 0 && line ~ /^> /)) {
		# The command goes on.
		if (state == "out")
			line = substr(line, 3)
		print line > (out "/" n ".sh")
		state = (line ~ /\\$/) ? "cmd" : "out"
		next
	}
	if (line ~ /^\$ /) {
		finish()
		n++
		nexp = 0
		cmd = substr(line, 3)
		if (cmd ~ /^echo \$\?[ \t]*$/ && n > 1)
			anystatus[n - 1] = 1
		print cmd > (out "/" n ".sh")
		first[n] = cmd
		where[n] = FNR
		state = (cmd ~ /\\$/) ? "cmd" : "out"
		next
	}
	if (state == "" || state == "bad") {
		if (state == "")
			err("text before the first \"$ \" command of a display")
		state = "bad"
		next
	}
	want[++nexp] = line
}

END {
	if (out == "")
		exit 2
	if (inlit)
		err("EXAMPLES ends inside a literal display")
	finish()
	if (!seen)
		err("no EXAMPLES section")
	else if (n == 0)
		err("no example in EXAMPLES")
	for (k = 1; k <= n; k++) {
		close(out "/" k ".sh")
		printf "%d\t%d\t%s\t%s\t%s\n", k, where[k], mode[k],
		    anystatus[k] ? "any" : "0", first[k] > (out "/list")
	}
	close(out "/list")
	exit bad ? 3 : 0
}
