/*
 * colname.c - header names: folding and the alias table of real exports
 *
 * Exports from SEP systems and spreadsheets name the same column in many
 * ways (CV_CCT, CLAVECCT, clave_cct).  Every program looks columns up by
 * their canonical name; this file is the one place that maps the others.
 */
#include <stdlib.h>
#include <string.h>

#include "sate.h"

/*
 * Aliases, as folded names (see sate_fold_name) -> canonical name.
 * Keep sorted by canonical name; man/sate-formats.5 lists the same.
 */
static const struct alias {
	const char *from;
	const char *to;
} aliases[] = {
	{ "cv_cct", "cct" }, { "clavecct", "cct" }, { "clave_cct", "cct" },
	{ "cve_cct", "cct" }, { "clave_ct", "cct" }, { "cct_escuela", "cct" },
	{ "ciclo_escolar", "ciclo" },
	{ "alucurp", "curp" }, { "curp_alumno", "curp" },
	{ "nombrect", "escuela" }, { "c_nombre", "escuela" },
	{ "nombre_ct", "escuela" }, { "nombre_escuela", "escuela" },
	{ "nombre_de_la_escuela", "escuela" },
	{ "estatus_alumno", "estatus" },
	{ "alufechanac", "fecha_nacimiento" },
	{ "fecha_nac", "fecha_nacimiento" },
	{ "grado_escolar", "grado" },
	{ "alunombre", "nombre" }, { "nombre_alumno", "nombre" },
	{ "nombres", "nombre" },
	{ "aluapepat", "primer_apellido" },
	{ "apellido_paterno", "primer_apellido" },
	{ "ape_pat", "primer_apellido" },
	{ "aluapemat", "segundo_apellido" },
	{ "apellido_materno", "segundo_apellido" },
	{ "ape_mat", "segundo_apellido" },
	{ "alusexo", "sexo" }, { "genero", "sexo" },
	{ "desc_turno", "turno" }, { "turno_desc", "turno" },
	{ "zonaescola", "zona" }, { "zona_escolar", "zona" },
	{ "zonaescolar", "zona" },
};

/*
 * Fold one UTF-8 character from the Latin-1 Supplement (C3 xx) to its
 * unaccented lower-case ASCII letter, or 0.
 */
static char
fold_c3(unsigned char b)
{
	/* b is the second byte; the code point is 0xC0 + (b - 0x80). */
	static const char map[64] =
	    "aaaaaaaceeeeiiii"	/* C0-CF: À..Ï */
	    "dnooooo_ouuuuy_s"	/* D0-DF: Ð Ñ Ò..Ö × Ø Ù..Ü Ý Þ ß */
	    "aaaaaaaceeeeiiii"	/* E0-EF */
	    "dnooooo_ouuuuy_y";	/* F0-FF */

	if (b < 0x80 || b > 0xBF)
		return 0;
	return map[b - 0x80];
}

size_t
sate_fold_name(const char *name, size_t len, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t i = 0, o = 0;
	char c;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	/* Spaces, tabs and byte order marks (U+FEFF, invisible: a file
	 * saved twice with a BOM has a second one in its first name). */
	for (;;) {
		if (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		else if (i + 2 < len && s[i] == 0xEF && s[i + 1] == 0xBB &&
		    s[i + 2] == 0xBF)
			i += 3;
		else
			break;
	}
	for (; i < len && o + 1 < size; i++) {
		if (s[i] == 0xC3 && i + 1 < len &&
		    (c = fold_c3(s[i + 1])) != 0) {
			out[o++] = c;
			i++;
		} else if (s[i] >= 'A' && s[i] <= 'Z') {
			out[o++] = (char)(s[i] - 'A' + 'a');
		} else if (s[i] == ' ' || s[i] == '-' || s[i] == '\t') {
			out[o++] = '_';
		} else {
			out[o++] = (char)s[i];
		}
	}
	if (size > 0)
		out[o] = '\0';
	return o;
}

char *
sate_canonical_name(const char *name, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t i;

	sate_fold_name(name, len, out, len + 1);
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(out, aliases[i].from) == 0) {
			free(out);
			return xstrdup(aliases[i].to);
		}
	return out;
}
