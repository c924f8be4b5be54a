# bash completion for sate: sate-roster, sate-alert, sate-commit,
# sate-report and sate-monthly-report                        -*- shell-script -*-
#
# Installed once per program under $(PREFIX)/share/bash-completion/
# completions/, where bash-completion loads it on first use; or source it
# from ~/.bashrc.  It needs nothing from bash-completion itself.
#
# It completes the commands (report kinds), each command's long options,
# the values of options that take one of a closed set (--format, --on,
# --estatus, --only, the on|off rule switches, -e, -d), file names, and
# column names:
#   sate-roster join --columns   the columns of the --roster file
#   sate-roster pair --by        the columns of the first input file
#   sate-report merge --by       the grouping columns of the first file
#   sate-roster count --by, sate-report alerts|commitments|roster --by
#                                the program's own closed set
# Column names are given as the programs look them up: folded (lower
# case, no accents, '_' for ' ' and '-') and with the aliases of real
# exports (CV_CCT is cct), the same as lib/colname.c; the header is read
# with the -d and -e given on the line.  Lists are comma-separated: after
# "cct," the next name is completed, and names already listed are left
# out.  Both --opt=value and --opt value are understood.
#
# Keep the option lists in step with the programs' --help; the golden
# case completion/options-match-help checks that they are.

_sate_common_opts='--delimiter= --encoding= --crlf --excel-safe --max-field=
--progress --no-progress --help --version'

_sate_alert_rules='--lectura= --escritura= --calculo= --calificacion=
--inasistencia= --participacion= --convivencia= --consecutivo=
--absence-pct= --min-days= --fail-grade= --incidents= --rojo-at=
--lectura-esperado= --lectura-desarrollo= --escritura-esperado=
--escritura-desarrollo= --calculo-esperado= --calculo-desarrollo=
--calculo-iv='

# Folded alias -> canonical name; the table of lib/colname.c.
_sate_aliases='cv_cct=cct clavecct=cct clave_cct=cct cve_cct=cct
clave_ct=cct cct_escuela=cct ciclo_escolar=ciclo alucurp=curp
curp_alumno=curp nombrect=escuela c_nombre=escuela nombre_ct=escuela
nombre_escuela=escuela nombre_de_la_escuela=escuela
estatus_alumno=estatus alufechanac=fecha_nacimiento
fecha_nac=fecha_nacimiento grado_escolar=grado alunombre=nombre
nombre_alumno=nombre nombres=nombre aluapepat=primer_apellido
apellido_paterno=primer_apellido ape_pat=primer_apellido
aluapemat=segundo_apellido apellido_materno=segundo_apellido
ape_mat=segundo_apellido alusexo=sexo genero=sexo desc_turno=turno
turno_desc=turno zonaescola=zona zona_escolar=zona zonaescolar=zona'

# _sate_commands PROG: its commands, or nothing for a program without.
_sate_commands() {
	case $1 in
	sate-roster) echo check normalize join count pair ;;
	sate-commit) echo add set status log verify ;;
	sate-report) echo alerts commitments roster merge zone ;;
	esac
}

# _sate_options PROG [CMD]: the long options of PROG's CMD, with '='
# after those that take a value.
_sate_options() {
	local c=$_sate_common_opts
	case $1:$2 in
	sate-roster:check) echo "--quiet --summary --no-duplicates $c" ;;
	sate-roster:normalize) echo "--drop-invalid --strict $c" ;;
	sate-roster:join) echo "--roster= --on= --columns= --strict $c" ;;
	sate-roster:count) echo "--by= $c" ;;
	sate-roster:pair) echo "--by= --keep= --avoid= $c" ;;
	sate-alert:*)
		echo "--rules= --print-rules --previous= --only= --explain" \
		    "--skip-invalid" $_sate_alert_rules "$c" ;;
	sate-commit:add | sate-commit:log) echo "--ledger= $c" ;;
	sate-commit:set)
		echo "--estatus= --evidencia= --fecha-compromiso= --nota=" \
		    "--ledger= $c" ;;
	sate-commit:status)
		echo "--corte= --cct= --estatus= --vencidos --sesion=" \
		    "--ledger= $c" ;;
	sate-commit:verify) echo "--repair --ledger= $c" ;;
	sate-report:alerts | sate-report:commitments | sate-report:roster | \
	sate-report:merge)
		echo "--by= --format= --min-n= --suppress --compare= $c" ;;
	sate-report:zone)
		echo "--roster= --alerts= --commitments= --previous= --rules=" \
		    "--corte= --format= --min-n= --suppress $c" ;;
	sate-monthly-report:*)
		echo "--alumnos= --escuelas= --evaluaciones= --anteriores=" \
		    "--ledger= --corte= --sample --help" ;;
	*) echo "$c" ;;
	esac
}

# _sate_short PROG CMD -X: the long option a short one stands for, with
# '=' when it takes a value; nothing when PROG has no such option.
_sate_short() {
	case $1:$2:$3 in
	sate-monthly-report:*:-o) echo -o= ;;
	sate-monthly-report:*:-h) echo --help ;;
	*:-d) echo --delimiter= ;;
	*:-e) echo --encoding= ;;
	*:-h) echo --help ;;
	sate-roster:check:-q) echo --quiet ;;
	sate-roster:check:-s) echo --summary ;;
	sate-roster:join:-r) echo --roster= ;;
	sate-report:?*:-b) echo --by= ;;
	sate-report:?*:-f) echo --format= ;;
	sate-report:?*:-n) echo --min-n= ;;
	sate-report:?*:-c) echo --compare= ;;
	sate-commit:?*:-l) echo --ledger= ;;
	esac
}

# _sate_takes PROG CMD OPTION: true when OPTION (long or short) takes a
# value; prints the long name.
_sate_takes() {
	local o
	case $3 in
	--*)
		for o in $(_sate_options "$1" "$2"); do
			[[ $o == "$3=" ]] && { echo "$3"; return 0; }
		done ;;
	-?)
		o=$(_sate_short "$1" "$2" "$3")
		[[ $o == *= ]] && { echo "${o%=}"; return 0; } ;;
	esac
	return 1
}

# _sate_dequote WORD: WORD as the shell would pass it (quotes, backslashes
# and a leading ~/ undone; nothing is run).
_sate_dequote() {
	local w=$1 out= q= c i
	[[ $w == '~/'* ]] && w=$HOME/${w#'~/'}
	for ((i = 0; i < ${#w}; i++)); do
		c=${w:i:1}
		if [[ $q == "'" ]]; then
			[[ $c == "'" ]] && q= || out+=$c
		elif [[ $c == '\' ]]; then
			((i++))
			out+=${w:i:1}
		elif [[ -z $q && ( $c == "'" || $c == '"' ) ]]; then
			q=$c
		elif [[ $q == '"' && $c == '"' ]]; then
			q=
		else
			out+=$c
		fi
	done
	printf '%s' "$out"
}

# _sate_columns FILE DELIM ENC: the canonical names of FILE's header, one
# a line, in order, each once.
_sate_columns() {
	local file=$1 d=${2:-,} enc=
	[[ -f $file && -r $file ]] || return 0
	case $d in tab | '\t') d=$'\t' ;; esac
	[[ $d == '\' ]] && d='\\'	# awk -v undoes one level
	case ${3,,} in
	latin1 | latin-1 | iso-8859-1 | iso8859-1 | windows-1252 | cp1252)
		enc=WINDOWS-1252 ;;
	esac
	head -c 65536 -- "$file" |
	    if [[ -n $enc ]]; then iconv -f "$enc" -t UTF-8 2>/dev/null;
	    else cat; fi |
	    tr '\r' '\n' | head -n 1 |
	    LC_ALL=C sed -e '1s/^\xef\xbb\xbf//' |
	    LC_ALL=C awk -v d="$d" '{
		n = length($0); f = ""; q = 0
		for (i = 1; i <= n; i++) {
			c = substr($0, i, 1)
			if (q) {
				if (c != "\"") f = f c
				else if (substr($0, i + 1, 1) == "\"") { f = f c; i++ }
				else q = 0
			} else if (c == "\"") q = 1
			else if (c == d) { print f; f = "" }
			else f = f c
		}
		print f
	    }' |
	    LC_ALL=C sed -e 's/^[ 	]*//' -e 's/[ 	]*$//' \
		-e 's/\xc3[\x80-\x86\xa0-\xa6]/a/g' \
		-e 's/\xc3[\x87\xa7]/c/g' \
		-e 's/\xc3[\x88-\x8b\xa8-\xab]/e/g' \
		-e 's/\xc3[\x8c-\x8f\xac-\xaf]/i/g' \
		-e 's/\xc3[\x90\xb0]/d/g' \
		-e 's/\xc3[\x91\xb1]/n/g' \
		-e 's/\xc3[\x92-\x96\x98\xb2-\xb6\xb8]/o/g' \
		-e 's/\xc3[\x97\x9e\xb7\xbe]/_/g' \
		-e 's/\xc3[\x99-\x9c\xb9-\xbc]/u/g' \
		-e 's/\xc3[\x9d\xbd\xbf]/y/g' \
		-e 's/\xc3\x9f/s/g' \
		-e 'y/ABCDEFGHIJKLMNOPQRSTUVWXYZ/abcdefghijklmnopqrstuvwxyz/' \
		-e 's/[ 	-]/_/g' |
	    LC_ALL=C awk -v a="$_sate_aliases" 'BEGIN {
		n = split(a, p, /[ \n]+/)
		for (i = 1; i <= n; i++) {
			k = index(p[i], "=")
			if (k) alias[substr(p[i], 1, k - 1)] = substr(p[i], k + 1)
		}
	    }
	    $0 != "" {
		c = ($0 in alias) ? alias[$0] : $0
		if (!(c in seen)) { seen[c] = 1; print c }
	    }'
}

# _sate_reply PREFIX CUR WORD...: COMPREPLY gets PREFIX.WORD for each WORD
# that starts with CUR.
_sate_reply() {
	local pre=$1 cur=$2 w
	shift 2
	for w; do
		[[ $w == "$cur"* ]] && COMPREPLY+=("$pre$w")
	done
}

# _sate_list PREFIX CUR WORD...: complete the last item of the
# comma-separated list CUR from WORDs not already in it.
_sate_list() {
	local pre=$1 cur=$2 head= last w
	shift 2
	if [[ $cur == *,* ]]; then
		head=${cur%,*},
		last=${cur##*,}
	else
		last=$cur
	fi
	for w; do
		[[ ,$head == *,"$w",* ]] && continue
		[[ $w == "$last"* ]] && COMPREPLY+=("$pre$head$w")
	done
	compopt -o nospace 2>/dev/null
}

# _sate_files PREFIX CUR [-d]: file (or directory) names.
_sate_files() {
	local w
	while IFS= read -r w; do
		COMPREPLY+=("$1$w")
	done < <(compgen ${3:--f} -- "$2")
	compopt -o filenames 2>/dev/null
}

_sate_complete() {
	local prog=${1##*/}
	local W=() j=-1 glued=0 split=0 i w
	local cmd= cur opt= pre= name val k last
	local pos=() cols=() delim=, enc= roster= on=curp dd=0 needcmd=0
	COMPREPLY=()

	# The words of the line, with "--opt = value" (split at '=' by
	# COMP_WORDBREAKS) put back together; W[last] is under the cursor.
	for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == = && $j -ge 0 && ${W[j]} == --* && ${W[j]} != *=* ]]; then
			W[j]+==
			glued=1
		elif ((glued)); then
			W[j]+=$w
			glued=0
		else
			W+=("$w")
			((j++))
		fi
		if ((i == COMP_CWORD)); then
			last=$j
			[[ $w == = ]] || ((glued == 0 && ${#W[j]} > ${#w})) &&
			    split=1
		fi
	done
	[[ -n $(_sate_commands "$prog") ]] && needcmd=1

	# What the line holds besides the word under the cursor: the
	# command (before it), files, -d, -e, --roster, --on.
	for ((k = 1; k < ${#W[@]}; k++)); do
		((k == last)) && continue
		w=${W[k]}
		name= val=
		if ((dd)); then
			pos+=("$w")
			continue
		fi
		case $w in
		--) dd=1; continue ;;
		--*=*) name=${w%%=*} val=${w#*=} ;;
		--*)
			name=$(_sate_takes "$prog" "$cmd" "$w") || continue
			((++k == last)) && continue
			val=${W[k]} ;;
		-?*)
			name=$(_sate_takes "$prog" "$cmd" "${w:0:2}") || continue
			if ((${#w} > 2)); then
				val=${w:2}
			else
				((++k == last)) && continue
				val=${W[k]}
			fi ;;
		*)
			if ((needcmd && k < last)) && [[ -z $cmd ]]; then
				cmd=$w
			else
				pos+=("$w")
			fi
			continue ;;
		esac
		val=$(_sate_dequote "$val")
		case $name in
		--delimiter) delim=$val ;;
		--encoding) enc=$val ;;
		--roster) roster=$val ;;
		--on) on=$val ;;
		esac
	done

	# The word under the cursor: an option's value, an option, or not.
	cur=${W[last]}
	if ((!dd)) && [[ $cur == --*=* ]]; then
		opt=${cur%%=*}
		((split)) || pre=$opt=
		cur=${cur#*=}
	elif ((!dd && last > 1)) && [[ ${W[last - 1]} == -* ]] &&
	    opt=$(_sate_takes "$prog" "$cmd" "${W[last - 1]}"); then
		:
	else
		opt=
	fi
	# -dX and friends: a short option with its value in one word.
	if ((!dd)) && [[ -z $opt && $cur == -[!-]?* ]] &&
	    opt=$(_sate_takes "$prog" "$cmd" "${cur:0:2}"); then
		pre=${cur:0:2}
		cur=${cur:2}
	fi

	if [[ -n $opt ]]; then
		case $prog:$cmd:$opt in
		*:--delimiter) _sate_reply "$pre" "$cur" , "';'" tab "'|'" ;;
		*:--encoding) _sate_reply "$pre" "$cur" utf-8 latin1 windows-1252 ;;
		sate-report:*:--format) _sate_reply "$pre" "$cur" csv text md html ;;
		sate-roster:join:--on) _sate_reply "$pre" "$cur" curp cct ;;
		sate-roster:join:--columns)
			mapfile -t cols < <(_sate_columns \
			    "$(_sate_dequote "$roster")" "$delim" "$enc" |
			    grep -vx -- "$on")
			_sate_list "$pre" "$cur" "${cols[@]}" ;;
		sate-roster:count:--by)
			_sate_list "$pre" "$cur" cct nivel grado grupo sexo \
			    turno zona ;;
		sate-roster:pair:--by)
			mapfile -t cols < <(_sate_columns \
			    "$(_sate_dequote "${pos[0]-}")" "$delim" "$enc" |
			    grep -vxE 'cct|escuela|nivel')
			_sate_reply "$pre" "$cur" "${cols[@]}" ;;
		sate-report:alerts:--by)
			_sate_list "$pre" "$cur" zona sector cct nivel grado \
			    grupo turno ciclo periodo ;;
		sate-report:roster:--by)
			_sate_list "$pre" "$cur" zona sector cct nivel turno \
			    ciclo grado grupo ;;
		sate-report:commitments:--by)
			_sate_list "$pre" "$cur" zona sector cct nivel ambito ;;
		sate-report:merge:--by)
			mapfile -t cols < <(_sate_columns \
			    "$(_sate_dequote "${pos[0]-}")" "$delim" "$enc" |
			    grep -xE 'zona|sector|cct|nivel|grado|grupo|turno|ciclo|periodo|ambito')
			_sate_list "$pre" "$cur" "${cols[@]}" ;;
		sate-alert:*:--only) _sate_list "$pre" "$cur" rojo amarillo verde ;;
		sate-alert:*:--lectura | sate-alert:*:--escritura | \
		sate-alert:*:--calculo | sate-alert:*:--calificacion | \
		sate-alert:*:--inasistencia | sate-alert:*:--participacion | \
		sate-alert:*:--convivencia | sate-alert:*:--consecutivo | \
		sate-alert:*:--calculo-iv)
			_sate_reply "$pre" "$cur" on off ;;
		sate-commit:set:--estatus)
			_sate_reply "$pre" "$cur" en_proceso cumplido \
			    no_cumplido reprogramado cancelado ;;
		sate-commit:status:--estatus)
			_sate_reply "$pre" "$cur" pendiente en_proceso \
			    cumplido no_cumplido reprogramado cancelado ;;
		sate-monthly-report:*:-o) _sate_files "$pre" "$cur" -d ;;
		*:--roster | *:--rules | *:--previous | *:--keep | *:--avoid | \
		*:--compare | *:--alerts | *:--commitments | *:--ledger | \
		*:--alumnos | *:--escuelas | *:--evaluaciones | *:--anteriores)
			_sate_files "$pre" "$cur" ;;
		esac	# the rest are free text, numbers and dates
		return 0
	fi

	if ((!dd)) && [[ $cur == -* ]]; then
		for w in $(_sate_options "$prog" "$cmd"); do
			[[ $w == "$cur"* ]] && COMPREPLY+=("${w%=}")
		done
		[[ $prog == sate-monthly-report ]] &&
		    _sate_reply "" "$cur" -o -e -d
		return 0
	fi
	if ((needcmd)) && [[ -z $cmd ]]; then
		_sate_reply "" "$cur" $(_sate_commands "$prog")
		return 0
	fi
	case $prog:$cmd in
	sate-commit:log | sate-commit:status | sate-commit:verify | \
	sate-report:zone | sate-monthly-report:*) ;;	# no file operands
	*) _sate_files "" "$cur" ;;
	esac
	return 0
}

complete -F _sate_complete sate-roster sate-alert sate-commit sate-report \
    sate-monthly-report
