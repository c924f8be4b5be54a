# The completion's alias table is lib/colname.c's.
. "$SATE_TOP/completion/sate.bash"
sed -n '/^} aliases\[\] = {/,/^};/p' "$SATE_TOP/lib/colname.c" |
    grep -o '{ "[^"]*", "[^"]*" }' | sed 's/{ "\(.*\)", "\(.*\)" }/\1=\2/' |
    sort >lib.txt
printf '%s\n' $_sate_aliases | sort >compl.txt
wc -l <lib.txt
diff lib.txt compl.txt && echo same
