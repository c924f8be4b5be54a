/*
 * report.c - the reports of sate-report: aggregation by group, merge of
 * CSV reports, comparison with an earlier report, small-cell suppression,
 * the CSV report and the tables of the human formats
 *
 * A report is a map from a group key (the --by values joined by US, 0x1F)
 * to a fixed array of counts.  Memory: one entry per group, never per
 * row.  Every figure shown is derived from the counts, so reports of
 * shards merged give the report of the whole, byte for byte.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

#define MAXBY	8
#define KEYSEP	'\x1f'
#define NSEEN	5

/* Count columns of the alerts report. */
enum {
	A_ALUMNOS, A_ROJO, A_AMARILLO, A_VERDE,
	A_LEC, A_ESC = A_LEC + 4, A_CAL = A_ESC + 4,	/* 4 levels each */
	A_FLAG = A_CAL + 4, A_N = A_FLAG + 7
};
/* Levels, in the order of their columns. */
enum { L_RA, L_ED, L_ES, L_SD };

enum {
	C_TOTAL, C_PENDIENTE, C_EN_PROCESO, C_CUMPLIDO, C_NO_CUMPLIDO,
	C_REPROGRAMADO, C_CANCELADO, C_VENCIDOS, C_N
};

enum { R_H, R_M, R_X, R_ALUMNOS, R_BAJAS, R_GRUPOS, R_N };

#define MAXCOUNT A_N

static const char *const alert_cols[] = {
	"alumnos", "rojo", "amarillo", "verde",
	"lectura_requiere_apoyo", "lectura_en_desarrollo", "lectura_esperado",
	"lectura_sin_dato",
	"escritura_requiere_apoyo", "escritura_en_desarrollo",
	"escritura_esperado", "escritura_sin_dato",
	"calculo_requiere_apoyo", "calculo_en_desarrollo", "calculo_esperado",
	"calculo_sin_dato",
	"senal_lectura", "senal_escritura", "senal_calculo",
	"senal_calificacion", "senal_inasistencia", "senal_participacion",
	"senal_convivencia", NULL
};

static const char *const commit_cols[] = {
	"total", "pendiente", "en_proceso", "cumplido", "no_cumplido",
	"reprogramado", "cancelado", "vencidos", NULL
};

static const char *const roster_cols[] = {
	"hombres", "mujeres", "no_binario", "alumnos", "bajas", "grupos", NULL
};

static const char *const flags[] = {
	"lectura", "escritura", "calculo", "calificacion", "inasistencia",
	"participacion", "convivencia"
};

static const size_t flaglen[] = { 7, 9, 7, 12, 12, 13, 11 };

static const char *const skills[] = { "lectura", "escritura", "calculo" };

static const char *const seen_cols[NSEEN] = {
	"zona", "sector", "nivel", "ciclo", "periodo"
};

/* Derived output columns. */
enum { OC_COUNT, OC_PCT, OC_CHANGE, OC_DIFF };

struct ocol {
	const char *name;
	int type;
	int a, b, c;		/* a as a share of b minus c (c < 0: none) */
};

static const struct ocol alert_ocols[] = {
	{ "rojo_pct", OC_PCT, A_ROJO, A_ALUMNOS, -1 },
	{ "amarillo_pct", OC_PCT, A_AMARILLO, A_ALUMNOS, -1 },
	{ "verde_pct", OC_PCT, A_VERDE, A_ALUMNOS, -1 },
	{ NULL, 0, 0, 0, 0 }
};
static const struct ocol alert_change[] = {
	{ "rojo_pct_cambio", OC_CHANGE, A_ROJO, A_ALUMNOS, -1 },
	{ "amarillo_pct_cambio", OC_CHANGE, A_AMARILLO, A_ALUMNOS, -1 },
	{ "verde_pct_cambio", OC_CHANGE, A_VERDE, A_ALUMNOS, -1 },
	{ NULL, 0, 0, 0, 0 }
};
static const struct ocol commit_ocols[] = {
	{ "cumplimiento_pct", OC_PCT, C_CUMPLIDO, C_TOTAL, C_CANCELADO },
	{ NULL, 0, 0, 0, 0 }
};
static const struct ocol commit_change[] = {
	{ "cumplimiento_pct_cambio", OC_CHANGE, C_CUMPLIDO, C_TOTAL, C_CANCELADO },
	{ NULL, 0, 0, 0, 0 }
};
static const struct ocol roster_ocols[] = {
	{ NULL, 0, 0, 0, 0 }
};
static const struct ocol roster_change[] = {
	{ "alumnos_cambio", OC_DIFF, R_ALUMNOS, 0, -1 },
	{ NULL, 0, 0, 0, 0 }
};

/* A partition: the cells add up to the total cell of the same row. */
struct part {
	int total;
	int cell[4];
	int n;
};

static const struct part alert_parts[] = {
	{ A_ALUMNOS, { A_ROJO, A_AMARILLO, A_VERDE }, 3 },
	{ A_ALUMNOS, { A_LEC, A_LEC + 1, A_LEC + 2, A_LEC + 3 }, 4 },
	{ A_ALUMNOS, { A_ESC, A_ESC + 1, A_ESC + 2, A_ESC + 3 }, 4 },
	{ A_ALUMNOS, { A_CAL, A_CAL + 1, A_CAL + 2, A_CAL + 3 }, 4 },
};
static const struct part roster_parts[] = {
	{ R_ALUMNOS, { R_H, R_M, R_X }, 3 },
};

struct kinddef {
	const char *name;	/* on the command line */
	const char *informe;	/* in the informe column */
	const char *const *cols;
	int ncount;
	const char *const *byok;
	const char *defby;
	const char *sig;	/* a count column only this kind has */
	const struct ocol *ocols, *change;
	const struct part *parts;
	size_t nparts;
	int rowtotal;		/* the count that is a row's students, or -1 */
	int pct95;		/* hide shares over 95 % */
};

static const char *const alert_by[] = {
	"zona", "sector", "cct", "nivel", "grado", "grupo", "turno", "ciclo",
	"periodo", NULL
};
static const char *const commit_by[] = {
	"zona", "sector", "cct", "nivel", "ambito", NULL
};
static const char *const roster_by[] = {
	"zona", "sector", "cct", "nivel", "turno", "ciclo", "grado", "grupo",
	NULL
};

static const struct kinddef kinds[RPT_NKIND] = {
	{ "alerts", "alertas", alert_cols, A_N, alert_by, "cct", "rojo",
	  alert_ocols, alert_change, alert_parts,
	  sizeof alert_parts / sizeof alert_parts[0], A_ALUMNOS, 1 },
	{ "commitments", "compromisos", commit_cols, C_N, commit_by, "cct",
	  "cumplido", commit_ocols, commit_change, NULL, 0, -1, 0 },
	{ "roster", "matricula", roster_cols, R_N, roster_by, "cct",
	  "hombres", roster_ocols, roster_change, roster_parts,
	  sizeof roster_parts / sizeof roster_parts[0], R_ALUMNOS, 0 },
};

struct row {
	const char *key;
	size_t keylen;
	long *cnt;
};

struct rpt {
	const struct kinddef *k;
	enum rpt_kind kind;
	size_t nby;
	char *by[MAXBY];
	struct sate_map *groups;
	struct sate_map *distinct;	/* roster: the groups (grupos) */
	struct sate_map *prev;		/* --compare */
	long prevtotal[MAXCOUNT];
	int hasprev;
	unsigned long prevrows;
	int track;			/* rpt_seen wanted */
	unsigned long nrows;

	struct sate_map *seen[NSEEN];
	char *seenstr[NSEEN];

	/* rpt_finish */
	size_t nrow;			/* groups + the total row */
	struct row *rows;
	long total[MAXCOUNT];
	unsigned char *hid;		/* nrow * ncount: 0, 1 primary,
					   2 complementary */
	long min_n, nprim, ncomp;

	char *keybuf;
	size_t keycap;
};

/* Where a grouping column comes from in one input. */
struct bycol {
	int idx;		/* column index, or -1 */
	int derive_nivel;	/* from the cct column */
	int cct;
};

int
rpt_kind_by_name(const char *name)
{
	int i;

	for (i = 0; i < RPT_NKIND; i++)
		if (strcmp(name, kinds[i].name) == 0)
			return i;
	return -1;
}

const char *
rpt_informe(enum rpt_kind kind)
{
	return kinds[kind].informe;
}

int
rpt_format_by_name(const char *name)
{
	static const char *const names[] = { "csv", "text", "md", "html" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	if (strcmp(name, "markdown") == 0)
		return RPT_MD;
	return -1;
}

static int
in_list(const char *const *list, const char *s, size_t len)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == len && memcmp(*list, s, len) == 0)
			return 1;
	return 0;
}

struct rpt *
rpt_new(enum rpt_kind kind, const char *by)
{
	struct rpt *p = xcalloc(1, sizeof *p);
	const char *s, *e;
	size_t i, len;

	p->kind = kind;
	p->k = &kinds[kind];
	if (by == NULL)
		by = p->k->defby;
	for (s = by; ; s = e + 1) {
		e = strchr(s, ',');
		if (e == NULL)
			e = s + strlen(s);
		len = (size_t)(e - s);
		if (len == 0 || !in_list(p->k->byok, s, len)) {
			char list[256] = "";

			for (i = 0; p->k->byok[i] != NULL; i++) {
				if (i > 0)
					strcat(list, ", ");
				strcat(list, p->k->byok[i]);
			}
			error("%s --by: cannot group by '%.*s' (use one or "
			    "more of %s, separated by commas)", p->k->name,
			    (int)len, s, list);
			rpt_free(p);
			return NULL;
		}
		for (i = 0; i < p->nby; i++)
			if (strlen(p->by[i]) == len &&
			    memcmp(p->by[i], s, len) == 0)
				break;
		if (i == p->nby) {
			if (p->nby == MAXBY - 1) {
				error("--by: too many columns");
				rpt_free(p);
				return NULL;
			}
			p->by[p->nby++] = xstrndup(s, len);
		}
		if (*e == '\0')
			break;
	}
	/* The roster is always by grade. */
	if (kind == RPT_ROSTER) {
		for (i = 0; i < p->nby; i++)
			if (strcmp(p->by[i], "grado") == 0)
				break;
		if (i == p->nby)
			p->by[p->nby++] = xstrdup("grado");
	}
	p->groups = map_new((size_t)p->k->ncount * sizeof(long));
	if (kind == RPT_ROSTER)
		p->distinct = map_new(1);
	p->keycap = 256;
	p->keybuf = xmalloc(p->keycap);
	return p;
}

void
rpt_free(struct rpt *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nby; i++)
		free(p->by[i]);
	for (i = 0; i < NSEEN; i++) {
		map_free(p->seen[i]);
		free(p->seenstr[i]);
	}
	map_free(p->groups);
	map_free(p->distinct);
	map_free(p->prev);
	free(p->rows);
	free(p->hid);
	free(p->keybuf);
	free(p);
}

enum rpt_kind
rpt_kind(const struct rpt *p)
{
	return p->kind;
}

unsigned long
rpt_rows(const struct rpt *p)
{
	return p->nrows;
}

unsigned long
rpt_prev_rows(const struct rpt *p)
{
	return p->prevrows;
}

/* Find the grouping columns of p in r; -1 after a message. */
static int
find_by(const struct rpt *p, const struct csvr *r, struct bycol *bc)
{
	const char *need[2] = { NULL, NULL };
	int dummy;
	size_t i;

	for (i = 0; i < p->nby; i++) {
		bc[i].idx = csvr_col(r, p->by[i]);
		bc[i].derive_nivel = 0;
		bc[i].cct = -1;
		if (bc[i].idx >= 0)
			continue;
		if (strcmp(p->by[i], "nivel") == 0 &&
		    (bc[i].cct = csvr_col(r, "cct")) >= 0) {
			bc[i].derive_nivel = 1;
			continue;
		}
		need[0] = p->by[i];
		return csvr_require(r, need, &dummy);
	}
	return 0;
}

static size_t
by_value(const struct bycol *bc, const struct sate_rec *rec,
    const char **v)
{
	if (bc->derive_nivel) {
		const struct sate_field *f = &rec->f[bc->cct];

		*v = f->len == 10 ? nivel_name(cct_nivel(f->p)) : "";
		return strlen(*v);
	}
	*v = rec->f[bc->idx].p;
	return rec->f[bc->idx].len;
}

/*
 * A value holding KEYSEP would make two groups one, or split into the
 * wrong columns: an error for the record's column (-1).
 */
static int
bad_keyval(const struct csvr *r, int col, const char *v, size_t len)
{
	if (memchr(v, KEYSEP, len) == NULL)
		return 0;
	return csvr_error(r, col, "a control character (U+001F) in a value "
	    "that groups rows (remove it)");
}

/* Build the key of rec into p->keybuf; its length, or (size_t)-1 after
 * an error. */
static size_t
make_key(struct rpt *p, const struct csvr *r, const struct bycol *bc,
    const struct sate_rec *rec)
{
	size_t i, n = 0, len;
	const char *v;

	for (i = 0; i < p->nby; i++) {
		len = by_value(&bc[i], rec, &v);
		if (bad_keyval(r, bc[i].idx, v, len) < 0)
			return (size_t)-1;
		if (n + len + 2 > p->keycap) {
			while (n + len + 2 > p->keycap)
				p->keycap *= 2;
			p->keybuf = xrealloc(p->keybuf, p->keycap);
		}
		if (i > 0)
			p->keybuf[n++] = KEYSEP;
		memcpy(p->keybuf + n, v, len);
		n += len;
	}
	p->keybuf[n] = '\0';
	return n;
}

/* Remember the distinct values of the identification columns. */
struct seencol {
	int idx;
	struct bycol bc;
	char last[64];		/* the last value, when it fits */
	size_t lastlen;		/* (size_t)-1: none */
};

void
rpt_track_seen(struct rpt *p)
{
	p->track = 1;
}

static void
seen_setup(struct rpt *p, const struct csvr *r, struct seencol *sc)
{
	size_t i;

	for (i = 0; i < NSEEN; i++) {
		if (!p->track) {
			sc[i].idx = -1;
			continue;
		}
		sc[i].idx = csvr_col(r, seen_cols[i]);
		sc[i].bc.idx = sc[i].idx;
		sc[i].bc.derive_nivel = 0;
		sc[i].lastlen = (size_t)-1;
		if (sc[i].idx < 0 && i == 2 &&
		    (sc[i].bc.cct = csvr_col(r, "cct")) >= 0) {
			sc[i].bc.derive_nivel = 1;
			sc[i].idx = 0;
		}
		if (sc[i].idx >= 0 && p->seen[i] == NULL)
			p->seen[i] = map_new(1);
	}
}

static void
seencol_add(struct rpt *p, struct seencol *sc, const struct sate_rec *rec)
{
	const char *v;
	size_t i, len;

	for (i = 0; i < NSEEN; i++) {
		if (sc[i].idx < 0)
			continue;
		len = by_value(&sc[i].bc, rec, &v);
		if (len == sc[i].lastlen && memcmp(v, sc[i].last, len) == 0)
			continue;
		if (len == 0)
			continue;
		map_put(p->seen[i], v, len, NULL);
		if (len < sizeof sc[i].last) {
			memcpy(sc[i].last, v, len);
			sc[i].lastlen = len;
		}
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *
rpt_seen(const struct rpt *p, const char *col)
{
	struct rpt *q = (struct rpt *)p;
	size_t i, j, n, len = 0;
	const char **v;

	for (i = 0; i < NSEEN; i++)
		if (strcmp(seen_cols[i], col) == 0)
			break;
	if (i == NSEEN || p->seen[i] == NULL)
		return "";
	if (p->seenstr[i] != NULL)
		return p->seenstr[i];
	n = map_count(p->seen[i]);
	v = xcalloc(n, sizeof *v);
	for (j = 0; j < n; j++) {
		map_at(p->seen[i], j, &v[j], NULL);
		len += strlen(v[j]) + 2;
	}
	qsort(v, n, sizeof *v, cmp_str);
	q->seenstr[i] = xcalloc(len + 1, 1);
	for (j = 0; j < n; j++) {
		if (j > 0)
			strcat(q->seenstr[i], ", ");
		strcat(q->seenstr[i], v[j]);
	}
	free(v);
	return p->seenstr[i];
}

static int
is(const struct sate_field *f, const char *s, size_t n)
{
	return f->len == n && memcmp(f->p, s, n) == 0;
}
#define IS(f, lit) is((f), (lit), sizeof(lit) - 1)

/* The level of a field: L_RA.., L_SD when empty, -1 when no level. */
static int
level_of(const struct sate_field *f)
{
	switch (f->len) {
	case 0:
		return L_SD;
	case 8:
		return IS(f, "esperado") ? L_ES : -1;
	case 13:
		return IS(f, "en_desarrollo") ? L_ED : -1;
	case 14:
		return IS(f, "requiere_apoyo") ? L_RA : -1;
	default:
		return -1;
	}
}

struct alert_cols {
	int semaforo, motivos;
	int nivel[3], raw[3];
};

static int
alert_row(const struct csvr *r, const struct alert_cols *ac,
    const struct sate_rec *rec, long *cnt)
{
	const struct sate_field *f = &rec->f[ac->semaforo];
	const char *s, *e, *end;
	unsigned seen = 0;
	int i, l;

	if (IS(f, "rojo"))
		cnt[A_ROJO]++;
	else if (IS(f, "amarillo"))
		cnt[A_AMARILLO]++;
	else if (IS(f, "verde"))
		cnt[A_VERDE]++;
	else
		return csvr_error(r, ac->semaforo, "'%s' is not a semáforo "
		    "colour (rojo, amarillo or verde)", f->p);
	cnt[A_ALUMNOS]++;
	for (i = 0; i < 3; i++) {
		l = L_SD;
		if (ac->nivel[i] >= 0 && rec->f[ac->nivel[i]].len > 0) {
			l = level_of(&rec->f[ac->nivel[i]]);
			if (l < 0)
				return csvr_error(r, ac->nivel[i], "'%s' is "
				    "not a level (requiere_apoyo, "
				    "en_desarrollo or esperado)",
				    rec->f[ac->nivel[i]].p);
		} else if (ac->raw[i] >= 0) {
			l = level_of(&rec->f[ac->raw[i]]);
			if (l < 0 && ac->nivel[i] >= 0)
				l = L_SD;	/* a score left unlevelled */
			else if (l < 0)
				return csvr_error(r, ac->raw[i], "'%s' is "
				    "not a level (requiere_apoyo, "
				    "en_desarrollo or esperado; a raw score "
				    "needs a nivel_%s column)",
				    rec->f[ac->raw[i]].p, skills[i]);
		}
		cnt[A_LEC + 4 * i + l]++;
	}
	if (ac->motivos < 0)
		return 0;
	f = &rec->f[ac->motivos];
	end = f->p + f->len;
	/* "flag=value;flag=value": the names before '='. */
	for (s = f->p; s < end; s = e + 1) {
		size_t n;

		for (e = s; e < end && *e != '=' && *e != ';'; e++)
			;
		n = (size_t)(e - s);
		for (i = 0; i < 7; i++)
			if (flaglen[i] == n && memcmp(flags[i], s, n) == 0)
				break;
		if (i < 7 && !(seen & (1u << i))) {
			seen |= 1u << i;
			cnt[A_FLAG + i]++;
		}
		while (e < end && *e != ';')
			e++;
	}
	return 0;
}

struct commit_cols {
	int estatus, vencido;
};

static int
commit_row(const struct csvr *r, const struct commit_cols *cc,
    const struct sate_rec *rec, long *cnt)
{
	static const char *const st[] = {
		"pendiente", "en_proceso", "cumplido", "no_cumplido",
		"reprogramado", "cancelado"
	};
	const struct sate_field *f = &rec->f[cc->estatus];
	int i;

	for (i = 0; i < 6; i++)
		if (is(f, st[i], strlen(st[i])))
			break;
	if (i == 6)
		return csvr_error(r, cc->estatus, "'%s' is not a status "
		    "(pendiente, en_proceso, cumplido, no_cumplido, "
		    "reprogramado or cancelado)", f->p);
	f = &rec->f[cc->vencido];
	if (IS(f, "si") || IS(f, "sí"))
		cnt[C_VENCIDOS]++;
	else if (!IS(f, "no") && f->len != 0)
		return csvr_error(r, cc->vencido, "'%s' is not si or no",
		    f->p);
	cnt[C_TOTAL]++;
	cnt[C_PENDIENTE + i]++;
	return 0;
}

struct roster_cols {
	int sexo, estatus, grupo, cct, turno, grado;
};

/* A grade as a normalized roster writes it: one or two digits. */
static int
is_grade(const struct sate_field *f)
{
	return (f->len == 1 || f->len == 2) &&
	    f->p[0] >= '0' && f->p[0] <= '9' &&
	    (f->len == 1 || (f->p[1] >= '0' && f->p[1] <= '9'));
}

static int
roster_row(struct rpt *p, const struct csvr *r, const struct roster_cols *rc,
    const struct sate_rec *rec, long *cnt, size_t keylen)
{
	const struct sate_field *f = &rec->f[rc->sexo];
	int sex, isnew;
	size_t n, i;
	const int extra[3] = { rc->cct, rc->turno, rc->grupo };

	if (IS(f, "H"))
		sex = R_H;
	else if (IS(f, "M"))
		sex = R_M;
	else if (IS(f, "X"))
		sex = R_X;
	else
		return csvr_error(r, rc->sexo, "'%s' is not a sex (H, M or "
		    "X; normalize the roster with sate-roster first)", f->p);
	if (rc->estatus >= 0) {
		f = &rec->f[rc->estatus];
		if (IS(f, "baja")) {
			cnt[R_BAJAS]++;
			return 0;
		}
		if (!IS(f, "activo") && !IS(f, "alta") && f->len != 0)
			return csvr_error(r, rc->estatus, "'%s' is not a "
			    "status (activo, alta or baja)", f->p);
	}
	if (rc->grado >= 0 && rec->f[rc->grado].len > 0 &&
	    !is_grade(&rec->f[rc->grado]))
		return csvr_error(r, rc->grado, "'%s' is not a grade (a whole "
		    "number; normalize the roster with sate-roster first)",
		    rec->f[rc->grado].p);
	cnt[sex]++;
	cnt[R_ALUMNOS]++;
	if (rc->grupo < 0)
		return 0;
	/* A group: the report's key, then cct, turno and grupo. */
	n = keylen;
	for (i = 0; i < 3; i++) {
		const struct sate_field *g;

		if (extra[i] < 0)
			continue;
		g = &rec->f[extra[i]];
		if (bad_keyval(r, extra[i], g->p, g->len) < 0)
			return -1;
		if (n + g->len + 2 > p->keycap) {
			while (n + g->len + 2 > p->keycap)
				p->keycap *= 2;
			p->keybuf = xrealloc(p->keybuf, p->keycap);
		}
		p->keybuf[n++] = KEYSEP;
		memcpy(p->keybuf + n, g->p, g->len);
		n += g->len;
	}
	map_put(p->distinct, p->keybuf, n, &isnew);
	if (isnew)
		cnt[R_GRUPOS]++;
	return 0;
}

int
rpt_read(struct rpt *p, struct csvr *r)
{
	struct bycol bc[MAXBY];
	struct seencol sc[NSEEN];
	struct alert_cols ac = { -1, -1, { -1, -1, -1 }, { -1, -1, -1 } };
	struct commit_cols cc = { -1, -1 };
	struct roster_cols rc = { -1, -1, -1, -1, -1, -1 };
	struct sate_rec *rec;
	char *lastkey = NULL;
	size_t lastlen = 0, lastcap = 0, keylen, i;
	long *cnt = NULL;
	int rc_, pcol = -1, mixed = 0;
	char period[32];
	size_t plen = (size_t)-1;

	if (find_by(p, r, bc) < 0)
		return SATE_EXIT_DATA;
	/* Alerts of several periods grouped together count a student once
	 * in each: worth a warning, unless periodo is a group column. */
	if (p->kind == RPT_ALERTS)
		pcol = csvr_col(r, "periodo");
	for (i = 0; i < p->nby; i++)
		if (strcmp(p->by[i], "periodo") == 0)
			pcol = -1;
	switch (p->kind) {
	case RPT_ALERTS: {
		static const char *const req[] = { "semaforo", NULL };

		if (csvr_require(r, req, &ac.semaforo) < 0)
			return SATE_EXIT_DATA;
		ac.motivos = csvr_col(r, "motivos");
		for (i = 0; i < 3; i++) {
			char name[32];

			snprintf(name, sizeof name, "nivel_%s", skills[i]);
			ac.nivel[i] = csvr_col(r, name);
			ac.raw[i] = csvr_col(r, skills[i]);
		}
		break;
	}
	case RPT_COMMITMENTS: {
		static const char *const req[] = {
			"estatus", "vencido", NULL
		};
		int idx[2];

		if (csvr_require(r, req, idx) < 0)
			return SATE_EXIT_DATA;
		cc.estatus = idx[0];
		cc.vencido = idx[1];
		break;
	}
	case RPT_ROSTER: {
		static const char *const req[] = { "sexo", NULL };

		if (csvr_require(r, req, &rc.sexo) < 0)
			return SATE_EXIT_DATA;
		rc.estatus = csvr_col(r, "estatus");
		rc.grupo = csvr_col(r, "grupo");
		rc.cct = csvr_col(r, "cct");
		rc.turno = csvr_col(r, "turno");
		rc.grado = csvr_col(r, "grado");
		break;
	}
	default:
		abort();
	}
	seen_setup(p, r, sc);
	while ((rc_ = csvr_next(r, &rec)) > 0) {
		if ((keylen = make_key(p, r, bc, rec)) == (size_t)-1) {
			free(lastkey);
			return SATE_EXIT_DATA;
		}
		/* Rows of one group usually come together: look the group
		 * up only when the key changes. */
		if (cnt == NULL || keylen != lastlen ||
		    memcmp(p->keybuf, lastkey, keylen) != 0) {
			cnt = map_put(p->groups, p->keybuf, keylen, NULL);
			if (keylen + 1 > lastcap) {
				lastcap = keylen + 64;
				lastkey = xrealloc(lastkey, lastcap);
			}
			memcpy(lastkey, p->keybuf, keylen);
			lastlen = keylen;
		}
		if (p->track)
			seencol_add(p, sc, rec);
		if (pcol >= 0 && !mixed) {
			const struct sate_field *f = &rec->f[pcol];

			if (plen == (size_t)-1 && f->len < sizeof period) {
				memcpy(period, f->p, f->len);
				plen = f->len;
			} else if (f->len != plen ||
			    memcmp(f->p, period, plen) != 0) {
				mixed = 1;
			}
		}
		p->nrows++;
		switch (p->kind) {
		case RPT_ALERTS:
			rc_ = alert_row(r, &ac, rec, cnt);
			break;
		case RPT_COMMITMENTS:
			rc_ = commit_row(r, &cc, rec, cnt);
			break;
		default:
			rc_ = roster_row(p, r, &rc, rec, cnt, keylen);
			break;
		}
		if (rc_ < 0) {
			free(lastkey);
			return SATE_EXIT_DATA;
		}
	}
	free(lastkey);
	if (rc_ < 0)
		return csvr_status(r);
	if (mixed)
		warning("%s: rows of more than one periodo counted together, "
		    "a student once in each (add periodo to --by, or give "
		    "one periodo)", csvr_name(r));
	return 0;
}

int
rpt_report_kind(const struct csvr *r)
{
	static const char *const req[] = { "informe", NULL };
	int i;

	if (csvr_col(r, "informe") < 0) {
		if (csvr_require(r, req, &i) < 0)
			return -1;
	}
	for (i = 0; i < RPT_NKIND; i++)
		if (csvr_col(r, kinds[i].sig) >= 0)
			return i;
	if (csvr_col(r, "seccion") >= 0)
		return error("%s: a zone report cannot be merged or compared "
		    "(use the alerts, commitments or roster reports)",
		    csvr_name(r));
	return error("%s: not a sate-report CSV report (it has no column "
	    "rojo, cumplido or hombres)", csvr_name(r));
}

/* Read a report of p's kind into m, summing per group of p's grouping. */
static int
read_report(struct rpt *p, struct csvr *r, struct sate_map *m, long *total)
{
	struct bycol bc[MAXBY];
	struct seencol sc[NSEEN];
	int idx[MAXCOUNT + 1], inf, k, rc;
	struct sate_rec *rec;
	const struct sate_field *f;
	size_t keylen;
	long *cnt, v;
	int j;

	if ((k = rpt_report_kind(r)) < 0)
		return SATE_EXIT_DATA;
	if (k != (int)p->kind && m == p->groups) {
		error("%s: cannot merge a '%s' report, not '%s' (merge "
		    "reports of one kind)", csvr_name(r), kinds[k].informe,
		    p->k->informe);
		return SATE_EXIT_DATA;
	}
	if (k != (int)p->kind) {
		error("%s: --compare: cannot compare with a '%s' report, "
		    "not '%s' (compare reports of one kind)", csvr_name(r),
		    kinds[k].informe, p->k->informe);
		return SATE_EXIT_DATA;
	}
	if (find_by(p, r, bc) < 0)
		return SATE_EXIT_DATA;
	if (csvr_require(r, p->k->cols, idx) < 0)
		return SATE_EXIT_DATA;
	inf = csvr_col(r, "informe");
	if (m == p->groups)
		seen_setup(p, r, sc);
	while ((rc = csvr_next(r, &rec)) > 0) {
		f = &rec->f[inf];
		if (!is(f, p->k->informe, strlen(p->k->informe))) {
			if (m == p->groups)
				csvr_error(r, inf, "'%s' is not '%s' (merge "
				    "reports of one kind)", f->p,
				    p->k->informe);
			else
				csvr_error(r, inf, "'%s' is not '%s' (compare "
				    "reports of one kind)", f->p,
				    p->k->informe);
			return SATE_EXIT_DATA;
		}
		if ((keylen = make_key(p, r, bc, rec)) == (size_t)-1)
			return SATE_EXIT_DATA;
		cnt = map_put(m, p->keybuf, keylen, NULL);
		for (j = 0; j < p->k->ncount; j++) {
			f = &rec->f[idx[j]];
			if (f->len == 0) {
				csvr_error(r, idx[j], "empty count (a report "
				    "written with --suppress cannot be "
				    "merged or compared)");
				return SATE_EXIT_DATA;
			}
			if (sate_parse_long(f->p, 0, LONG_MAX, &v) < 0) {
				csvr_error(r, idx[j], "'%s' is not a whole "
				    "number", f->p);
				return SATE_EXIT_DATA;
			}
			cnt[j] += v;
			if (total != NULL)
				total[j] += v;
		}
		if (m == p->groups)
			seencol_add(p, sc, rec);
		p->nrows++;
	}
	if (rc < 0)
		return csvr_status(r);
	return 0;
}

int
rpt_merge(struct rpt *p, struct csvr *r)
{
	return read_report(p, r, p->groups, NULL);
}

int
rpt_compare(struct rpt *p, struct csvr *r)
{
	unsigned long n = p->nrows;
	int rc;

	if (p->prev == NULL)
		p->prev = map_new((size_t)p->k->ncount * sizeof(long));
	p->hasprev = 1;
	rc = read_report(p, r, p->prev, p->prevtotal);
	p->prevrows += p->nrows - n;
	p->nrows = n;
	return rc;
}

/* ------------------------------------------------------------ finish */

static int
all_digits(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/*
 * Compare two keys field by field: an empty value first, then whole
 * numbers by value, then other values by their bytes.  A total order (a
 * number against another value by bytes would make "2" < "10" < "10A" <
 * "2" a cycle), so the rows' order never depends on the order of the
 * input and merged reports are the whole's byte for byte.
 */
static int
cmp_key(const char *a, size_t alen, const char *b, size_t blen)
{
	const char *ae = a + alen, *be = b + blen, *x, *y;
	size_t xn, yn;
	int c, xd, yd;

	for (;;) {
		x = memchr(a, KEYSEP, (size_t)(ae - a));
		y = memchr(b, KEYSEP, (size_t)(be - b));
		xn = (size_t)((x ? x : ae) - a);
		yn = (size_t)((y ? y : be) - b);
		xd = all_digits(a, xn);
		yd = all_digits(b, yn);
		if (xd != yd && xn > 0 && yn > 0)
			return xd ? -1 : 1;
		if (xd && yd) {
			const char *pa = a, *pb = b;
			size_t na = xn, nb = yn;

			while (na > 1 && *pa == '0')
				pa++, na--;
			while (nb > 1 && *pb == '0')
				pb++, nb--;
			if (na != nb)
				return na < nb ? -1 : 1;
			if ((c = memcmp(pa, pb, na)) != 0)
				return c;
		}
		c = memcmp(a, b, xn < yn ? xn : yn);
		if (c != 0)
			return c;
		if (xn != yn)
			return xn < yn ? -1 : 1;
		if (x == NULL || y == NULL)
			return (x != NULL) - (y != NULL);
		a = x + 1;
		b = y + 1;
	}
}

static int
cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	return cmp_key(x->key, x->keylen, y->key, y->keylen);
}

static int
sensitive(const struct rpt *p, int j)
{
	if (p->kind == RPT_ALERTS)
		return 1;
	if (p->kind == RPT_ROSTER)
		return j != R_GRUPOS;
	return 0;
}

#define HID(p, i, j) ((p)->hid[(i) * (size_t)(p)->k->ncount + (size_t)(j)])

static void
hide(struct rpt *p, size_t i, int j, unsigned char why)
{
	if (HID(p, i, j) == 0) {
		HID(p, i, j) = why;
		if (why == 1)
			p->nprim++;
		else
			p->ncomp++;
	}
}

/* In a constraint with exactly one hidden cell, hide the smallest shown
 * cell that is not zero too (when every shown cell is zero, the hidden
 * one is zero whatever else is hidden).  Returns 1 when it hid a cell. */
static int
complement(struct rpt *p, const size_t *ri, const int *cj, size_t n)
{
	size_t i, nh = 0, best = n;
	long v, bv = 0;

	for (i = 0; i < n; i++)
		if (HID(p, ri[i], cj[i]))
			nh++;
	if (nh != 1)
		return 0;
	for (i = 0; i < n; i++) {
		if (HID(p, ri[i], cj[i]))
			continue;
		v = p->rows[ri[i]].cnt[cj[i]];
		if (v > 0 && (best == n || v < bv)) {
			best = i;
			bv = v;
		}
	}
	if (best == n)
		return 0;
	hide(p, ri[best], cj[best], 2);
	return 1;
}

static void
suppress(struct rpt *p)
{
	const struct kinddef *k = p->k;
	size_t i, t, np, *ri;
	int j, changed, *cj;
	long *c, T;

	p->hid = xcalloc(p->nrow * (size_t)k->ncount, 1);
	for (i = 0; i < p->nrow; i++) {
		c = p->rows[i].cnt;
		T = c[k->rowtotal];
		for (j = 0; j < k->ncount; j++) {
			if (!sensitive(p, j))
				continue;
			if (T < p->min_n)
				hide(p, i, j, 1);
			else if (j == k->rowtotal)
				continue;
			else if (c[j] > 0 && c[j] < p->min_n)
				hide(p, i, j, 1);
			else if (k->pct95 && c[j] * 100 > 95 * T &&
			    !(j >= A_LEC && j < A_FLAG && (j - A_LEC) % 4 ==
			    L_SD))
				hide(p, i, j, 1);
		}
	}
	ri = xcalloc(p->nrow + 8, sizeof *ri);
	cj = xcalloc(p->nrow + 8, sizeof *cj);
	do {
		changed = 0;
		for (i = 0; i < p->nrow; i++)
			for (t = 0; t < k->nparts; t++) {
				const struct part *pt = &k->parts[t];
				int m;

				ri[0] = i;
				cj[0] = pt->total;
				for (m = 0; m < pt->n; m++) {
					ri[m + 1] = i;
					cj[m + 1] = pt->cell[m];
				}
				changed |= complement(p, ri, cj,
				    (size_t)pt->n + 1);
			}
		if (p->nrow < 2)
			continue;
		for (j = 0; j < k->ncount; j++) {
			if (!sensitive(p, j))
				continue;
			for (np = 0; np < p->nrow; np++) {
				ri[np] = np;
				cj[np] = j;
			}
			changed |= complement(p, ri, cj, p->nrow);
		}
	} while (changed);
	free(ri);
	free(cj);
}

void
rpt_finish(struct rpt *p, long min_n)
{
	size_t i, n = map_count(p->groups);
	int j;

	p->rows = xcalloc(n + 1, sizeof *p->rows);
	for (i = 0; i < n; i++)
		p->rows[i].cnt = map_at(p->groups, i, &p->rows[i].key,
		    &p->rows[i].keylen);
	qsort(p->rows, n, sizeof *p->rows, cmp_rows);
	for (i = 0; i < n; i++)
		for (j = 0; j < p->k->ncount; j++)
			p->total[j] += p->rows[i].cnt[j];
	p->rows[n].key = "";
	p->rows[n].keylen = 0;
	p->rows[n].cnt = p->total;
	p->nrow = n + 1;
	p->min_n = min_n;
	if (min_n > 0 && p->k->rowtotal >= 0)
		suppress(p);
}

/* --------------------------------------------------------------- CSV */

static int
hidden(const struct rpt *p, size_t i, int j)
{
	return p->hid != NULL && j >= 0 && HID(p, i, j) != 0;
}

/* A share in tenths of a percent, rounded half up; -1 when undefined. */
static long
share10(long a, long d)
{
	if (d <= 0)
		return -1;
	return (long)(((long long)a * 2000 + d) / (2LL * d));
}

static void
fmt10(char *buf, size_t size, long v, int sign)
{
	unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;

	snprintf(buf, size, "%s%lu.%lu", v < 0 ? "-" : sign && v > 0 ?
	    "+" : "", u / 10, u % 10);
}

/* The value of a derived column for row i, "" when undefined or hidden
 * (honouring hid only when use_hid). */
static void
derived(const struct rpt *p, const struct ocol *oc, size_t i, int use_hid,
    char *buf, size_t size)
{
	const long *c = p->rows[i].cnt, *pc = NULL;
	long d, pd;

	buf[0] = '\0';
	if (use_hid && (hidden(p, i, oc->a) || (oc->type != OC_DIFF &&
	    (hidden(p, i, oc->b) || hidden(p, i, oc->c)))))
		return;
	if (oc->type == OC_CHANGE || oc->type == OC_DIFF) {
		if (i == p->nrow - 1)
			pc = p->prevtotal;
		else if (p->prev != NULL)
			pc = map_get(p->prev, p->rows[i].key,
			    p->rows[i].keylen);
		if (pc == NULL)
			return;
	}
	if (oc->type == OC_DIFF) {
		long v = c[oc->a] - pc[oc->a];

		snprintf(buf, size, v > 0 ? "+%ld" : "%ld", v);
		return;
	}
	d = c[oc->b] - (oc->c >= 0 ? c[oc->c] : 0);
	if (oc->type == OC_PCT) {
		long s = share10(c[oc->a], d);

		if (s >= 0)
			fmt10(buf, size, s, 0);
		return;
	}
	pd = pc[oc->b] - (oc->c >= 0 ? pc[oc->c] : 0);
	if (d <= 0 || pd <= 0)
		return;
	{
		long long num = 1000LL * ((long long)c[oc->a] * pd -
		    (long long)pc[oc->a] * d);
		long long den = (long long)d * pd;
		long long q = ((num < 0 ? -num : num) * 2 + den) / (2 * den);

		fmt10(buf, size, (long)(num < 0 ? -q : q), 1);
	}
}

/* The by values of row i into f[]; returns the count. */
static size_t
split_key(const struct rpt *p, size_t i, struct sate_field *f)
{
	const char *s = p->rows[i].key, *e = s + p->rows[i].keylen, *x;
	size_t n = 0;

	for (n = 0; n < p->nby; n++) {
		x = memchr(s, KEYSEP, (size_t)(e - s));
		f[n].p = s;
		f[n].len = (size_t)((x ? x : e) - s);
		s = x ? x + 1 : e;
	}
	return n;
}

void
rpt_write_csv(const struct rpt *p, struct csvw *w, int suppress_)
{
	struct sate_field f[MAXBY];
	const struct ocol *oc;
	char buf[32];
	size_t i, b;
	int j;

	csvw_str(w, "informe");
	for (b = 0; b < p->nby; b++)
		csvw_str(w, p->by[b]);
	for (j = 0; j < p->k->ncount; j++)
		csvw_str(w, p->k->cols[j]);
	for (oc = p->k->ocols; oc->name != NULL; oc++)
		csvw_str(w, oc->name);
	if (p->hasprev)
		for (oc = p->k->change; oc->name != NULL; oc++)
			csvw_str(w, oc->name);
	csvw_endrec(w);
	for (i = 0; i + 1 < p->nrow; i++) {
		csvw_str(w, p->k->informe);
		split_key(p, i, f);
		for (b = 0; b < p->nby; b++)
			csvw_field(w, f[b].p, f[b].len);
		for (j = 0; j < p->k->ncount; j++)
			if (suppress_ && hidden(p, i, j))
				csvw_field(w, "", 0);
			else
				csvw_long(w, p->rows[i].cnt[j]);
		for (oc = p->k->ocols; oc->name != NULL; oc++) {
			derived(p, oc, i, suppress_, buf, sizeof buf);
			csvw_str(w, buf);
		}
		if (p->hasprev)
			for (oc = p->k->change; oc->name != NULL; oc++) {
				derived(p, oc, i, suppress_, buf, sizeof buf);
				csvw_str(w, buf);
			}
		csvw_endrec(w);
	}
}

/* ------------------------------------------------------------ tables */

enum { V_COUNT, V_PCT, V_CHANGE };

struct vcol {
	const char *head;
	int type;
	int a, b, c;		/* count a; share a of b - c */
	const struct ocol *oc;	/* V_CHANGE */
};

static const char *
by_heading(const char *by)
{
	static const char *const h[][2] = {
		{ "zona", "Zona" }, { "sector", "Sector" }, { "cct", "CCT" },
		{ "nivel", "Nivel" }, { "grado", "Grado" },
		{ "grupo", "Grupo" }, { "turno", "Turno" },
		{ "ciclo", "Ciclo" }, { "periodo", "Periodo" },
		{ "ambito", "Ámbito" },
	};
	size_t i;

	for (i = 0; i < sizeof h / sizeof h[0]; i++)
		if (strcmp(h[i][0], by) == 0)
			return h[i][1];
	return by;
}

static int
coded(const struct rpt *p)
{
	return p->min_n > 0 && p->k->rowtotal >= 0;
}

/* A share for people: <5% and >95% when coded. */
static void
show_share(const struct rpt *p, long s10, char *buf, size_t size)
{
	if (s10 < 0)
		snprintf(buf, size, "%s", "");
	else if (coded(p) && s10 < 50)
		snprintf(buf, size, "<5%%");
	else if (coded(p) && s10 > 950)
		snprintf(buf, size, ">95%%");
	else {
		fmt10(buf, size, s10, 0);
		strncat(buf, "%", size - strlen(buf) - 1);
	}
}

/* Whether a change against the previous period would reveal a small
 * cell of that period. */
static int
prev_small(const struct rpt *p, const struct ocol *oc, size_t i)
{
	const long *pc;
	long d;

	if (!coded(p))
		return 0;
	pc = i == p->nrow - 1 ? p->prevtotal : p->prev == NULL ? NULL :
	    map_get(p->prev, p->rows[i].key, p->rows[i].keylen);
	if (pc == NULL)
		return 0;
	if (oc->type == OC_DIFF)
		return pc[oc->a] < p->min_n;
	d = pc[oc->b];
	return d < p->min_n || (pc[oc->a] > 0 && pc[oc->a] < p->min_n) ||
	    (p->k->pct95 && pc[oc->a] * 100 > 95 * d);
}

static char *
vcell(const struct rpt *p, const struct vcol *v, size_t i)
{
	char buf[48];
	const long *c = p->rows[i].cnt;
	long s10;

	switch (v->type) {
	case V_COUNT:
		if (hidden(p, i, v->a))
			return xstrdup("*");
		snprintf(buf, sizeof buf, "%ld", c[v->a]);
		return xstrdup(buf);
	case V_PCT:
		s10 = share10(c[v->a], c[v->b] - (v->c >= 0 ? c[v->c] : 0));
		if (hidden(p, i, v->b))
			return xstrdup("*");
		/* A cell hidden by the rules shows its share only when it is
		 * extreme (<5%, >95%); a complementary cell never. */
		if (hidden(p, i, v->a) && (HID(p, i, v->a) == 2 ||
		    (s10 >= 50 && s10 <= 950)))
			return xstrdup("*");
		show_share(p, s10, buf, sizeof buf);
		return xstrdup(buf);
	default:
		if (hidden(p, i, v->oc->a) || hidden(p, i, v->oc->b) ||
		    prev_small(p, v->oc, i))
			return xstrdup("*");
		derived(p, v->oc, i, 0, buf, sizeof buf);
		return xstrdup(buf);
	}
}

static char *
row_label(const struct rpt *p, size_t i)
{
	struct sate_field f[MAXBY];
	size_t b, n = 0;
	char *s;

	if (i == p->nrow - 1)
		return xstrdup("Total");
	split_key(p, i, f);
	for (b = 0; b < p->nby; b++)
		n += f[b].len + 3;
	s = xcalloc(n + 1, 1);
	for (b = 0; b < p->nby; b++) {
		if (b > 0)
			strcat(s, " / ");
		strncat(s, f[b].p, f[b].len);
	}
	return s;
}

/* Build and write a table of the key columns and the value columns v. */
static void
put_table(const struct rpt *p, struct rpt_doc *d, const char *caption,
    const struct vcol *v, size_t nv, int barcol)
{
	struct rpt_table t;
	struct sate_field f[MAXBY];
	const char **head;
	size_t i, j, b;

	memset(&t, 0, sizeof t);
	t.caption = caption;
	t.ncol = p->nby + nv;
	t.nrow = p->nrow;
	t.nkey = (int)p->nby;
	t.total_last = 1;
	t.barcol = barcol >= 0 ? (int)p->nby + barcol : -1;
	head = xcalloc(t.ncol, sizeof *head);
	for (b = 0; b < p->nby; b++)
		head[b] = by_heading(p->by[b]);
	for (j = 0; j < nv; j++)
		head[p->nby + j] = v[j].head;
	t.head = head;
	t.cell = xcalloc(t.ncol * t.nrow, sizeof *t.cell);
	if (barcol >= 0)
		t.bar = xcalloc(t.nrow, sizeof *t.bar);
	for (i = 0; i < t.nrow; i++) {
		char **row = t.cell + i * t.ncol;

		if (i + 1 < t.nrow) {
			split_key(p, i, f);
			for (b = 0; b < p->nby; b++)
				row[b] = xstrndup(f[b].p, f[b].len);
		} else {
			for (b = 0; b < p->nby; b++)
				row[b] = xstrdup(b == 0 ? "Total" : "");
		}
		for (j = 0; j < nv; j++)
			row[p->nby + j] = vcell(p, &v[j], i);
		if (barcol >= 0) {
			const struct vcol *bv = &v[barcol];
			const long *c = p->rows[i].cnt;
			long s = share10(c[bv->a], c[bv->b] -
			    (bv->c >= 0 ? c[bv->c] : 0));

			t.bar[i] = s < 0 || hidden(p, i, bv->a) ||
			    hidden(p, i, bv->b) ? -1 : (double)s / 10.0;
		}
	}
	doc_table(d, &t);
	rpt_table_free(&t);
	free(head);
}

/* A chart of shares: segment s of row i is cnt[seg[s]] of cnt[den]. */
static void
put_chart(const struct rpt *p, struct rpt_doc *d, const char *title,
    int stacked, const int *seg, const char **names, const char **colors,
    size_t nseg, int den)
{
	struct rpt_chart c;
	size_t i, s;

	memset(&c, 0, sizeof c);
	c.title = title;
	c.stacked = stacked;
	c.nrow = p->nrow;
	c.nseg = nseg;
	c.segname = names;
	c.segcolor = colors;
	c.label = xcalloc(c.nrow, sizeof *c.label);
	c.val = xcalloc(c.nrow * nseg, sizeof *c.val);
	for (i = 0; i < c.nrow; i++) {
		const long *cnt = p->rows[i].cnt;

		c.label[i] = row_label(p, i);
		for (s = 0; s < nseg; s++) {
			long s10 = share10(cnt[seg[s]], cnt[den]);

			if (hidden(p, i, seg[s]) || hidden(p, i, den))
				c.val[i * nseg + s] = -1;
			else
				c.val[i * nseg + s] = s10 < 0 ? 0 :
				    (double)s10 / 10.0;
		}
	}
	doc_chart(d, &c);
	for (i = 0; i < c.nrow; i++)
		free((char *)c.label[i]);
	free(c.label);
	free(c.val);
}

static void
privacy_note(const struct rpt *p, struct rpt_doc *d)
{
	char buf[768];

	if (p->k->rowtotal < 0)
		return;
	if (p->min_n <= 0) {
		doc_para(d, "Sin supresión de celdas pequeñas (--min-n 0): "
		    "este reporte puede identificar a alumnos; no lo "
		    "publique.");
		return;
	}
	if (p->nprim + p->ncomp == 0)
		snprintf(buf, sizeof buf, "Privacidad: ninguna celda tiene "
		    "menos de %ld alumnos. Los porcentajes menores que 5 %% "
		    "o mayores que 95 %% se muestran como <5%% y >95%%.",
		    p->min_n);
	else
		snprintf(buf, sizeof buf, "Privacidad: * indica una celda "
		    "oculta. Se ocultaron %ld celdas de menos de %ld "
		    "alumnos%s, y %ld celdas más para que ninguna pueda "
		    "deducirse de los totales (supresión complementaria). "
		    "Los porcentajes menores que 5 %% o mayores que 95 %% "
		    "se muestran como <5%% y >95%%.", p->nprim, p->min_n,
		    p->k->pct95 ? " o de más del 95 % del grupo" : "",
		    p->ncomp);
	doc_para(d, buf);
}

static void
render_alerts(const struct rpt *p, struct rpt_doc *d)
{
	static const char *const lvl_head[] = {
		"Requiere apoyo", "En desarrollo", "Esperado", "Sin dato"
	};
	static const char *const skill_head[] = {
		"Lectura", "Escritura", "Cálculo mental"
	};
	static const char *const flag_head[] = {
		"Lectura", "Escritura", "Cálculo", "Calificación",
		"Inasistencia", "Participación", "Convivencia"
	};
	static const char *sem_names[] = { "rojo", "amarillo", "verde" };
	static const char *sem_colors[] = { "#c62828", "#f9a825",
	    "#2e7d32" };
	static const char *skill_names[] = { "Lectura", "Escritura",
	    "Cálculo mental" };
	static const char *skill_colors[] = { "#c62828", "#d84315",
	    "#ad1457" };
	const int sem_seg[] = { A_ROJO, A_AMARILLO, A_VERDE };
	const int ra_seg[] = { A_LEC + L_RA, A_ESC + L_RA, A_CAL + L_RA };
	struct vcol v[12];
	char cap[128];
	size_t n = 0, s;
	int l;

	v[n++] = (struct vcol){ "Alumnos", V_COUNT, A_ALUMNOS, 0, -1, NULL };
	v[n++] = (struct vcol){ "Rojo", V_COUNT, A_ROJO, 0, -1, NULL };
	v[n++] = (struct vcol){ "% rojo", V_PCT, A_ROJO, A_ALUMNOS, -1,
	    NULL };
	v[n++] = (struct vcol){ "Amarillo", V_COUNT, A_AMARILLO, 0, -1,
	    NULL };
	v[n++] = (struct vcol){ "% amarillo", V_PCT, A_AMARILLO, A_ALUMNOS,
	    -1, NULL };
	v[n++] = (struct vcol){ "Verde", V_COUNT, A_VERDE, 0, -1, NULL };
	v[n++] = (struct vcol){ "% verde", V_PCT, A_VERDE, A_ALUMNOS, -1,
	    NULL };
	if (p->hasprev)
		v[n++] = (struct vcol){ "Cambio rojo (pp)", V_CHANGE, 0, 0,
		    -1, &alert_change[0] };
	put_table(p, d, "Semáforo: alumnos por color", v, n, 2);
	put_chart(p, d, "Semáforo (% de alumnos)", 1, sem_seg, sem_names,
	    sem_colors, 3, A_ALUMNOS);
	put_chart(p, d, "Alumnos que requieren apoyo, por habilidad (%)", 0,
	    ra_seg, skill_names, skill_colors, 3, A_ALUMNOS);
	for (s = 0; s < 3; s++) {
		n = 0;
		for (l = 0; l < 4; l++) {
			int col = A_LEC + 4 * (int)s + l;

			v[n++] = (struct vcol){ lvl_head[l], V_COUNT, col, 0,
			    -1, NULL };
			if (l < 3)
				v[n++] = (struct vcol){ "%", V_PCT, col,
				    A_ALUMNOS, -1, NULL };
		}
		snprintf(cap, sizeof cap, "%s: alumnos por nivel",
		    skill_head[s]);
		put_table(p, d, cap, v, n, -1);
	}
	for (n = 0; n < 7; n++)
		v[n] = (struct vcol){ flag_head[n], V_COUNT, A_FLAG + (int)n,
		    0, -1, NULL };
	put_table(p, d, "Motivos de alerta: alumnos con cada motivo", v, n,
	    -1);
	privacy_note(p, d);
}

static void
render_commitments(const struct rpt *p, struct rpt_doc *d)
{
	static const char *const head[] = {
		"Total", "Pendientes", "En proceso", "Cumplidos",
		"No cumplidos", "Reprogramados", "Cancelados", "Vencidos"
	};
	static const char *names[] = { "cumplido", "en proceso",
	    "pendiente", "no cumplido", "reprogramado", "cancelado" };
	static const char *colors[] = { "#2e7d32", "#f9a825", "#9e9e9e",
	    "#c62828", "#64b5f6", "#cfd8dc" };
	const int seg[] = { C_CUMPLIDO, C_EN_PROCESO, C_PENDIENTE,
	    C_NO_CUMPLIDO, C_REPROGRAMADO, C_CANCELADO };
	struct vcol v[12];
	size_t n;

	for (n = 0; n < C_N; n++)
		v[n] = (struct vcol){ head[n], V_COUNT, (int)n, 0, -1, NULL };
	v[n++] = (struct vcol){ "% cumplimiento", V_PCT, C_CUMPLIDO, C_TOTAL,
	    C_CANCELADO, NULL };
	if (p->hasprev)
		v[n++] = (struct vcol){ "Cambio (pp)", V_CHANGE, 0, 0, -1,
		    &commit_change[0] };
	put_table(p, d, "Compromisos por estado", v, n, C_N);
	put_chart(p, d, "Estado de los compromisos (% del total)", 1, seg,
	    names, colors, 6, C_TOTAL);
	doc_para(d, "% cumplimiento = cumplidos / (total - cancelados). "
	    "Vencido: la fecha compromiso pasó sin cerrarse.");
}

static void
render_roster(const struct rpt *p, struct rpt_doc *d)
{
	static const char *const head[] = {
		"Hombres", "Mujeres", "No binario", "Alumnos", "Bajas",
		"Grupos"
	};
	struct vcol v[8];
	size_t n;

	for (n = 0; n < R_N; n++)
		v[n] = (struct vcol){ head[n], V_COUNT, (int)n, 0, -1, NULL };
	if (p->hasprev)
		v[n++] = (struct vcol){ "Cambio alumnos", V_CHANGE, 0, 0, -1,
		    &roster_change[0] };
	put_table(p, d, "Matrícula por grado y sexo (alumnos activos)", v, n,
	    -1);
	privacy_note(p, d);
}

void
rpt_render(const struct rpt *p, struct rpt_doc *d)
{
	if (p->nrow <= 1) {
		doc_para(d, "Sin datos.");
		return;
	}
	switch (p->kind) {
	case RPT_ALERTS:
		render_alerts(p, d);
		break;
	case RPT_COMMITMENTS:
		render_commitments(p, d);
		break;
	default:
		render_roster(p, d);
		break;
	}
}

static int
ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

char *
rpt_report_by(const struct csvr *r)
{
	const struct kinddef *k;
	size_t i, n = 0, len = 1;
	char *s;
	int kind = rpt_report_kind(r);

	if (kind < 0)
		return NULL;
	k = &kinds[kind];
	for (i = 0; i < csvr_ncols(r); i++)
		len += strlen(csvr_colname(r, i)) + 1;
	s = xcalloc(len, 1);
	for (i = 0; i < csvr_ncols(r); i++) {
		const char *c = csvr_colname(r, i);

		if (strcmp(c, "informe") == 0 || in_list(k->cols, c,
		    strlen(c)) || ends(c, "_pct") || ends(c, "_cambio"))
			continue;
		if (n++ > 0)
			strcat(s, ",");
		strcat(s, c);
	}
	return s;
}

int
rpt_read_previous(struct rpt *p, struct csvr *r)
{
	struct rpt *q = rpt_new(p->kind, NULL);
	size_t i, b, n;
	int rc, j;

	/* The same grouping as p. */
	for (b = 0; b < q->nby; b++)
		free(q->by[b]);
	for (b = 0; b < p->nby; b++)
		q->by[b] = xstrdup(p->by[b]);
	q->nby = p->nby;
	if ((rc = rpt_read(q, r)) != 0) {
		rpt_free(q);
		return rc;
	}
	map_free(p->prev);
	p->prevrows = q->nrows;
	p->prev = q->groups;
	q->groups = NULL;
	p->hasprev = 1;
	memset(p->prevtotal, 0, sizeof p->prevtotal);
	n = map_count(p->prev);
	for (i = 0; i < n; i++) {
		const long *c = map_at(p->prev, i, NULL, NULL);

		for (j = 0; j < p->k->ncount; j++)
			p->prevtotal[j] += c[j];
	}
	rpt_free(q);
	return 0;
}

void
rpt_write_long(const struct rpt *p, struct csvw *w, const char *seccion,
    int suppress_)
{
	const struct ocol *oc;
	char buf[32], *key;
	size_t i, k;
	int j;

	for (i = 0; i < p->nrow; i++) {
		if (i + 1 == p->nrow) {
			key = xstrdup("total");
		} else {
			key = xstrndup(p->rows[i].key, p->rows[i].keylen);
			for (k = 0; key[k] != '\0'; k++)
				if (key[k] == KEYSEP)
					key[k] = '/';
		}
		for (j = 0; j < p->k->ncount; j++) {
			csvw_str(w, "zona");
			csvw_str(w, seccion);
			csvw_str(w, key);
			csvw_str(w, p->k->cols[j]);
			if (suppress_ && hidden(p, i, j))
				csvw_field(w, "", 0);
			else
				csvw_long(w, p->rows[i].cnt[j]);
			csvw_endrec(w);
		}
		for (k = 0; k < 2; k++) {
			oc = k == 0 ? p->k->ocols : p->hasprev ?
			    p->k->change : NULL;
			for (; oc != NULL && oc->name != NULL; oc++) {
				derived(p, oc, i, suppress_, buf, sizeof buf);
				if (suppress_ && k == 1 && prev_small(p, oc,
				    i))
					buf[0] = '\0';
				csvw_str(w, "zona");
				csvw_str(w, seccion);
				csvw_str(w, key);
				csvw_str(w, oc->name);
				csvw_str(w, buf);
				csvw_endrec(w);
			}
		}
		free(key);
	}
}

void
rpt_render_change(const struct rpt *p, struct rpt_doc *d)
{
	static const char *const head[] = {
		"Indicador", "Periodo anterior", "Este periodo", "Cambio (pp)"
	};
	static const char *const name[] = {
		"Alumnos", "% rojo", "% amarillo", "% verde"
	};
	const size_t t = p->nrow - 1;
	const long *now = p->total, *then = p->prevtotal;
	struct rpt_table tb;
	char buf[48];
	size_t i;

	if (p->kind != RPT_ALERTS || !p->hasprev)
		return;
	memset(&tb, 0, sizeof tb);
	tb.caption = "Zona: este periodo y el anterior";
	tb.ncol = 4;
	tb.nrow = 4;
	tb.nkey = 1;
	tb.barcol = -1;
	tb.head = (const char **)head;
	tb.cell = xcalloc(16, sizeof *tb.cell);
	for (i = 0; i < 4; i++) {
		char **row = tb.cell + 4 * i;
		int a = i == 0 ? A_ALUMNOS : A_ROJO + (int)i - 1;
		int small_then = coded(p) && (then[A_ALUMNOS] < p->min_n ||
		    (i > 0 && ((then[a] > 0 && then[a] < p->min_n) ||
		    then[a] * 100 > 95 * then[A_ALUMNOS])));

		row[0] = xstrdup(name[i]);
		if (i == 0) {
			snprintf(buf, sizeof buf, "%ld", then[A_ALUMNOS]);
			row[1] = xstrdup(coded(p) && then[A_ALUMNOS] <
			    p->min_n ? "*" : buf);
			row[2] = vcell(p, &(struct vcol){ "", V_COUNT,
			    A_ALUMNOS, 0, -1, NULL }, t);
			snprintf(buf, sizeof buf, "%+ld", now[A_ALUMNOS] -
			    then[A_ALUMNOS]);
			row[3] = xstrdup(small_then ||
			    hidden(p, t, A_ALUMNOS) ? "*" : buf);
			continue;
		}
		show_share(p, share10(then[a], then[A_ALUMNOS]), buf,
		    sizeof buf);
		row[1] = xstrdup(small_then && strchr(buf, '<') == NULL &&
		    strchr(buf, '>') == NULL ? "*" : buf);
		row[2] = vcell(p, &(struct vcol){ "", V_PCT, a, A_ALUMNOS,
		    -1, NULL }, t);
		row[3] = vcell(p, &(struct vcol){ "", V_CHANGE, 0, 0, -1,
		    &alert_change[i - 1] }, t);
	}
	doc_table(d, &tb);
	rpt_table_free(&tb);
}
