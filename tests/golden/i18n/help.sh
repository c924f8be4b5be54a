# tests/golden/i18n/help.sh - each program's --help and one command's of
# each, in the language the caller set (help-en, help-es)
for c in sate-roster "sate-roster check" "sate-roster pair" sate-alert \
    sate-commit "sate-commit set" sate-report "sate-report zone"; do
	echo "==> $c --help"
	$c --help
done
