# make install into a scratch DESTDIR: exactly these files, links and
# modes; the installed programs run; make uninstall then leaves no file
# or link, only the (shared) directories that held them; sate's own
# directory, PREFIX/libexec/sate, goes too.
set -u
unset MAKEFLAGS MAKELEVEL MFLAGS	# a make of its own, not a sub-make
build=${SATE_BIN%/bin}
san=
case $build in */build/san) san=SAN=1 ;; esac
d=$PWD/dest
m() { make -s -j1 -C "$SATE_TOP" $san O="$build" PREFIX=/usr DESTDIR="$d" "$@"; }

list() {
	(cd "$d" && find . ! -type d -printf '%y %m %p %l\n' | sed 's/ $//' |
	    LC_ALL=C sort)
}
{
	cat <<'LIST'
f 644 ./usr/share/bash-completion/completions/sate-roster
f 644 ./usr/share/man/man1/sate-alert.1
f 644 ./usr/share/man/man1/sate-commit.1
f 644 ./usr/share/man/man1/sate-monthly-report.1
f 644 ./usr/share/man/man1/sate-report.1
f 644 ./usr/share/man/man1/sate-roster.1
f 644 ./usr/share/man/man5/sate-formats.5
f 644 ./usr/share/man/man7/sate.7
f 755 ./usr/bin/sate-alert
f 755 ./usr/bin/sate-commit
f 755 ./usr/bin/sate-monthly-report
f 755 ./usr/bin/sate-report
f 755 ./usr/bin/sate-roster
f 755 ./usr/libexec/sate/sate-gen
l 777 ./usr/share/bash-completion/completions/sate-alert sate-roster
l 777 ./usr/share/bash-completion/completions/sate-commit sate-roster
l 777 ./usr/share/bash-completion/completions/sate-monthly-report sate-roster
l 777 ./usr/share/bash-completion/completions/sate-report sate-roster
LIST
	# What other work adds: Spanish man pages, the Spanish catalogue.
	for f in "$SATE_TOP"/man/es/*.[157]; do
		[ -f "$f" ] &&
		    echo "f 644 ./usr/share/man/es/man${f##*.}/${f##*/}"
	done
	[ -f "$SATE_TOP/po/es.po" ] &&
	    echo "f 644 ./usr/share/locale/es/LC_MESSAGES/sate.mo"
} | LC_ALL=C sort >expected

m install >make.out 2>&1 || { echo "make install failed:"; cat make.out; }
list >installed
diff expected installed && echo "installed: the files and links listed"
"$d/usr/bin/sate-roster" --version
"$d/usr/bin/sate-monthly-report" --help | head -n 1
# --sample finds the generator installed beside the programs.
PATH=$d/usr/bin:/usr/bin:/bin sate-monthly-report --sample -o "$PWD/zona" \
    >/dev/null 2>&1 && [ -s "$PWD/zona/zona-2026-03-27/reporte.html" ] &&
    echo "sate-monthly-report --sample: the report, from the installed programs"
cmp "$SATE_TOP/completion/sate.bash" \
    "$d/usr/share/bash-completion/completions/sate-alert" &&
    echo "completion: the links reach the script"

m uninstall >make.out 2>&1 || { echo "make uninstall failed:"; cat make.out; }
list >left
[ -s left ] && { echo "left behind:"; cat left; }
# The directories: those of the installed paths and their parents.
awk '{ p = $3; while (sub(/\/[^\/]*$/, "", p)) print p }' expected |
    grep -vx './usr/libexec/sate' |	# sate's own: removed
    LC_ALL=C sort -u >dirs
(cd "$d" && find . -type d | LC_ALL=C sort) >dirs-left
diff dirs dirs-left &&
    echo "uninstalled: no file or link left, only the directories"
