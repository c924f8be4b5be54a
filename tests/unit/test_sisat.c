/*
 * test_sisat.c - unit tests of lib/sisat.c: levels, instrument cut-offs,
 * the rules and their file, the evaluation of a row
 *
 * Expected levels come from domain.md 2: lectura 15-18 esperado, 10-14
 * en desarrollo, <= 9 requiere apoyo; calculo 8-10, 5-7, <= 4; escritura
 * the lectura proportions (6 * total >= cut * n); inasistencia
 * 10 * faltas >= dias with at least 10 days.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sate.h"

static void
test_levels(void **state)
{
	static const struct {
		const char *s;
		int level;
	} cases[] = {
		{ "requiere_apoyo", SISAT_REQUIERE_APOYO },
		{ "Requiere apoyo", SISAT_REQUIERE_APOYO },
		{ "REQUIERE_APOYO", SISAT_REQUIERE_APOYO },
		{ "requiere-apoyo", SISAT_REQUIERE_APOYO },
		{ "Requiére Apoyo", SISAT_REQUIERE_APOYO },
		{ " requiere apoyo ", SISAT_REQUIERE_APOYO },
		{ "rojo", SISAT_REQUIERE_APOYO },
		{ "En desarrollo", SISAT_EN_DESARROLLO },
		{ "AMARILLO", SISAT_EN_DESARROLLO },
		{ "esperado", SISAT_ESPERADO },
		{ "Verde", SISAT_ESPERADO },
		{ "", SISAT_NONE },
		{ "requiere  apoyo", -1 },
		{ "requiere", -1 },
		{ "bueno", -1 },
		{ "esperadox", -1 },
		{ "rojo oscuro y muy largo, más que cualquier nivel", -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(sisat_parse_level(cases[i].s,
		    strlen(cases[i].s)), cases[i].level);
	assert_int_equal(sisat_parse_color("Rojo", 4), SISAT_ROJO);
	assert_int_equal(sisat_parse_color("amarillo", 8), SISAT_AMARILLO);
	assert_int_equal(sisat_parse_color("VERDE", 5), SISAT_VERDE);
	assert_int_equal(sisat_parse_color("azul", 4), -1);
	assert_int_equal(sisat_parse_color("", 0), -1);
	assert_string_equal(sisat_level_name(SISAT_EN_DESARROLLO),
	    "en_desarrollo");
	assert_string_equal(sisat_level_name(SISAT_NONE), "");
	assert_string_equal(sisat_color_name(SISAT_ROJO), "rojo");
	assert_string_equal(sisat_rule_name(SISAT_CONSECUTIVO),
	    "consecutivo");
	assert_null(sisat_rule_name(SISAT_NRULES));
}

static void
test_instruments(void **state)
{
	struct sisat_rules r;

	(void)state;
	sisat_rules_init(&r);
	/* lectura: 9 | 10, 14 | 15 */
	assert_int_equal(sisat_lectura_level(&r, 6), SISAT_REQUIERE_APOYO);
	assert_int_equal(sisat_lectura_level(&r, 9), SISAT_REQUIERE_APOYO);
	assert_int_equal(sisat_lectura_level(&r, 10), SISAT_EN_DESARROLLO);
	assert_int_equal(sisat_lectura_level(&r, 14), SISAT_EN_DESARROLLO);
	assert_int_equal(sisat_lectura_level(&r, 15), SISAT_ESPERADO);
	assert_int_equal(sisat_lectura_level(&r, 18), SISAT_ESPERADO);
	/* calculo: 4 | 5, 7 | 8 */
	assert_int_equal(sisat_calculo_level(&r, 0), SISAT_REQUIERE_APOYO);
	assert_int_equal(sisat_calculo_level(&r, 4), SISAT_REQUIERE_APOYO);
	assert_int_equal(sisat_calculo_level(&r, 5), SISAT_EN_DESARROLLO);
	assert_int_equal(sisat_calculo_level(&r, 7), SISAT_EN_DESARROLLO);
	assert_int_equal(sisat_calculo_level(&r, 8), SISAT_ESPERADO);
	assert_int_equal(sisat_calculo_level(&r, 10), SISAT_ESPERADO);
	/* escritura over 6 criteria is lectura: 9 | 10, 14 | 15 */
	assert_int_equal(sisat_escritura_level(&r, 9, 6),
	    SISAT_REQUIERE_APOYO);
	assert_int_equal(sisat_escritura_level(&r, 10, 6),
	    SISAT_EN_DESARROLLO);
	assert_int_equal(sisat_escritura_level(&r, 14, 6),
	    SISAT_EN_DESARROLLO);
	assert_int_equal(sisat_escritura_level(&r, 15, 6), SISAT_ESPERADO);
	/* 5 criteria (5-15): 6T >= 75 -> T >= 13; 6T >= 50 -> T >= 9 */
	assert_int_equal(sisat_escritura_level(&r, 8, 5),
	    SISAT_REQUIERE_APOYO);
	assert_int_equal(sisat_escritura_level(&r, 9, 5),
	    SISAT_EN_DESARROLLO);
	assert_int_equal(sisat_escritura_level(&r, 12, 5),
	    SISAT_EN_DESARROLLO);
	assert_int_equal(sisat_escritura_level(&r, 13, 5), SISAT_ESPERADO);
	/* moved cut-offs */
	r.lectura_esperado = 16;
	r.calculo_desarrollo = 4;
	assert_int_equal(sisat_lectura_level(&r, 15), SISAT_EN_DESARROLLO);
	assert_int_equal(sisat_calculo_level(&r, 4), SISAT_EN_DESARROLLO);
}

static void
test_rules_set(void **state)
{
	struct sisat_rules r;
	const char *expect = NULL;

	(void)state;
	sisat_rules_init(&r);
	assert_int_equal(r.rojo_at, 2);
	assert_int_equal(r.absence_pct, 10);
	assert_int_equal(r.min_days, 10);
	assert_int_equal(sisat_rules_set(&r, "rojo-at", "3", &expect), 0);
	assert_int_equal(r.rojo_at, 3);
	assert_int_equal(sisat_rules_set(&r, "lectura", "off", &expect), 0);
	assert_int_equal(r.on[SISAT_LECTURA], 0);
	assert_int_equal(sisat_rules_set(&r, "lectura", "Sí", &expect), 0);
	assert_int_equal(r.on[SISAT_LECTURA], 1);
	assert_int_equal(sisat_rules_set(&r, "calculo-iv", "no", &expect), 0);
	assert_int_equal(r.calculo_iv, 0);
	assert_int_equal(sisat_rules_set(&r, "rojo", "3", &expect), -1);
	assert_int_equal(sisat_rules_set(&r, "rojo-at", "0", &expect), -2);
	assert_string_equal(expect, "a whole number from 1 to 8");
	assert_int_equal(sisat_rules_set(&r, "lectura", "tal vez", &expect),
	    -2);
	assert_string_equal(expect, "on or off");
	assert_int_equal(r.rojo_at, 3);
	assert_null(sisat_rules_check(&r));
	assert_int_equal(sisat_rules_set(&r, "lectura-desarrollo", "16",
	    &expect), 0);
	assert_non_null(sisat_rules_check(&r));
}

/* Print, load what was printed, print again: the same bytes. */
static void
test_rules_round_trip(void **state)
{
	struct sisat_rules a, b;
	char path[] = "/tmp/test_sisat.XXXXXX";
	char *p1 = NULL, *p2 = NULL;
	size_t n1 = 0, n2 = 0;
	FILE *fp;
	int fd;

	(void)state;
	sisat_rules_init(&a);
	a.rojo_at = 3;
	a.on[SISAT_CONVIVENCIA] = 0;
	a.absence_pct = 15;
	a.calculo_iv = 0;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	sisat_rules_print(&a, fp);
	fclose(fp);
	sisat_rules_init(&b);
	assert_int_equal(sisat_rules_load(&b, path), 0);
	assert_memory_equal(&a, &b, sizeof a);
	fp = open_memstream(&p1, &n1);
	sisat_rules_print(&a, fp);
	fclose(fp);
	fp = open_memstream(&p2, &n2);
	sisat_rules_print(&b, fp);
	fclose(fp);
	assert_int_equal(n1, n2);
	assert_memory_equal(p1, p2, n1);
	assert_non_null(strstr(p1, "\nrojo-at              = 3\t"));
	assert_non_null(strstr(p1, "\nconvivencia          = off\t"));
	free(p1);
	free(p2);
	unlink(path);
	assert_int_equal(sisat_rules_load(&b, "/nonexistent/rules"),
	    SATE_EXIT_IO);
}

/* A plan over a header given as a list of names. */
static void
plan_of(struct sisat_plan *p, const struct sisat_rules *r,
    const char *const *cols, int ncols)
{
	int idx[SISAT_NSLOTS], s, i;
	char err[128];

	for (s = 0; s < SISAT_NSLOTS; s++) {
		idx[s] = -1;
		for (i = 0; i < ncols; i++)
			if (strcmp(cols[i], sisat_slot_name(s)) == 0)
				idx[s] = i;
	}
	assert_int_equal(sisat_plan(p, r, idx, err, sizeof err), 0);
}

static void
fields(struct sate_field *f, const char *const *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		f[i].p = v[i];
		f[i].len = strlen(v[i]);
	}
}

static const char *const hdr[] = {
	"cct", "grado", "periodo", "lectura_puntos", "calculo", "faltas",
	"dias_lectivos", "calif_espanol", "calif_matematicas",
	"participacion", "convivencia"
};
#define NH ((int)(sizeof hdr / sizeof hdr[0]))

static void
test_evaluate(void **state)
{
	static const struct {
		const char *v[NH];
		int senales;
		int color;
		const char *motivos;
	} cases[] = {
		{ { "15EPR0456W", "3", "1", "15", "esperado", "3", "40", "8",
		    "8", "si", "0" }, 0, SISAT_VERDE, "" },
		/* exactly 10 %: 4 of 40 */
		{ { "15EPR0456W", "3", "1", "15", "esperado", "4", "40", "8",
		    "8", "si", "0" }, 1, SISAT_AMARILLO, "inasistencia=4/40" },
		/* 10 school days judged, 9 not */
		{ { "15EPR0456W", "3", "1", "", "", "1", "10", "", "", "",
		    "" }, 1, SISAT_AMARILLO, "inasistencia=1/10" },
		{ { "15EPR0456W", "3", "1", "", "", "1", "9", "", "", "",
		    "" }, 0, SISAT_VERDE, "" },
		{ { "15EPR0456W", "3", "2", "9", "rojo", "0", "40", "5", "5",
		    "no se involucra", "incidente" }, 5, SISAT_ROJO,
		    "lectura=requiere_apoyo;calculo=requiere_apoyo;"
		    "calificacion=espanol:5+matematicas:5;"
		    "participacion=no_se_involucra;convivencia=incidente" },
		/* preescolar: no grade rule */
		{ { "15EJN0123R", "2", "1", "", "", "", "", "5", "5", "", "" },
		    0, SISAT_VERDE, "" },
	};
	struct sisat_rules r;
	struct sisat_plan p;
	struct sisat_row row;
	struct sisat_result res;
	struct sate_field f[NH];
	char err[256], mot[256];
	size_t i;
	int col;

	(void)state;
	sisat_rules_init(&r);
	plan_of(&p, &r, hdr, NH);
	memset(&row, 0, sizeof row);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fields(f, cases[i].v, NH);
		assert_int_equal(sisat_read(&p, &r, f, &row, &col, err,
		    sizeof err), 0);
		sisat_evaluate(&p, &r, &row, &res);
		assert_int_equal(res.senales, cases[i].senales);
		assert_int_equal(res.color, cases[i].color);
		sisat_motivos(&row, &res, mot, sizeof mot);
		assert_string_equal(mot, cases[i].motivos);
	}
	/* rojo-at 3: two flags are amarillo */
	fields(f, cases[1].v, NH);
	r.rojo_at = 3;
	f[3].p = "9";
	f[3].len = 1;
	assert_int_equal(sisat_read(&p, &r, f, &row, &col, err, sizeof err),
	    0);
	sisat_evaluate(&p, &r, &row, &res);
	assert_int_equal(res.senales, 2);
	assert_int_equal(res.color, SISAT_AMARILLO);
	/* a rule switched off does not run */
	r.rojo_at = 2;
	r.on[SISAT_INASISTENCIA] = 0;
	plan_of(&p, &r, hdr, NH);
	assert_int_equal(p.runs[SISAT_INASISTENCIA], 0);
	assert_int_equal(sisat_read(&p, &r, f, &row, &col, err, sizeof err),
	    0);
	sisat_evaluate(&p, &r, &row, &res);
	assert_int_equal(res.senales, 1);
	assert_int_equal(res.color, SISAT_AMARILLO);
}

static void
test_consecutive(void **state)
{
	static const char *const v[NH] = {
		"15EPR0456W", "3", "2", "8", "esperado", "", "", "", "", "", ""
	};
	struct sisat_rules r;
	struct sisat_plan p;
	struct sisat_row row;
	struct sisat_result res;
	struct sate_field f[NH];
	char err[256], mot[256];
	int col;

	(void)state;
	sisat_rules_init(&r);
	plan_of(&p, &r, hdr, NH);
	p.runs[SISAT_CONSECUTIVO] = 1;
	fields(f, v, NH);
	memset(&row, 0, sizeof row);
	assert_int_equal(sisat_read(&p, &r, f, &row, &col, err, sizeof err),
	    0);
	row.prev = 1;
	row.prev_apoyo = 1U << SISAT_LECTURA;
	row.prev_color = SISAT_AMARILLO;
	sisat_evaluate(&p, &r, &row, &res);
	assert_int_equal(res.senales, 1);
	assert_int_equal(res.color, SISAT_ROJO);
	sisat_motivos(&row, &res, mot, sizeof mot);
	assert_string_equal(mot, "lectura=requiere_apoyo;consecutivo=lectura");
	assert_string_equal(sisat_tendencia(&row, &res), "empeora");
	/* another skill before: no consecutive rule */
	row.prev_apoyo = 1U << SISAT_CALCULO;
	sisat_evaluate(&p, &r, &row, &res);
	assert_int_equal(res.color, SISAT_AMARILLO);
	assert_string_equal(sisat_tendencia(&row, &res), "igual");
	row.prev_color = SISAT_ROJO;
	assert_string_equal(sisat_tendencia(&row, &res), "mejora");
	row.prev = 0;
	assert_string_equal(sisat_tendencia(&row, &res), "nuevo");
	/* the rule off */
	row.prev = 1;
	row.prev_apoyo = 1U << SISAT_LECTURA;
	p.runs[SISAT_CONSECUTIVO] = 0;
	sisat_evaluate(&p, &r, &row, &res);
	assert_int_equal(res.color, SISAT_AMARILLO);
}

static void
test_bad_values(void **state)
{
	static const struct {
		int col;
		const char *value;
		const char *msg;
	} cases[] = {
		{ 2, "6", "'6' is not a period (1 to 5)" },
		{ 2, "0", "'0' is not a period (1 to 5)" },
		{ 1, "7", "'7' is not a grade of primaria (1 to 6)" },
		{ 3, "19", "'19' is not a lectura total (6 to 18 points)" },
		{ 3, "5", "'5' is not a lectura total (6 to 18 points)" },
		{ 4, "bueno", "'bueno' is not a level (requiere_apoyo, "
		    "en_desarrollo or esperado)" },
		{ 5, "x5", "'x5' is not a whole number" },
		{ 5, "41", "'41' is more than dias_lectivos (40)" },
		{ 7, "11", "'11' is not a grade (5 to 10)" },
		{ 8, "4", "'4' is not a grade (5 to 10)" },
		{ 9, "quizá", "'quizá' is not a participation mark (si, no, "
		    "se_involucra or no_se_involucra)" },
	};
	const char *v[NH] = {
		"15EPR0456W", "3", "1", "12", "esperado", "2", "40", "8", "8",
		"si", "0"
	};
	struct sisat_rules r;
	struct sisat_plan p;
	struct sisat_row row;
	struct sate_field f[NH];
	char err[256];
	const char *keep;
	size_t i;
	int col;

	(void)state;
	sisat_rules_init(&r);
	plan_of(&p, &r, hdr, NH);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		keep = v[cases[i].col];
		v[cases[i].col] = cases[i].value;
		fields(f, v, NH);
		col = -1;
		assert_int_equal(sisat_read(&p, &r, f, &row, &col, err,
		    sizeof err), -1);
		assert_int_equal(col, cases[i].col);
		assert_string_equal(err, cases[i].msg);
		v[cases[i].col] = keep;
	}
	/* 1st grade of primaria: the 6-10 scale */
	v[1] = "1";
	v[7] = "5";
	fields(f, v, NH);
	assert_int_equal(sisat_read(&p, &r, f, &row, &col, err, sizeof err),
	    -1);
	assert_string_equal(err, "'5' is not a grade (6 to 10 in 1st and "
	    "2nd grade of primaria)");
}

static void
test_items(void **state)
{
	static const char *const h[] = {
		"calculo_r1", "calculo_r2", "calculo_r3", "calculo_r4",
		"calculo_r5", "calculo_r6", "calculo_r7", "calculo_r8",
		"calculo_r9", "calculo_r10"
	};
	/* 5 right when IV counts (I I IV IV I), 3 when it does not */
	const char *v[10] = { "I", "I", "IV", "IV", "I", "0", "0", "0", "0",
	    "0" };
	struct sisat_rules r;
	struct sisat_plan p;
	struct sisat_row row;
	struct sate_field f[10];
	char err[256];
	int col;

	(void)state;
	sisat_rules_init(&r);
	plan_of(&p, &r, h, 10);
	assert_int_equal(p.src[SISAT_CALCULO], SISAT_SRC_ITEMS);
	fields(f, v, 10);
	assert_int_equal(sisat_read(&p, &r, f, &row, &col, err, sizeof err),
	    0);
	assert_int_equal(row.level[SISAT_CALCULO], SISAT_EN_DESARROLLO);
	assert_int_equal(row.computed[SISAT_CALCULO], 1);
	r.calculo_iv = 0;
	assert_int_equal(sisat_read(&p, &r, f, &row, &col, err, sizeof err),
	    0);
	assert_int_equal(row.level[SISAT_CALCULO], SISAT_REQUIERE_APOYO);
	v[3] = "II";
	fields(f, v, 10);
	assert_int_equal(sisat_read(&p, &r, f, &row, &col, err, sizeof err),
	    -1);
	assert_int_equal(col, 3);
	assert_string_equal(err, "'II' is not an item code (I, IV or 0)");
	/* a header missing one item is refused */
	{
		int idx[SISAT_NSLOTS], s;

		for (s = 0; s < SISAT_NSLOTS; s++)
			idx[s] = -1;
		for (s = 0; s < 9; s++)
			idx[SISAT_S_CALCULO_R1 + s] = s;
		assert_int_equal(sisat_plan(&p, &r, idx, err, sizeof err),
		    -1);
		assert_string_equal(err, "missing column 'calculo_r10' "
		    "(calculo scores need all of calculo_r1..calculo_r10)");
	}
}

/*
 * The fast paths of sisat_read (exact spellings, one- and two-digit
 * numbers, the nivel of the CCT kept from the row before) against the
 * general ones: every spelling of a mark, numbers of 1 to 3 digits and
 * bad second digits, and schools of different niveles in turn.
 */
static void
test_read_spellings(void **state)
{
	static const struct {
		const char *value;
		int participa;
	} marks[] = {
		{ "si", 1 }, { "no", 0 }, { "se involucra", 1 },
		{ "se_involucra", 1 }, { "no se involucra", 0 },
		{ "no_se_involucra", 0 }, { "Se Involucra", 1 },
		{ "NO SE INVOLUCRA", 0 }, { "Sí", 1 }, { "se-involucra", 1 },
		{ "se involucró", -2 }, { "no se", -2 }, { "s", -2 },
	};
	static const struct {
		const char *value;
		long incidents;		/* -3: bad */
	} incidents[] = {
		{ "0", 0 }, { "3", 3 }, { "12", 12 }, { "105", 105 },
		{ "si", -2 }, { "incidente", -2 }, { "Incidente", -2 },
		{ "no", 0 }, { "sin_incidentes", 0 }, { "Sin incidentes", 0 },
		{ "1x", -3 }, { "x", -3 }, { "incidentes", -3 },
	};
	static const struct {
		const char *faltas, *dias;
		long f, d;		/* -2: bad faltas, -3: bad dias */
	} days[] = {
		{ "4", "40", 4, 40 }, { "10", "100", 10, 100 },
		{ "123", "200", 123, 200 }, { "0", "9", 0, 9 },
		{ "4x", "40", -2, 0 }, { "x", "40", -2, 0 },
		{ "4", "4 0", -3, 0 }, { "4", "1/0", -3, 0 },
	};
	static const struct {
		const char *cct, *grado;
		int ok;
	} schools[] = {
		{ "15EPR0456W", "6", 1 }, { "15EES0789D", "6", 0 },
		{ "15EES0789D", "3", 1 }, { "15EPR0456W", "6", 1 },
		{ "15EJN0123R", "4", 0 }, { "15EJN0123R", "3", 1 },
		{ "15E", "6", 1 }, { "15E", "7", 0 }, { "15EPR0457W", "6", 1 },
	};
	const char *v[NH] = {
		"15EPR0456W", "3", "1", "", "", "", "", "", "", "", ""
	};
	struct sisat_rules r;
	struct sisat_plan p;
	struct sisat_row row;
	struct sate_field f[NH];
	char err[256];
	size_t i;
	int col, rc;

	(void)state;
	sisat_rules_init(&r);
	plan_of(&p, &r, hdr, NH);
	for (i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		v[9] = marks[i].value;
		fields(f, v, NH);
		rc = sisat_read(&p, &r, f, &row, &col, err, sizeof err);
		if (marks[i].participa == -2) {
			assert_int_equal(rc, -1);
			assert_int_equal(col, 9);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(row.participa, marks[i].participa);
		}
	}
	v[9] = "";
	for (i = 0; i < sizeof incidents / sizeof incidents[0]; i++) {
		v[10] = incidents[i].value;
		fields(f, v, NH);
		rc = sisat_read(&p, &r, f, &row, &col, err, sizeof err);
		if (incidents[i].incidents == -3) {
			assert_int_equal(rc, -1);
			assert_int_equal(col, 10);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(row.incidents, incidents[i].incidents);
		}
	}
	v[10] = "";
	for (i = 0; i < sizeof days / sizeof days[0]; i++) {
		v[5] = days[i].faltas;
		v[6] = days[i].dias;
		fields(f, v, NH);
		rc = sisat_read(&p, &r, f, &row, &col, err, sizeof err);
		if (days[i].f == -2 || days[i].f == -3) {
			assert_int_equal(rc, -1);
			assert_int_equal(col, days[i].f == -2 ? 5 : 6);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(row.faltas, days[i].f);
			assert_int_equal(row.dias, days[i].d);
		}
	}
	v[5] = v[6] = "";
	/* grades: 10 is two digits, 1x and 100 are not grades */
	v[7] = "10";
	fields(f, v, NH);
	assert_int_equal(sisat_read(&p, &r, f, &row, &col, err, sizeof err),
	    0);
	assert_int_equal(row.grade[0], 10);
	v[7] = "1x";
	fields(f, v, NH);
	assert_int_equal(sisat_read(&p, &r, f, &row, &col, err, sizeof err),
	    -1);
	assert_string_equal(err, "'1x' is not a grade (5 to 10)");
	v[7] = "100";
	fields(f, v, NH);
	assert_int_equal(sisat_read(&p, &r, f, &row, &col, err, sizeof err),
	    -1);
	assert_string_equal(err, "'100' is not a grade (5 to 10)");
	v[7] = "";
	/* primaria 1-6, secundaria and preescolar 1-3, an unknown or
	 * short CCT 1-6: the nivel follows the school of each row */
	for (i = 0; i < sizeof schools / sizeof schools[0]; i++) {
		v[0] = schools[i].cct;
		v[1] = schools[i].grado;
		fields(f, v, NH);
		rc = sisat_read(&p, &r, f, &row, &col, err, sizeof err);
		assert_int_equal(rc, schools[i].ok ? 0 : -1);
		if (!schools[i].ok)
			assert_int_equal(col, 1);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_instruments),
		cmocka_unit_test(test_rules_set),
		cmocka_unit_test(test_rules_round_trip),
		cmocka_unit_test(test_evaluate),
		cmocka_unit_test(test_consecutive),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_items),
		cmocka_unit_test(test_read_spellings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
