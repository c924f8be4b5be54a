/*
 * sisat.c - SisAT early-warning rules: levels, instruments, the rules in
 * force and their key = value file, the evaluation of a student's row
 *
 * The defaults are those of domain.md 2 (the instruments' cut-offs from
 * the SisAT guides; the alert rule is the project's own, every part of
 * it configurable).  No demographic column is ever read here.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

static const char *const rule_names[SISAT_NRULES] = {
	"lectura", "escritura", "calculo", "calificacion", "inasistencia",
	"participacion", "convivencia", "consecutivo"
};

static const char *const level_names[] = {
	"", "requiere_apoyo", "en_desarrollo", "esperado"
};

static const char *const color_names[] = { "verde", "amarillo", "rojo" };

const char *
sisat_rule_name(enum sisat_rule k)
{
	if ((unsigned)k >= SISAT_NRULES)
		return NULL;
	return rule_names[k];
}

const char *
sisat_level_name(enum sisat_level l)
{
	if ((unsigned)l > SISAT_ESPERADO)
		return "";
	return level_names[l];
}

const char *
sisat_color_name(enum sisat_color c)
{
	if ((unsigned)c > SISAT_ROJO)
		return "";
	return color_names[c];
}

static int	word_eq(const char *, size_t, const char *);

/* Fold a value as header names are folded (case, accents, space). */
static size_t
fold(const char *s, size_t len, char *buf, size_t size)
{
	if (len >= size)	/* longer than any name we know */
		return 0;
	return sate_fold_name(s, len, buf, size);
}

/*
 * Exact spellings looked up by their length, with no branch on the value:
 * the levels of successive rows are as likely one as another, and a
 * switch or a chain of comparisons on them is mispredicted about every
 * other row.  A word of 8 to 15 bytes is compared as two 8-byte loads,
 * its first and its last 8 bytes (overlapping when it is shorter than
 * 16), against the same loads of the one spelling of that length.
 * Shorter words, and other spellings, are left to the slower paths.
 */
struct spelling {
	char s[16];
	signed char value;	/* the value plus one; 0: none this long */
};

static const struct spelling level_spellings[16] = {
	[8] = { "esperado", SISAT_ESPERADO + 1 },
	[13] = { "en_desarrollo", SISAT_EN_DESARROLLO + 1 },
	[14] = { "requiere_apoyo", SISAT_REQUIERE_APOYO + 1 },
};

/* The value of the spelling of t that s is, or -1. */
static inline int
exact(const struct spelling t[16], const char *s, size_t len)
{
	uint64_t a, b, x, y;

	if (len < 8 || len > 15)
		return -1;
	memcpy(&a, s, 8);
	memcpy(&b, s + len - 8, 8);
	memcpy(&x, t[len].s, 8);
	memcpy(&y, t[len].s + len - 8, 8);
	if (((a ^ x) | (b ^ y)) != 0)
		return -1;
	return t[len].value - 1;
}

int
sisat_parse_level(const char *s, size_t len)
{
	static const struct {
		const char *name;
		int level;
	} names[] = {
		{ "requiere_apoyo", SISAT_REQUIERE_APOYO },
		{ "en_desarrollo", SISAT_EN_DESARROLLO },
		{ "esperado", SISAT_ESPERADO },
		{ "rojo", SISAT_REQUIERE_APOYO },
		{ "amarillo", SISAT_EN_DESARROLLO },
		{ "verde", SISAT_ESPERADO },
	};
	size_t i;
	int lv;

	if (len == 0)
		return SISAT_NONE;
	/* The spelling of the format, exactly, is by far the most common;
	 * then the colours, compared with constant lengths, which
	 * compilers inline. */
	if ((lv = exact(level_spellings, s, len)) >= 0)
		return lv;
	switch (len) {
	case 8:
		if (memcmp(s, "amarillo", 8) == 0)
			return SISAT_EN_DESARROLLO;
		break;
	case 5:
		if (memcmp(s, "verde", 5) == 0)
			return SISAT_ESPERADO;
		break;
	case 4:
		if (memcmp(s, "rojo", 4) == 0)
			return SISAT_REQUIERE_APOYO;
		break;
	default:
		break;
	}
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (word_eq(s, len, names[i].name))
			return names[i].level;
	return -1;
}

int
sisat_parse_color(const char *s, size_t len)
{
	int i;

	for (i = SISAT_VERDE; i <= SISAT_ROJO; i++)
		if (word_eq(s, len, color_names[i]))
			return i;
	return -1;
}

/*
 * Whether s is name, folded: ASCII compared here without copying (case,
 * and ' ' or '-' for '_'; surrounding spaces), anything else through
 * sate_fold_name (accents).
 */
static int
word_eq(const char *s, size_t len, const char *name)
{
	char buf[32];
	size_t i;
	unsigned char c;

	/* Most values differ at the first byte: reject them at once. */
	c = (unsigned char)s[0];
	if (c >= 'A' && c <= 'Z')
		c = (unsigned char)(c - 'A' + 'a');
	if (len > 0 && c < 0x80 && c != ' ' && c != '\t' && c != name[0])
		return 0;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x80)
			break;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (c == ' ' || c == '-')
			c = '_';
		if (name[i] != (char)c)
			return 0;
	}
	if (i == len)
		return name[i] == '\0';
	if (fold(s, len, buf, sizeof buf) == 0)
		return 0;
	return strcmp(buf, name) == 0;
}

/* Whether a value is, folded, one of a NULL-terminated list. */
static int
one_of(const char *s, size_t len, const char *const *list)
{
	const char *const *l;

	for (l = list; len > 0 && *l != NULL; l++)
		if (s[0] == (*l)[0] && strncmp(*l, s, len) == 0 &&
		    (*l)[len] == '\0')
			return 1;
	for (; *list != NULL; list++)
		if (word_eq(s, len, *list))
			return 1;
	return 0;
}

/*
 * A whole number of at most 9 digits, no sign, no space: the value, -1
 * for an empty field, -2 for anything else.  No allocation, no locale.
 * s is a field's, NUL-terminated at s[len].
 */
static inline long
whole(const char *s, size_t len)
{
	unsigned long v, d, d1;
	size_t i;

	if (len == 0)
		return -1;
	/* One or two digits, nearly every value, without a loop: s[1] is
	 * the NUL when len is 1. */
	d = (unsigned char)s[0] - (unsigned long)'0';
	d1 = (unsigned char)s[1] - (unsigned long)'0';
	if (len == 1)
		return d > 9 ? -2 : (long)d;
	if (len == 2)
		return d > 9 || d1 > 9 ? -2 : (long)(d * 10 + d1);
	if (len > 9)
		return -2;
	v = 0;
	for (i = 0; i < len; i++) {
		/* one unsigned comparison: below '0' wraps round */
		if ((d = (unsigned char)s[i] - (unsigned long)'0') > 9)
			return -2;
		v = v * 10 + d;
	}
	return (long)v;
}

/* ------------------------------------------------------------ instruments */

enum sisat_level
sisat_lectura_level(const struct sisat_rules *r, long total)
{
	if (total >= r->lectura_esperado)
		return SISAT_ESPERADO;
	if (total >= r->lectura_desarrollo)
		return SISAT_EN_DESARROLLO;
	return SISAT_REQUIERE_APOYO;
}

enum sisat_level
sisat_calculo_level(const struct sisat_rules *r, long right)
{
	if (right >= r->calculo_esperado)
		return SISAT_ESPERADO;
	if (right >= r->calculo_desarrollo)
		return SISAT_EN_DESARROLLO;
	return SISAT_REQUIERE_APOYO;
}

/*
 * n criteria scored 1-3 total at most 3n; scaled to the 18 points of
 * lectura, total * 18 / (3 n) >= cut, compared in integers:
 * 6 * total >= cut * n.
 */
enum sisat_level
sisat_escritura_level(const struct sisat_rules *r, long total, long n)
{
	if (6 * total >= r->escritura_esperado * n)
		return SISAT_ESPERADO;
	if (6 * total >= r->escritura_desarrollo * n)
		return SISAT_EN_DESARROLLO;
	return SISAT_REQUIERE_APOYO;
}

/* ------------------------------------------------------------------ rules */

enum key_kind { K_ON, K_NUM, K_BOOL };

static const struct key {
	const char *name;
	enum key_kind kind;
	int rule;			/* K_ON */
	size_t off;			/* K_NUM, K_BOOL */
	long min, max;
	const char *doc;
} keys[] = {
	{ "lectura", K_ON, SISAT_LECTURA, 0, 0, 0,
	    N_("flag lectura at requiere_apoyo") },
	{ "escritura", K_ON, SISAT_ESCRITURA, 0, 0, 0,
	    N_("flag escritura at requiere_apoyo") },
	{ "calculo", K_ON, SISAT_CALCULO, 0, 0, 0,
	    N_("flag calculo mental at requiere_apoyo") },
	{ "calificacion", K_ON, SISAT_CALIFICACION, 0, 0, 0,
	    N_("flag a failing grade in espanol or matematicas") },
	{ "inasistencia", K_ON, SISAT_INASISTENCIA, 0, 0, 0,
	    N_("flag repeated absences") },
	{ "participacion", K_ON, SISAT_PARTICIPACION, 0, 0, 0,
	    N_("flag the mark no_se_involucra") },
	{ "convivencia", K_ON, SISAT_CONVIVENCIA, 0, 0, 0,
	    N_("flag school-climate incidents") },
	{ "consecutivo", K_ON, SISAT_CONSECUTIVO, 0, 0, 0,
	    N_("rojo for a skill at requiere_apoyo in two consecutive periods "
	    "(--previous)") },
	{ "absence-pct", K_NUM, 0, offsetof(struct sisat_rules, absence_pct),
	    1, 100,
	    /* xgettext:no-c-format */
	    N_("inasistencia: faltas at least this % of dias_lectivos") },
	{ "min-days", K_NUM, 0, offsetof(struct sisat_rules, min_days),
	    1, 366, N_("inasistencia: judged only with this many dias_lectivos") },
	{ "fail-grade", K_NUM, 0, offsetof(struct sisat_rules, fail_grade),
	    5, 10, N_("calificacion: a grade at or below this") },
	{ "incidents", K_NUM, 0, offsetof(struct sisat_rules, incidents),
	    1, 1000, N_("convivencia: at least this many incidents") },
	{ "rojo-at", K_NUM, 0, offsetof(struct sisat_rules, rojo_at),
	    1, SISAT_NRULES, N_("semaforo rojo from this many flags") },
	{ "lectura-esperado", K_NUM, 0,
	    offsetof(struct sisat_rules, lectura_esperado), 7, 18,
	    N_("lectura total (6-18) from which esperado") },
	{ "lectura-desarrollo", K_NUM, 0,
	    offsetof(struct sisat_rules, lectura_desarrollo), 7, 18,
	    N_("lectura total from which en_desarrollo") },
	{ "escritura-esperado", K_NUM, 0,
	    offsetof(struct sisat_rules, escritura_esperado), 7, 18,
	    N_("escritura, scaled to 6-18, from which esperado") },
	{ "escritura-desarrollo", K_NUM, 0,
	    offsetof(struct sisat_rules, escritura_desarrollo), 7, 18,
	    N_("escritura, scaled to 6-18, from which en_desarrollo") },
	{ "calculo-esperado", K_NUM, 0,
	    offsetof(struct sisat_rules, calculo_esperado), 1, 10,
	    N_("calculo right answers (0-10) from which esperado") },
	{ "calculo-desarrollo", K_NUM, 0,
	    offsetof(struct sisat_rules, calculo_desarrollo), 1, 10,
	    N_("calculo right answers from which en_desarrollo") },
	{ "calculo-iv", K_BOOL, 0, offsetof(struct sisat_rules, calculo_iv),
	    0, 1, N_("an item coded IV (right with the card) counts as right") },
};

#define NKEYS (sizeof keys / sizeof keys[0])

const char *const sisat_rule_keys[] = {
	"lectura", "escritura", "calculo", "calificacion", "inasistencia",
	"participacion", "convivencia", "consecutivo", "absence-pct",
	"min-days", "fail-grade", "incidents", "rojo-at", "lectura-esperado",
	"lectura-desarrollo", "escritura-esperado", "escritura-desarrollo",
	"calculo-esperado", "calculo-desarrollo", "calculo-iv", NULL
};

void
sisat_rules_init(struct sisat_rules *r)
{
	int k;

	memset(r, 0, sizeof *r);
	for (k = 0; k < SISAT_NRULES; k++)
		r->on[k] = 1;
	r->absence_pct = 10;
	r->min_days = 10;
	r->fail_grade = 5;
	r->incidents = 1;
	r->rojo_at = 2;
	r->lectura_esperado = 15;
	r->lectura_desarrollo = 10;
	r->escritura_esperado = 15;
	r->escritura_desarrollo = 10;
	r->calculo_esperado = 8;
	r->calculo_desarrollo = 5;
	r->calculo_iv = 1;
}

static int
parse_bool(const char *v)
{
	static const char *const yes[] = { "on", "si", "yes", "1", NULL };
	static const char *const no[] = { "off", "no", "0", NULL };

	if (one_of(v, strlen(v), yes))
		return 1;
	if (one_of(v, strlen(v), no))
		return 0;
	return -1;
}

int
sisat_rules_set(struct sisat_rules *r, const char *key, const char *val,
    const char **expect)
{
	static char buf[64];
	const struct key *k;
	long v;
	int b;
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, key) == 0)
			break;
	if (i == NKEYS)
		return -1;
	k = &keys[i];
	switch (k->kind) {
	case K_ON:
	case K_BOOL:
		if ((b = parse_bool(val)) < 0) {
			*expect = _("on or off");
			return -2;
		}
		if (k->kind == K_ON)
			r->on[k->rule] = b;
		else
			*(int *)(void *)((char *)r + k->off) = b;
		return 0;
	case K_NUM:
	default:
		if (sate_parse_long(val, k->min, k->max, &v) < 0) {
			snprintf(buf, sizeof buf, _("a whole number from %ld "
			    "to %ld"), k->min, k->max);
			*expect = buf;
			return -2;
		}
		*(long *)(void *)((char *)r + k->off) = v;
		return 0;
	}
}

const char *
sisat_rules_check(const struct sisat_rules *r)
{
	if (r->lectura_desarrollo > r->lectura_esperado)
		return _("lectura-desarrollo is above lectura-esperado");
	if (r->escritura_desarrollo > r->escritura_esperado)
		return _("escritura-desarrollo is above escritura-esperado");
	if (r->calculo_desarrollo > r->calculo_esperado)
		return _("calculo-desarrollo is above calculo-esperado");
	return NULL;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int
sisat_rules_load(struct sisat_rules *r, const char *path)
{
	FILE *fp;
	char *line = NULL, *s, *eq, *key, *val;
	const char *expect, *why;
	size_t cap = 0;
	unsigned long n = 0;
	int rc = 0;

	if ((fp = fopen(path, "r")) == NULL) {
		error("cannot open %s: %s", path, strerror(errno));
		return SATE_EXIT_IO;
	}
	while (getline(&line, &cap, fp) != -1) {
		n++;
		if ((s = strchr(line, '#')) != NULL)
			*s = '\0';	/* a comment, whole line or after */
		s = trim(line);
		if (*s == '\0')
			continue;
		if ((eq = strchr(s, '=')) == NULL) {
			rc = error("%s:%lu: '%s' is not 'key = value'", path,
			    n, s);
			break;
		}
		*eq = '\0';
		key = trim(s);
		val = trim(eq + 1);
		switch (sisat_rules_set(r, key, val, &expect)) {
		case -1:
			rc = error("%s:%lu: unknown rule '%s' (see "
			    "sate-alert --print-rules)", path, n, key);
			break;
		case -2:
			rc = error("%s:%lu: %s: '%s' is not %s", path, n, key,
			    val, expect);
			break;
		default:
			break;
		}
		if (rc < 0)
			break;
	}
	if (rc == 0 && ferror(fp)) {
		error("%s: read error: %s", path, strerror(errno));
		free(line);
		fclose(fp);
		return SATE_EXIT_IO;
	}
	free(line);
	fclose(fp);
	if (rc == 0 && (why = sisat_rules_check(r)) != NULL)
		rc = error("%s: %s", path, why);
	return rc < 0 ? SATE_EXIT_USAGE : 0;
}

void
sisat_rules_print(const struct sisat_rules *r, FILE *fp)
{
	const struct key *k;
	size_t i;

	fputs(_("# sate-alert rules: key = value; see sate-alert(1)\n"), fp);
	for (i = 0; i < NKEYS; i++) {
		k = &keys[i];
		if (i == 0)
			fputs(_("# rules, on or off\n"), fp);
		else if (k->kind == K_NUM && keys[i - 1].kind == K_ON)
			fputs(_("# thresholds\n"), fp);
		fprintf(fp, "%-21s= ", k->name);
		switch (k->kind) {
		case K_ON:
			fputs(r->on[k->rule] ? "on" : "off", fp);
			break;
		case K_BOOL:
			fputs(*(const int *)(const void *)((const char *)r +
			    k->off) ? "on" : "off", fp);
			break;
		case K_NUM:
		default:
			fprintf(fp, "%ld", *(const long *)(const void *)
			    ((const char *)r + k->off));
			break;
		}
		fprintf(fp, "\t# %s\n", _(k->doc));
	}
}

/* ------------------------------------------------------------------ plan */

static const char *const slot_names[SISAT_NSLOTS] = {
	"cct", "grado", "periodo",
	"lectura", "lectura_puntos", "lectura_c1", "lectura_c2",
	"lectura_c3", "lectura_c4", "lectura_c5", "lectura_c6",
	"escritura", "escritura_c1", "escritura_c2", "escritura_c3",
	"escritura_c4", "escritura_c5", "escritura_c6", "escritura_c7",
	"escritura_c8",
	"calculo", "calculo_aciertos", "calculo_r1", "calculo_r2",
	"calculo_r3", "calculo_r4", "calculo_r5", "calculo_r6", "calculo_r7",
	"calculo_r8", "calculo_r9", "calculo_r10",
	"calif_espanol", "calif_matematicas", "faltas", "dias_lectivos",
	"participacion", "convivencia"
};

/* Each skill's slots: level, total (or -1), first item, item count. */
static const struct skill {
	int level, total, item, nitems;
	int all;			/* every item column needed */
} skills[SISAT_NSKILLS] = {
	{ SISAT_S_LECTURA, SISAT_S_LECTURA_PUNTOS, SISAT_S_LECTURA_C1, 6, 1 },
	{ SISAT_S_ESCRITURA, -1, SISAT_S_ESCRITURA_C1, 8, 0 },
	{ SISAT_S_CALCULO, SISAT_S_CALCULO_ACIERTOS, SISAT_S_CALCULO_R1, 10,
	    1 },
};

const char *
sisat_slot_name(int slot)
{
	if (slot < 0 || slot >= SISAT_NSLOTS)
		return NULL;
	return slot_names[slot];
}

const char *
sisat_slot_alias(int slot)
{
	switch (slot) {
	case SISAT_S_LECTURA:
		return "nivel_lectura";
	case SISAT_S_ESCRITURA:
		return "nivel_escritura";
	case SISAT_S_CALCULO:
		return "nivel_calculo";
	default:
		return NULL;
	}
}

int
sisat_plan(struct sisat_plan *p, const struct sisat_rules *r,
    const int idx[SISAT_NSLOTS], char *err, size_t errsize)
{
	const struct skill *sk;
	int i, k, nitems, missing;

	memset(p, 0, sizeof *p);
	memcpy(p->idx, idx, sizeof p->idx);
	for (k = 0; k < SISAT_NSKILLS; k++) {
		sk = &skills[k];
		p->level_col[k] = -1;
		p->src[k] = SISAT_SRC_NONE;
		if (!r->on[k])
			continue;
		nitems = 0;
		missing = -1;
		for (i = 0; i < sk->nitems; i++) {
			if (idx[sk->item + i] >= 0)
				nitems++;
			else if (missing < 0)
				missing = sk->item + i;
		}
		if (nitems > 0 && sk->all && nitems < sk->nitems) {
			snprintf(err, errsize, _("missing column '%s' (%s "
			    "scores need all of %s..%s)"), slot_names[missing],
			    rule_names[k], slot_names[sk->item],
			    slot_names[sk->item + sk->nitems - 1]);
			return -1;
		}
		if (nitems > 0)
			p->src[k] = SISAT_SRC_ITEMS;
		else if (sk->total >= 0 && idx[sk->total] >= 0)
			p->src[k] = SISAT_SRC_TOTAL;
		else if (idx[sk->level] >= 0) {
			p->src[k] = SISAT_SRC_LEVEL;
			p->level_col[k] = idx[sk->level];
		}
		p->runs[k] = p->src[k] != SISAT_SRC_NONE;
	}
	p->runs[SISAT_CALIFICACION] = r->on[SISAT_CALIFICACION] &&
	    (idx[SISAT_S_CALIF_ESPANOL] >= 0 ||
	    idx[SISAT_S_CALIF_MATEMATICAS] >= 0);
	p->runs[SISAT_INASISTENCIA] = r->on[SISAT_INASISTENCIA] &&
	    idx[SISAT_S_FALTAS] >= 0 && idx[SISAT_S_DIAS] >= 0;
	p->runs[SISAT_PARTICIPACION] = r->on[SISAT_PARTICIPACION] &&
	    idx[SISAT_S_PARTICIPACION] >= 0;
	p->runs[SISAT_CONVIVENCIA] = r->on[SISAT_CONVIVENCIA] &&
	    idx[SISAT_S_CONVIVENCIA] >= 0;
	/* consecutivo also needs --previous: the caller decides. */
	p->runs[SISAT_CONSECUTIVO] = 0;
	return 0;
}

void
sisat_plan_columns(const struct sisat_plan *p, enum sisat_rule k,
    char *buf, size_t size)
{
	const struct skill *sk;
	size_t n = 0;
	int i, m;

	buf[0] = '\0';
	if ((unsigned)k < SISAT_NSKILLS) {
		sk = &skills[k];
		switch (p->src[k]) {
		case SISAT_SRC_LEVEL:
			snprintf(buf, size, "%s", p->level_alias[k] ?
			    sisat_slot_alias(sk->level) :
			    slot_names[sk->level]);
			break;
		case SISAT_SRC_TOTAL:
			snprintf(buf, size, "%s", slot_names[sk->total]);
			break;
		case SISAT_SRC_ITEMS:
			for (i = 0; i < sk->nitems; i++) {
				if (p->idx[sk->item + i] < 0)
					continue;
				m = snprintf(buf + n, size - n, "%s%s",
				    n ? ", " : "", slot_names[sk->item + i]);
				if (m < 0 || (size_t)m >= size - n)
					break;
				n += (size_t)m;
			}
			break;
		case SISAT_SRC_NONE:
		default:
			break;
		}
		return;
	}
	switch (k) {
	case SISAT_CALIFICACION:
		snprintf(buf, size, "%s%s%s",
		    p->idx[SISAT_S_CALIF_ESPANOL] >= 0 ? "calif_espanol" : "",
		    p->idx[SISAT_S_CALIF_ESPANOL] >= 0 &&
		    p->idx[SISAT_S_CALIF_MATEMATICAS] >= 0 ? ", " : "",
		    p->idx[SISAT_S_CALIF_MATEMATICAS] >= 0 ?
		    "calif_matematicas" : "");
		break;
	case SISAT_INASISTENCIA:
		snprintf(buf, size, "faltas, dias_lectivos");
		break;
	case SISAT_PARTICIPACION:
		snprintf(buf, size, "participacion");
		break;
	case SISAT_CONVIVENCIA:
		snprintf(buf, size, "convivencia");
		break;
	case SISAT_CONSECUTIVO:
		snprintf(buf, size, "the levels and the --previous file");
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------- one row */

#define BAD(slot_, fmt, ...) do {					\
	*col = p->idx[slot_];						\
	snprintf(err, errsize, _(fmt), __VA_ARGS__);			\
	return -1;							\
} while (0)

/* The field of a slot: NULL when the column is absent. */
static const struct sate_field *
field(const struct sisat_plan *p, const struct sate_field *f, int slot)
{
	return p->idx[slot] >= 0 ? &f[p->idx[slot]] : NULL;
}

/* Item code of calculo mental: 1 right, 0 wrong, -1 bad. */
static int
item_code(const struct sisat_rules *r, const char *s, size_t len)
{
	if (len == 1 && (s[0] == 'I' || s[0] == 'i'))
		return 1;
	if (len == 2 && (s[0] == 'I' || s[0] == 'i') &&
	    (s[1] == 'V' || s[1] == 'v'))
		return r->calculo_iv;
	if (len == 1 && s[0] == '0')
		return 0;
	return -1;
}

static int
read_skill(const struct sisat_plan *p, const struct sisat_rules *r,
    const struct sate_field *f, int k, struct sisat_row *row, int *col,
    char *err, size_t errsize)
{
	const struct skill *sk = &skills[k];
	const struct sate_field *v;
	long total = 0, n = 0, x;
	int i, s, first_empty = -1, first_set = -1;

	switch (p->src[k]) {
	case SISAT_SRC_NONE:
	case SISAT_SRC_LEVEL:		/* read by sisat_read() */
		return 0;
	case SISAT_SRC_TOTAL:
		v = field(p, f, sk->total);
		x = whole(v->p, v->len);
		if (x == -1)
			return 0;
		if (k == SISAT_LECTURA) {
			if (x < 6 || x > 18)
				BAD(sk->total, "'%s' is not a lectura total "
				    "(6 to 18 points)", v->p);
			row->level[k] = sisat_lectura_level(r, x);
		} else {
			if (x < 0 || x > 10)
				BAD(sk->total, "'%s' is not a number of right "
				    "answers (0 to 10)", v->p);
			row->level[k] = sisat_calculo_level(r, x);
		}
		row->computed[k] = 1;
		return 0;
	case SISAT_SRC_ITEMS:
	default:
		break;
	}
	for (i = 0; i < sk->nitems; i++) {
		s = sk->item + i;
		if ((v = field(p, f, s)) == NULL)
			continue;
		if (v->len == 0) {
			if (first_empty < 0)
				first_empty = s;
			continue;
		}
		if (first_set < 0)
			first_set = s;
		if (k == SISAT_CALCULO) {
			if ((x = item_code(r, v->p, v->len)) < 0)
				BAD(s, "'%s' is not an item code (I, IV or 0)",
				    v->p);
		} else {
			x = whole(v->p, v->len);
			if (x < 1 || x > 3)
				BAD(s, "'%s' is not a criterion score (1 to 3)",
				    v->p);
		}
		total += x;
		n++;
	}
	if (n == 0)
		return 0;
	if (first_empty >= 0 && sk->all && k == SISAT_CALCULO)
		BAD(first_empty, "empty, but %s is scored (score all %d items "
		    "or none)", slot_names[first_set], sk->nitems);
	if (first_empty >= 0 && sk->all)
		BAD(first_empty, "empty, but %s is scored (score all %d "
		    "criteria or none)", slot_names[first_set], sk->nitems);
	if (k == SISAT_LECTURA)
		row->level[k] = sisat_lectura_level(r, total);
	else if (k == SISAT_CALCULO)
		row->level[k] = sisat_calculo_level(r, total);
	else
		row->level[k] = sisat_escritura_level(r, total, n);
	row->computed[k] = 1;
	return 0;
}

static int
read_grade(const struct sisat_plan *p, const struct sate_field *v, int lo,
    int first, int *out, int slot_, int *col, char *err, size_t errsize)
{
	long x = whole(v->p, v->len);

	if (x == -1)
		return 0;
	if (first && (x < lo || x > 10))
		BAD(slot_, "'%s' is not a grade (%d to 10 in 1st and 2nd "
		    "grade of primaria)", v->p, lo);
	if (x < lo || x > 10)
		BAD(slot_, "'%s' is not a grade (%d to 10)", v->p, lo);
	*out = (int)x;
	return 0;
}

/*
 * A participation mark: 1 yes, 0 no, -1 neither.  Every row has one, so
 * the spellings of the format and of the usual exports are compared
 * exactly first (constant lengths, which compilers inline); anything else
 * is folded.
 */
static int
participation(const char *s, size_t len)
{
	static const char *const yes[] = { "si", "se_involucra", NULL };
	static const char *const no[] = { "no", "no_se_involucra", NULL };

	switch (len) {
	case 2:
		if (memcmp(s, "si", 2) == 0)
			return 1;
		if (memcmp(s, "no", 2) == 0)
			return 0;
		break;
	case 12:
		if (memcmp(s, "se involucra", 12) == 0 ||
		    memcmp(s, "se_involucra", 12) == 0)
			return 1;
		break;
	case 15:
		if (memcmp(s, "no se involucra", 15) == 0 ||
		    memcmp(s, "no_se_involucra", 15) == 0)
			return 0;
		break;
	default:
		break;
	}
	if (one_of(s, len, no))
		return 0;
	if (one_of(s, len, yes))
		return 1;
	return -1;
}

/*
 * An incident mark: a number of incidents, -2 for the mark "si" (one or
 * more), -3 for a bad value.  Exact spellings first, as above.
 */
static long
incident_mark(const char *s, size_t len)
{
	static const char *const incident[] = { "si", "incidente", NULL };
	static const char *const none[] = { "no", "sin_incidentes", NULL };
	long x;

	if ((x = whole(s, len)) >= 0)
		return x;
	switch (len) {
	case 9:
		if (memcmp(s, "incidente", 9) == 0)
			return -2;
		break;
	case 14:
		if (memcmp(s, "sin_incidentes", 14) == 0)
			return 0;
		break;
	default:
		break;
	}
	if (one_of(s, len, incident))
		return -2;
	if (one_of(s, len, none))
		return 0;
	return -3;
}

/*
 * The nivel of a CCT, and its grades.  Rows come grouped by school, so
 * the service code (the 4th and 5th characters, all cct_nivel() reads)
 * is cached from the row before: a cache of one entry, of a pure
 * function, so it can never go stale; one per thread, as sate-alert
 * reads on several.
 */
static enum sate_nivel
nivel_of(const char *cct, size_t len, int *lo, int *hi)
{
	static _Thread_local unsigned key;	/* 0: none yet */
	static _Thread_local enum sate_nivel nivel;
	static _Thread_local int glo, ghi;
	unsigned k;

	if (len < 5) {		/* what cct_nivel() says of a short CCT */
		k = 1;
		if (key != k) {
			nivel = NIVEL_DESCONOCIDO;
			key = k;
			glo = 1;
			ghi = 6;
		}
	} else {
		k = (unsigned char)cct[3] << 8 | (unsigned char)cct[4];
		if (key != k) {
			nivel = cct_nivel(cct);
			key = k;
			if (!nivel_grades(nivel, &glo, &ghi)) {
				glo = 1;
				ghi = 6;
			}
		}
	}
	*lo = glo;
	*hi = ghi;
	return nivel;
}

/*
 * The slots the plan makes sure of (a rule that runs has its columns) are
 * indexed directly; the others are looked for in p->idx.
 */
int
sisat_read(const struct sisat_plan *p, const struct sisat_rules *r,
    const struct sate_field *f, struct sisat_row *row, int *col,
    char *err, size_t errsize)
{
	const int *idx = p->idx;
	const struct sate_field *v, *d;
	enum sate_nivel nivel = NIVEL_DESCONOCIDO;
	long grado = 0, x;
	int k, lv, lo = 1, hi = 6;

	row->level[0] = row->level[1] = row->level[2] = SISAT_NONE;
	row->computed[0] = row->computed[1] = row->computed[2] = 0;
	row->grade[0] = row->grade[1] = 0;
	row->faltas = row->dias = -1;
	row->participa = -1;
	row->incidents = -1;

	if (idx[SISAT_S_PERIODO] >= 0 &&
	    (v = &f[idx[SISAT_S_PERIODO]])->len > 0) {
		x = whole(v->p, v->len);
		if (x < 1 || x > 5)
			BAD(SISAT_S_PERIODO, "'%s' is not a period (1 to 5)",
			    v->p);
	}
	if (idx[SISAT_S_CCT] >= 0) {
		v = &f[idx[SISAT_S_CCT]];
		nivel = nivel_of(v->p, v->len, &lo, &hi);
	}
	if (idx[SISAT_S_GRADO] >= 0 && (v = &f[idx[SISAT_S_GRADO]])->len > 0) {
		grado = whole(v->p, v->len);
		if (grado < lo || grado > hi)
			BAD(SISAT_S_GRADO, "'%s' is not a grade of %s (%d to "
			    "%d)", v->p, nivel == NIVEL_DESCONOCIDO ?
			    _("basic education") : nivel_name(nivel), lo, hi);
	}
	for (k = 0; k < SISAT_NSKILLS; k++) {
		if (p->src[k] != SISAT_SRC_LEVEL) {
			if (read_skill(p, r, f, k, row, col, err, errsize) < 0)
				return -1;
			continue;
		}
		/* A level, the usual source: its exact spelling inline,
		 * before the general parse. */
		v = &f[p->level_col[k]];
		if (v->len == 0)
			continue;
		if ((lv = exact(level_spellings, v->p, v->len)) < 0 &&
		    (lv = sisat_parse_level(v->p, v->len)) < 0) {
			*col = p->level_col[k];
			snprintf(err, errsize, _("'%s' is not a level "
			    "(requiere_apoyo, en_desarrollo or esperado)"),
			    v->p);
			return -1;
		}
		row->level[k] = (enum sisat_level)lv;
	}
	/* Preescolar has no numeric grades: no grade rule. */
	if (p->runs[SISAT_CALIFICACION] && nivel != NIVEL_PREESCOLAR) {
		int first = nivel == NIVEL_PRIMARIA && grado >= 1 &&
		    grado <= 2;

		lo = first ? 6 : 5;
		if (idx[SISAT_S_CALIF_ESPANOL] >= 0 &&
		    read_grade(p, &f[idx[SISAT_S_CALIF_ESPANOL]], lo, first,
		    &row->grade[0], SISAT_S_CALIF_ESPANOL, col, err,
		    errsize) < 0)
			return -1;
		if (idx[SISAT_S_CALIF_MATEMATICAS] >= 0 &&
		    read_grade(p, &f[idx[SISAT_S_CALIF_MATEMATICAS]], lo,
		    first, &row->grade[1], SISAT_S_CALIF_MATEMATICAS, col,
		    err, errsize) < 0)
			return -1;
	}
	if (p->runs[SISAT_INASISTENCIA]) {
		v = &f[idx[SISAT_S_FALTAS]];
		d = &f[idx[SISAT_S_DIAS]];
		row->faltas = whole(v->p, v->len);
		row->dias = whole(d->p, d->len);
		if (row->faltas == -2)
			BAD(SISAT_S_FALTAS, "'%s' is not a whole number",
			    v->p);
		if (row->dias == -2)
			BAD(SISAT_S_DIAS, "'%s' is not a whole number", d->p);
		if (row->faltas >= 0 && row->dias >= 0 &&
		    row->faltas > row->dias)
			BAD(SISAT_S_FALTAS, "'%s' is more than dias_lectivos "
			    "(%ld)", v->p, row->dias);
		if (row->faltas < 0 || row->dias < 0)
			row->faltas = row->dias = -1;
	}
	if (p->runs[SISAT_PARTICIPACION] &&
	    (v = &f[idx[SISAT_S_PARTICIPACION]])->len > 0 &&
	    (row->participa = participation(v->p, v->len)) < 0)
		BAD(SISAT_S_PARTICIPACION, "'%s' is not a participation mark "
		    "(si, no, se_involucra or no_se_involucra)", v->p);
	if (p->runs[SISAT_CONVIVENCIA] &&
	    (v = &f[idx[SISAT_S_CONVIVENCIA]])->len > 0 &&
	    (row->incidents = incident_mark(v->p, v->len)) == -3)
		BAD(SISAT_S_CONVIVENCIA, "'%s' is not an incident mark (a "
		    "number of incidents, si, no, incidente or "
		    "sin_incidentes)", v->p);
	return 0;
}

void
sisat_evaluate(const struct sisat_plan *p, const struct sisat_rules *r,
    const struct sisat_row *row, struct sisat_result *res)
{
	/* the number of bits set in a nibble */
	static const unsigned char nbits[16] = {
		0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4
	};
	unsigned flags = 0, cons = 0, fail = 0;
	int k, n;

	for (k = 0; k < SISAT_NSKILLS; k++)
		if (row->level[k] == SISAT_REQUIERE_APOYO && p->runs[k])
			flags |= 1U << k;
	if (p->runs[SISAT_CONSECUTIVO] && row->prev)
		cons = flags & row->prev_apoyo & ((1U << SISAT_NSKILLS) - 1);
	if (p->runs[SISAT_CALIFICACION]) {
		for (k = 0; k < 2; k++)
			if (row->grade[k] > 0 && row->grade[k] <= r->fail_grade)
				fail |= 1U << k;
		if (fail != 0)
			flags |= 1U << SISAT_CALIFICACION;
	}
	if (p->runs[SISAT_INASISTENCIA] && row->dias >= r->min_days &&
	    100 * row->faltas >= r->absence_pct * row->dias)
		flags |= 1U << SISAT_INASISTENCIA;
	if (p->runs[SISAT_PARTICIPACION] && row->participa == 0)
		flags |= 1U << SISAT_PARTICIPACION;
	if (p->runs[SISAT_CONVIVENCIA] && (row->incidents == -2 ||
	    row->incidents >= r->incidents))
		flags |= 1U << SISAT_CONVIVENCIA;
	/* the flags so far are the rules before consecutivo: 7 bits */
	n = nbits[flags & 15] + nbits[flags >> 4 & 15];
	if (cons != 0)
		flags |= 1U << SISAT_CONSECUTIVO;
	res->flags = flags;
	res->consecutive = cons;
	res->grade_fail = fail;
	res->senales = n;
	if (n >= r->rojo_at || cons != 0)
		res->color = SISAT_ROJO;
	else if (n > 0)
		res->color = SISAT_AMARILLO;
	else
		res->color = SISAT_VERDE;
}

/*
 * The words motivos is made of, with their lengths: it is built for every
 * row, so no strlen.
 */
struct word {
	char s[16];		/* padded with NULs: see sb_word() */
	size_t len;
};

#define WORD(s)	{ s, sizeof(s) - 1 }

static const struct word rule_words[SISAT_NRULES] = {
	WORD("lectura="), WORD("escritura="), WORD("calculo="),
	WORD("calificacion="), WORD("inasistencia="), WORD("participacion="),
	WORD("convivencia="), WORD("consecutivo=")
};

static const struct word level_words[] = {
	WORD(""), WORD("requiere_apoyo"), WORD("en_desarrollo"),
	WORD("esperado")
};

/* Append to a motivos buffer, truncating safely. */
struct sbuf {
	char *p;
	size_t len, size;
};

static void
sb_mem(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n >= b->size)
		n = b->size - b->len - 1;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
sb_char(struct sbuf *b, char c)
{
	if (b->len + 1 < b->size)
		b->p[b->len++] = c;
}

/*
 * Append a word.  With room, all 16 bytes of its padded array are copied
 * (a fixed size: two moves, no call) and only its length kept; the bytes
 * past it are overwritten next, or lie past the end.
 */
static void
sb_word(struct sbuf *b, const struct word *w)
{
	if (b->size - b->len > sizeof w->s) {
		memcpy(b->p + b->len, w->s, sizeof w->s);
		b->len += w->len;
	} else {
		sb_mem(b, w->s, w->len);
	}
}

static void
sb_num(struct sbuf *b, long v)
{
	char buf[24], *q = buf + sizeof buf;
	size_t n;

	do
		*--q = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	n = (size_t)(buf + sizeof buf - q);
	if (b->size - b->len > n) {
		/* a few digits: no call to memcpy */
		while (q < buf + sizeof buf)
			b->p[b->len++] = *q++;
	} else {
		sb_mem(b, q, n);
	}
}

size_t
sisat_motivos(const struct sisat_row *row, const struct sisat_result *res,
    char *buf, size_t size)
{
	static const struct word subjects[2] = {
		WORD("espanol:"), WORD("matematicas:")
	};
	static const struct word no_se_involucra = WORD("no_se_involucra");
	static const struct word incidente = WORD("incidente");
	struct sbuf b = { buf, 0, size };
	unsigned flags = res->flags;
	int k, g, s, any = 0;

	for (k = 0; flags != 0; k++, flags >>= 1) {
		if (!(flags & 1))
			continue;
		if (k == SISAT_CONSECUTIVO) {
			for (s = 0; s < SISAT_NSKILLS; s++)
				if (res->consecutive & (1U << s)) {
					if (b.len > 0)
						sb_char(&b, ';');
					sb_word(&b, &rule_words[k]);
					/* the skill's name, without '=' */
					sb_mem(&b, rule_words[s].s,
					    rule_words[s].len - 1);
				}
			continue;
		}
		if (b.len > 0)
			sb_char(&b, ';');
		sb_word(&b, &rule_words[k]);
		switch (k) {
		case SISAT_LECTURA:
		case SISAT_ESCRITURA:
		case SISAT_CALCULO:
			sb_word(&b, &level_words[row->level[k]]);
			break;
		case SISAT_CALIFICACION:
			for (g = 0; g < 2; g++) {
				if (!(res->grade_fail & (1U << g)))
					continue;
				if (any)
					sb_char(&b, '+');
				sb_word(&b, &subjects[g]);
				sb_num(&b, row->grade[g]);
				any = 1;
			}
			break;
		case SISAT_INASISTENCIA:
			sb_num(&b, row->faltas);
			sb_char(&b, '/');
			sb_num(&b, row->dias);
			break;
		case SISAT_PARTICIPACION:
			sb_word(&b, &no_se_involucra);
			break;
		case SISAT_CONVIVENCIA:
			if (row->incidents == -2)
				sb_word(&b, &incidente);
			else
				sb_num(&b, row->incidents);
			break;
		default:
			break;
		}
	}
	buf[b.len] = '\0';
	return b.len;
}

const char *
sisat_tendencia(const struct sisat_row *row, const struct sisat_result *res)
{
	if (!row->prev)
		return "nuevo";
	if (res->color < row->prev_color)
		return "mejora";
	if (res->color > row->prev_color)
		return "empeora";
	return "igual";
}
