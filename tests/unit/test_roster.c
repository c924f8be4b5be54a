/*
 * test_roster.c - unit tests of lib/roster.c, lib/roster_pair.c and
 * lib/text.c
 *
 * Identifiers are the hand-verified ones of ../shared/domain.md; the
 * invalid ones differ from them in one place, and the expected check
 * character is the verified one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "sate.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *
name(struct sate_buf *b, const char *s)
{
	size_t len, off;

	b->len = 0;
	off = text_name(b, s, strlen(s), &len);
	assert_int_equal(strlen(b->p + off), len);
	return b->p + off;
}

static void
test_text_name(void **state)
{
	struct sate_buf b = { NULL, 0, 0 };

	(void)state;
	assert_string_equal(name(&b, "  Juan   Carlos  "), "Juan Carlos");
	assert_string_equal(name(&b, "\tAna\t\tMaría "), "Ana María");
	/* U+00A0 no-break space, as spreadsheets paste it */
	assert_string_equal(name(&b, "\xc2\xa0Luz\xc2\xa0\xc2\xa0" "Elena"),
	    "Luz Elena");
	assert_string_equal(name(&b, ""), "");
	assert_string_equal(name(&b, "   "), "");
	assert_string_equal(name(&b, "Peña"), "Peña");
#ifdef SATE_NFC
	/* n + U+0303 combining tilde is ñ; e + U+0301 is é */
	assert_string_equal(name(&b, "Nun\xcc\x83""ez"), "Nu\xc3\xb1""ez");
	assert_string_equal(name(&b, "Jose\xcc\x81 "), "Jos\xc3\xa9");
#endif
	buf_free(&b);
}

static void
test_text_ident(void **state)
{
	char out[20];

	(void)state;
	assert_int_equal(text_ident(" 15epr0456w\t", 12, out, sizeof out),
	    10);
	assert_string_equal(out, "15EPR0456W");
	assert_int_equal(text_ident("", 0, out, sizeof out), 0);
	assert_int_equal(text_ident("ñ", 2, out, sizeof out), 2);
	assert_string_equal(out, "ñ");	/* only ASCII is upper-cased */
	assert_true(text_ident("012345678901234567890", 21, out,
	    sizeof out) == (size_t)-1);
}

/*
 * The quick tests say "as it is" only for values that tidying gives back
 * byte for byte; they may say no for some that it keeps.
 */
static void
test_tidy_same(void **state)
{
	static const struct {
		enum roster_tidy kind;
		const char *s;
		int same;
	} t[] = {
		{ TIDY_NAME, "Juan Carlos", 1 },
		{ TIDY_NAME, "de la Cruz", 1 },
		{ TIDY_NAME, "Peña Núñez", 1 },		/* NFC already */
		{ TIDY_NAME, "", 1 },
		{ TIDY_NAME, " Juan", 0 },
		{ TIDY_NAME, "Juan ", 0 },
		{ TIDY_NAME, "Juan  Carlos", 0 },
		{ TIDY_NAME, "Juan\tCarlos", 0 },
		{ TIDY_NAME, "Luz\xc2\xa0" "Elena", 0 },	/* U+00A0 */
		{ TIDY_NAME, "\xc2\xa0" "Luz", 0 },
		{ TIDY_NAME, "Jose\xcc\x81", 0 },	/* combining mark */
		{ TIDY_IDENT, "PEMA000229HDFRRNA1", 1 },
		{ TIDY_IDENT, "15EPR0456W", 1 },
		{ TIDY_IDENT, "PEMA000229HDFRRNa1", 0 },	/* 2nd word */
		{ TIDY_IDENT, "pEMA000229HDFRRNA1", 0 },	/* 1st word */
		{ TIDY_IDENT, "15epr0456w", 0 },		/* the tail */
		{ TIDY_IDENT, " 15EPR0456W", 0 },
		{ TIDY_IDENT, "15EPR0456W\t", 0 },
		{ TIDY_IDENT, "ÑANDÚ", 1 },	/* only ASCII is upper-cased */
		{ TIDY_SEXO, "H", 1 },
		{ TIDY_SEXO, "h", 0 },
		{ TIDY_SEXO, "Mujer", 0 },
		{ TIDY_FECHA, "2000-02-29", 1 },
		{ TIDY_FECHA, "2005-02-29", 1 },	/* no date: kept */
		{ TIDY_FECHA, "7/5/2010", 0 },
		{ TIDY_FECHA, " 2000-02-29", 0 },
		{ TIDY_FECHA, "2000-02-29\t", 0 },
		{ TIDY_ESTATUS, "activo", 1 },
		{ TIDY_ESTATUS, "baja", 1 },
		{ TIDY_ESTATUS, "inscrito", 1 },	/* kept, not known */
		{ TIDY_ESTATUS, "Alta", 0 },
		{ TIDY_ESTATUS, "alta ", 0 },
		{ TIDY_TRIM, "matutino", 1 },
		{ TIDY_TRIM, " 3", 0 },
		{ TIDY_TRIM, "A\t", 0 },
		{ TIDY_KEEP, " x ", 1 },
	};
	struct sate_buf b = { NULL, 0, 0 };
	size_t i, off, len, n;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		n = strlen(t[i].s);
		assert_int_equal(roster_tidy_same(t[i].kind, t[i].s, n),
		    t[i].same);
		b.len = 0;
		off = roster_tidy(&b, t[i].kind, t[i].s, n, &len);
		/* "as it is" is true of each one that says so */
		if (t[i].same)
			assert_true(len == n &&
			    memcmp(b.p + off, t[i].s, n) == 0);
	}
	assert_int_equal(text_name_same("Ana María", 10), 1);
	assert_int_equal(text_ident_same("", 0), 1);
	buf_free(&b);
}

static void
test_values(void **state)
{
	struct sate_date d;
	int iso;

	(void)state;
	assert_int_equal(roster_sexo("H", 1), 'H');
	assert_int_equal(roster_sexo(" mujer ", 7), 'M');
	assert_int_equal(roster_sexo("Hombre", 6), 'H');
	assert_int_equal(roster_sexo("x", 1), 'X');
	assert_int_equal(roster_sexo("F", 1), 0);
	assert_int_equal(roster_sexo("", 0), 0);

	assert_int_equal(roster_enrolled("activo", 6), 1);
	assert_int_equal(roster_enrolled("ALTA", 4), 1);
	assert_int_equal(roster_enrolled("", 0), 1);
	assert_int_equal(roster_enrolled(" Baja", 5), 0);
	assert_int_equal(roster_enrolled("inscrito", 8), -1);

	assert_int_equal(roster_parse_fecha("2004-02-29", 10, &d, &iso), 0);
	assert_int_equal(iso, 1);
	assert_int_equal(d.y * 10000 + d.m * 100 + d.d, 20040229);
	assert_int_equal(roster_parse_fecha("7/5/2010", 8, &d, &iso), 0);
	assert_int_equal(iso, 0);
	assert_int_equal(d.y * 10000 + d.m * 100 + d.d, 20100507);
	assert_int_equal(roster_parse_fecha("29/02/2005", 10, &d, &iso), -1);
	assert_int_equal(roster_parse_fecha("2005-02-29", 10, &d, &iso), -1);
	assert_int_equal(roster_parse_fecha("1/1/05", 6, &d, &iso), -1);
	assert_int_equal(roster_parse_fecha("", 0, &d, &iso), -1);
}

static void
test_cmp(void **state)
{
	(void)state;
	assert_true(roster_cmp("2", 1, "10", 2) < 0);	/* as numbers */
	assert_true(roster_cmp("10", 2, "9", 1) > 0);
	assert_true(roster_cmp("007", 3, "7", 1) < 0);	/* tie: bytes */
	assert_true(roster_cmp("A", 1, "B", 1) < 0);
	assert_true(roster_cmp("10A", 3, "10B", 3) < 0);	/* not numbers */
	/* numbers before other values: a total order, not the cycle
	 * 2 < 10 < 10A < 2 of comparing a number with a word by bytes
	 * (found by fuzzing report.c's like comparison) */
	assert_true(roster_cmp("2", 1, "10", 2) < 0);
	assert_true(roster_cmp("10", 2, "10A", 3) < 0);
	assert_true(roster_cmp("2", 1, "10A", 3) < 0);
	assert_true(roster_cmp("10A", 3, "9", 1) > 0);
	assert_true(roster_cmp("", 0, "7", 1) < 0);
	assert_true(roster_cmp("", 0, "A", 1) < 0);
	assert_int_equal(roster_cmp("15EPR0456W", 10, "15EPR0456W", 10), 0);
}

/* Check one record of a CSV text; the problems' codes, space-separated. */
static const char *
problems(const char *csv, int line, int dups, char *out, size_t size)
{
	struct roster_problem p[ROSTER_MAXPROB];
	struct roster_columns c;
	struct roster_checker *k = roster_checker_new(dups);
	struct sate_rec *rec;
	struct csvr *r;
	size_t i, n;

	r = csvr_open_mem(csv, strlen(csv), "t.csv", NULL, 0);
	assert_non_null(r);
	roster_cols_find(&c, r);
	roster_checker_file(k, "t.csv");
	out[0] = '\0';
	while (csvr_next(r, &rec) > 0) {
		n = roster_check(k, &c, rec, p);
		if ((int)rec->line != line)
			continue;
		for (i = 0; i < n; i++) {
			strncat(out, p[i].problema, size - strlen(out) - 1);
			if (*p[i].esperado) {
				strncat(out, "=", size - strlen(out) - 1);
				strncat(out, p[i].esperado,
				    size - strlen(out) - 1);
			}
			strncat(out, " ", size - strlen(out) - 1);
		}
	}
	csvr_close(r);
	roster_checker_free(k);
	return out;
}

static void
test_check(void **state)
{
	char buf[512];
	static const char *const valid[] = {
		"BOXW310820HNERXN09,15EPR0456W,1,H,1931-08-20",
		"SABC560626MDFLRN01,15EJN0123R,3,M,1956-06-26",
		"XARA891014HJCNDL02,15EES0789D,3,H,1989-10-14",
		"OXAR970122MVZXLS09,09DPR1234J,6,M,1997-01-22",
		"AAPC881008HMCLRH04,21DST0042U,1,H,1988-10-08",
		"VEMM800814MCSLNR03,15KJN0007L,2,M,1980-08-14",
		"PEHL891014HJCRRS00,14PPR0310I,4,H,1989-10-14",
		"LOPJ100507HJCPRNA2,15EML0021T,,H,2010-05-07",
		"HERM040229MPLRRRB1,32EPB0001M,5,M,2004-02-29",
		"GUTD020815XNLTRNA1,01DES0004L,2,X,2002-08-15",
		"ROVE121130MYNDLVA2,15EPR0015Z,1,M,2012-11-30",
		"CASA951203XOCSNL09,15EPR0016Z,2,X,1995-12-03",
		"SAMJ880415HNEMHN08,15EPR0456W,3,H,1988-04-15",
		"PEMA000229HDFRRNA1,15EPR0456W,3,H,2000-02-29",
	};
	char csv[256];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(valid); i++) {
		snprintf(csv, sizeof csv, "curp,cct,grado,sexo,"
		    "fecha_nacimiento\n%s\n", valid[i]);
		/* the CAM row has no grade: only that is missing */
		assert_string_equal(problems(csv, 2, 1, buf, sizeof buf),
		    i == 7 ? "valor_faltante " : "");
	}
	assert_string_equal(problems("curp,cct,grado\n"
	    "OXAR970122MVZXLS08,15EPR0457W,7\n", 2, 1, buf, sizeof buf),
	    "curp_digito_verificador=9 cct_letra_verificadora=V "
	    "grado_fuera_de_rango=1-6 ");
	assert_string_equal(problems("curp,cct,sexo,fecha_nacimiento\n"
	    "pema000229hdfrrna1,15EPR0456W,M,2000-03-01\n", 2, 1, buf,
	    sizeof buf), "curp_no_normalizada=PEMA000229HDFRRNA1 "
	    "sexo_no_coincide=H fecha_no_coincide=2000-02-29 ");
	/* duplicates: same school, other school; a baja is no duplicate */
	assert_string_equal(problems("curp,cct,estatus\n"
	    "ROVE121130MYNDLVA2,15EPR0456W,baja\n"
	    "ROVE121130MYNDLVA2,15EPR0456W,activo\n"
	    "ROVE121130MYNDLVA2,15EPR0456W,\n", 4, 1, buf, sizeof buf),
	    "curp_duplicada=t.csv:3 ");
	assert_string_equal(problems("curp,cct\n"
	    "ROVE121130MYNDLVA2,15EPR0456W\n"
	    "ROVE121130MYNDLVA2,15EES0789D\n", 3, 1, buf, sizeof buf),
	    "curp_en_dos_escuelas=t.csv:2 ");
	assert_string_equal(problems("curp,cct\n"
	    "ROVE121130MYNDLVA2,15EPR0456W\n"
	    "ROVE121130MYNDLVA2,15EES0789D\n", 3, 0, buf, sizeof buf), "");
	/* the CCT of the row before is remembered, its problems too */
	assert_string_equal(problems("curp,cct\n"
	    "ROVE121130MYNDLVA2,15EAA0001V\n"
	    "PEMA000229HDFRRNA1,15EAA0001V\n", 3, 0, buf, sizeof buf),
	    "cct_servicio_desconocido ");
	assert_string_equal(problems("curp,cct\n"
	    "ROVE121130MYNDLVA2,15EPR0456W\n"
	    "PEMA000229HDFRRNA1,15EPR0457W\n", 3, 0, buf, sizeof buf),
	    "cct_letra_verificadora=V ");
	/* fecha_nacimiento the CURP's, and not */
	assert_string_equal(problems("curp,fecha_nacimiento\n"
	    "HERM040229MPLRRRB1,2004-02-29\n", 2, 0, buf, sizeof buf), "");
	assert_string_equal(problems("curp,fecha_nacimiento\n"
	    "HERM040229MPLRRRB1,2004-02-29\n"
	    "PEMA000229HDFRRNA1,1900-02-29\n", 3, 0, buf, sizeof buf),
	    "fecha_invalida=AAAA-MM-DD ");
	/* escuelas */
	assert_string_equal(problems("cct,escuela,nivel\n"
	    "15EJN0123R,Jardín,primaria\n", 2, 1, buf, sizeof buf),
	    "nivel_no_coincide=preescolar ");
}

static int
avoid_01(void *arg, size_t a, size_t b)
{
	(void)arg;
	return (a == 0 && b == 1) || (a == 1 && b == 0);
}

static void
test_pair(void **state)
{
	struct pair_school s[5] = {
		{ "A", "primaria", 10, 0, 0, 0 },
		{ "B", "primaria", 1, 0, 0, 0 },
		{ "C", "primaria", 5, 0, 0, 0 },
		{ "D", "primaria", 3, 0, 0, 0 },
		{ "E", "secundaria", 2, 0, 0, 0 },
	};
	struct pair_school t[4] = {
		{ "A", "primaria", 10, 0, 0, 0 },
		{ "B", "primaria", 1, 0, 0, 0 },
		{ "C", "primaria", 5, 7, 0, 0 },
		{ "D", "primaria", 3, 7, 0, 0 },
	};

	(void)state;
	/* primaria by need: B 1, D 3, C 5, A 10 -> (B, A), (D, C) */
	assert_int_equal(pair_schools(s, 5, NULL, NULL), 0);
	assert_int_equal(s[1].grupo, 1);
	assert_int_equal(s[1].rol, ROL_APOYA);
	assert_int_equal(s[0].grupo, 1);
	assert_int_equal(s[0].rol, ROL_RECIBE);
	assert_int_equal(s[3].grupo, 2);
	assert_int_equal(s[3].rol, ROL_APOYA);
	assert_int_equal(s[2].grupo, 2);
	assert_int_equal(s[2].rol, ROL_RECIBE);
	assert_int_equal(s[4].grupo, 3);	/* alone in secundaria */
	assert_int_equal(s[4].rol, ROL_SIN_PAR);
	assert_string_equal(pair_rol_name(ROL_SIN_PAR), "sin_par");

	/* odd: the middle one joins the last pair, which is (D, C) */
	s[4].nivel = "primaria";
	s[4].grupo = 0;
	s[4].need = 4;	/* B 1, D 3, E 4, C 5, A 10 */
	assert_int_equal(pair_schools(s, 5, NULL, NULL), 0);
	assert_int_equal(s[4].grupo, s[3].grupo);
	assert_int_equal(s[4].grupo, s[2].grupo);
	assert_int_equal(s[4].rol, ROL_RECIBE);

	/* avoid (A, B): B takes C, D takes A */
	s[4].nivel = "secundaria";
	assert_int_equal(pair_schools(s, 4, avoid_01, NULL), 0);
	assert_int_equal(s[1].grupo, s[2].grupo);
	assert_int_equal(s[3].grupo, s[0].grupo);

	/* keep (C, D): first, D apoya (less need); then (B, A) */
	assert_int_equal(pair_schools(t, 4, NULL, NULL), 0);
	assert_int_equal(t[3].grupo, 1);
	assert_int_equal(t[3].rol, ROL_APOYA);
	assert_int_equal(t[2].grupo, 1);
	assert_int_equal(t[2].rol, ROL_RECIBE);
	assert_int_equal(t[1].grupo, 2);
	assert_int_equal(t[0].grupo, 2);

	/* avoid with no way out: counted */
	assert_int_equal(pair_schools(s, 2, avoid_01, NULL), 1);
	assert_int_equal(pair_schools(s, 0, NULL, NULL), 0);
}

/* The plain record of line, read in place (NULL when it is not plain or
 * not good CSV). */
static struct csvr *
read_line(const char *line, struct sate_rec **rec)
{
	static char buf[256];
	struct sate_opts o;
	struct csvr *r;
	const char *c;
	int n, k;

	sate_opts_init(&o);
	/* A header with as many columns as the line has fields. */
	n = snprintf(buf, sizeof buf, "h0");
	for (c = line, k = 1; (c = strchr(c, ',')) != NULL; c++, k++)
		n += snprintf(buf + n, sizeof buf - (size_t)n, ",h%d", k);
	n += snprintf(buf + n, sizeof buf - (size_t)n, "\n%s\n", line);
	r = csvr_open_mem(buf, (size_t)n, "t.csv", &o, CSVR_QUIET);
	assert_non_null(r);
	if (csvr_next(r, rec) != 1 || !(*rec)->plain) {
		csvr_close(r);
		return NULL;
	}
	return r;
}

static int
span_of(const struct sate_rec *rec)
{
	const struct sate_field *last = &rec->f[rec->n - 1];

	return roster_span_same(rec->f[0].p,
	    (size_t)(last->p + last->len - rec->f[0].p));
}

/* The whole-record test: what it lets by, and what it must stop,
 * around the 16-byte steps it takes. */
static void
test_span_same(void **state)
{
	static const struct {
		const char *line;
		int same;
	} t[] = {
		{ "a", 1 },
		{ "Juan Carlos,Peña Núñez,2001-02-03,x", 1 },
		{ "2025-2026,15DES0206K,matutino,1,A,CAPX130730MMCRXCA4,"
		    "Cárdenas,Peña,Xóchitl,M,2013-07-30,activo", 1 },
		{ "Juan  Carlos", 0 },
		{ "0123456789abcde  x", 0 },	/* the run across 16 bytes */
		{ "0123456789abcdef  x", 0 },
		{ "0123456789abcdefghijklmnopq  x", 0 },	/* the end */
		{ "0123456789abcdefghijklmnopqrst/", 0 },
		{ "/0123456789abcdefghijklmnopqrst", 0 },
		{ "03/02/2001", 0 },
		{ "a\tb", 0 },
		{ "0123456789abcdefghij,x\ty", 0 },
		{ "Luz\xc2\xa0" "Elena", 0 },
		{ "Jose\xcc\x81,0123456789abcdefghij", 0 },
		{ "a ,b", 1 },	/* not plain: never asked (see below) */
	};
	struct sate_rec *rec;
	struct csvr *r;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		if ((r = read_line(t[i].line, &rec)) == NULL) {
			assert_string_equal(t[i].line, "a ,b");
			continue;
		}
		if (span_of(rec) != t[i].same)
			fail_msg("'%s': %d", t[i].line, !t[i].same);
		csvr_close(r);
	}
}

/*
 * Random records: roster_span_same says yes exactly when a byte-by-byte
 * reading of its rule does, and its yes means roster_tidy_same says
 * yes for every field of the kinds it covers.
 */
static void
test_span_same_random(void **state)
{
	static const char *const tok[] = {
		"a", "b", "Z", "1", "-", "a", "b", "o", " ", " ", "/", "\t",
		",", "\xc3\xb1", "\xc3\xa9", "\xc2\xa0", "\xc6\x81"
	};
	static const enum roster_tidy kinds[] = {
		TIDY_NAME, TIDY_TRIM, TIDY_FECHA, TIDY_KEEP
	};
	char line[64];
	const char *t;
	struct sate_rec *rec;
	struct csvr *r;
	unsigned seed = 12345;
	size_t i, j, k, n, len, nplain = 0, nsame = 0;
	int same, ref;

	(void)state;
	for (i = 0; i < 20000; i++) {
		n = 1 + (seed = seed * 1103515245 + 12345) % 30;
		for (j = len = 0; j < n; j++) {
			seed = seed * 1103515245 + 12345;
			t = tok[(seed >> 16) % NELEM(tok)];
			memcpy(line + len, t, strlen(t));
			len += strlen(t);
		}
		line[len] = '\0';
		if ((r = read_line(line, &rec)) == NULL)
			continue;	/* not plain, or not UTF-8 */
		nplain++;
		same = span_of(rec);
		ref = 1;
		for (j = 0; j < len; j++) {
			unsigned char c = (unsigned char)line[j];

			if (c == '\t' || c == '/' || c == 0xC2 || c >= 0xC6 ||
			    (c == ' ' && line[j + 1] == ' '))
				ref = 0;
		}
		assert_int_equal(same, ref);
		for (j = 0; same && j < rec->n; j++)
			for (k = 0; k < NELEM(kinds); k++)
				assert_true(roster_tidy_same(kinds[k],
				    rec->f[j].p, rec->f[j].len));
		nsame += (size_t)same;
		csvr_close(r);
	}
	/* Both answers came up often enough to mean something. */
	assert_true(nplain > 10000);
	assert_true(nsame > 1000);
	assert_true(nplain - nsame > 5000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_name),
		cmocka_unit_test(test_text_ident),
		cmocka_unit_test(test_tidy_same),
		cmocka_unit_test(test_span_same),
		cmocka_unit_test(test_span_same_random),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_pair),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
