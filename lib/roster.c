/*
 * roster.c - the checks and tidying of the zone's escuelas and alumnos
 *
 * A file with a curp column is a student roster (alumnos), one without
 * is a school list (escuelas).  roster_check() applies every rule of a
 * record and reports each problem with a Spanish code (the problema
 * column of sate-roster check), an English phrase (for messages), the
 * expected value where there is one, and whether it is an error or a
 * warning (aviso).  The identifier rules themselves are curp.c's and
 * cct.c's.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sate.h"

/* Problems, in the order they are looked for. */
enum prob {
	P_FALTANTE,
	P_CURP_NORM, P_CURP_LONG, P_CURP_PATRON, P_CURP_SEXO, P_CURP_ENTIDAD,
	P_CURP_FECHA, P_CURP_DIGITO,
	P_CCT_NORM, P_CCT_LONG, P_CCT_PATRON, P_CCT_ENTIDAD, P_CCT_LETRA,
	P_CCT_SERVICIO, P_NIVEL,
	P_GRADO, P_GRADO_RANGO,
	P_SEXO, P_SEXO_CURP,
	P_FECHA, P_FECHA_NORM, P_FECHA_CURP,
	P_ESTATUS,
	P_CURP_DUP, P_CURP_2ESC, P_CCT_DUP
};

static const struct {
	const char *code;
	const char *what;	/* a msgid, for messages */
	int aviso;
} probs[] = {
	[P_FALTANTE] = { "valor_faltante", N_("missing value"), 0 },
	[P_CURP_NORM] = { "curp_no_normalizada",
	    N_("CURP with spaces or lower case"), 1 },
	[P_CURP_LONG] = { "curp_longitud", N_("CURP not 18 characters"), 0 },
	[P_CURP_PATRON] = { "curp_patron", N_("not the CURP pattern"), 0 },
	[P_CURP_SEXO] = { "curp_sexo", N_("CURP sex not H, M or X"), 0 },
	[P_CURP_ENTIDAD] = { "curp_entidad", N_("unknown CURP state code"), 0 },
	[P_CURP_FECHA] = { "curp_fecha", N_("CURP birth date does not exist"),
	    0 },
	[P_CURP_DIGITO] = { "curp_digito_verificador",
	    N_("bad CURP check digit"), 0 },
	[P_CCT_NORM] = { "cct_no_normalizada",
	    N_("CCT with spaces or lower case"), 1 },
	[P_CCT_LONG] = { "cct_longitud", N_("CCT not 10 characters"), 0 },
	[P_CCT_PATRON] = { "cct_patron", N_("not the CCT pattern"), 0 },
	[P_CCT_ENTIDAD] = { "cct_entidad", N_("CCT entity not 01-32"), 0 },
	[P_CCT_LETRA] = { "cct_letra_verificadora", N_("bad CCT check letter"),
	    0 },
	[P_CCT_SERVICIO] = { "cct_servicio_desconocido",
	    N_("CCT service code of no school level"), 1 },
	[P_NIVEL] = { "nivel_no_coincide",
	    N_("nivel differs from the CCT's"), 1 },
	[P_GRADO] = { "grado_invalido", N_("grado not a whole number"), 0 },
	[P_GRADO_RANGO] = { "grado_fuera_de_rango",
	    N_("grado outside the level's range"), 0 },
	[P_SEXO] = { "sexo_invalido", N_("sexo not H, M or X"), 0 },
	[P_SEXO_CURP] = { "sexo_no_coincide", N_("sexo differs from the CURP's"),
	    0 },
	[P_FECHA] = { "fecha_invalida", N_("no such date"), 0 },
	[P_FECHA_NORM] = { "fecha_no_normalizada", N_("date not YYYY-MM-DD"), 1 },
	[P_FECHA_CURP] = { "fecha_no_coincide",
	    N_("birth date differs from the CURP's"), 0 },
	[P_ESTATUS] = { "estatus_desconocido",
	    N_("estatus not activo, alta or baja"), 0 },
	[P_CURP_DUP] = { "curp_duplicada", N_("CURP already in this school"), 0 },
	[P_CURP_2ESC] = { "curp_en_dos_escuelas",
	    N_("CURP already in another school"), 0 },
	[P_CCT_DUP] = { "cct_duplicada", N_("CCT already listed"), 0 }
};

/*
 * The duplicate check remembers each key with where it was first seen:
 * its school (a number: the CCTs are few, and the same school's rows
 * come together) and its line, counted across the files: a file's lines
 * follow the last line of the file before (base[]).
 */
struct roster_checker {
	struct sate_seen *seen;	/* NULL: no duplicate detection */
	struct sate_map *ccts;	/* the schools' numbers */
	char cct[12];		/* the last CCT numbered, and its number */
	uint32_t cct_id;
	unsigned long maxline;	/* this file's last line remembered */
	unsigned long *base;	/* a line number's start, by file */
	struct roster_dupkey *key;	/* no map: where the next record's
					   key goes */
	char **files;
	size_t nfiles;
	/* The last valid CCT as it was written, and its level. */
	char last_cct[10];
	enum sate_nivel last_nivel;
};

void
roster_cols_find(struct roster_columns *c, const struct csvr *r)
{
	c->curp = csvr_col(r, "curp");
	c->cct = csvr_col(r, "cct");
	c->grado = csvr_col(r, "grado");
	c->grupo = csvr_col(r, "grupo");
	c->turno = csvr_col(r, "turno");
	c->sexo = csvr_col(r, "sexo");
	c->fecha = csvr_col(r, "fecha_nacimiento");
	c->estatus = csvr_col(r, "estatus");
	c->nivel = csvr_col(r, "nivel");
	c->nombre = csvr_col(r, "nombre");
	c->primer_apellido = csvr_col(r, "primer_apellido");
	c->segundo_apellido = csvr_col(r, "segundo_apellido");
	c->escuela = csvr_col(r, "escuela");
	c->alumnos = c->curp >= 0;
}

struct roster_checker *
roster_checker_new(int dups)
{
	struct roster_checker *k = xcalloc(1, sizeof *k);

	if (dups) {
		k->seen = seen_new();
		k->ccts = map_new(sizeof(uint32_t));
	}
	return k;
}

void
roster_checker_free(struct roster_checker *k)
{
	size_t i;

	if (k == NULL)
		return;
	seen_free(k->seen);
	map_free(k->ccts);
	for (i = 0; i < k->nfiles; i++)
		free(k->files[i]);
	free(k->files);
	free(k->base);
	free(k);
}

void
roster_checker_file(struct roster_checker *k, const char *name)
{
	unsigned long base = k->nfiles ? k->base[k->nfiles - 1] : 0;

	k->files = xrealloc(k->files, (k->nfiles + 1) * sizeof *k->files);
	k->base = xrealloc(k->base, (k->nfiles + 1) * sizeof *k->base);
	k->base[k->nfiles] = base + k->maxline;
	k->files[k->nfiles++] = xstrdup(name);
	k->maxline = 0;
}

static void
add(struct roster_problem *p, size_t *n, int col, enum prob what,
    const char *esperado)
{
	struct roster_problem *q;

	if (*n >= ROSTER_MAXPROB)
		return;
	q = &p[(*n)++];
	q->col = col;
	q->aviso = probs[what].aviso;
	q->problema = probs[what].code;
	q->what = probs[what].what;
	snprintf(q->esperado, sizeof q->esperado, "%s",
	    esperado ? esperado : "");
}

static int
blank(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* A value that must be there: told at its first byte, most often. */
static inline int
required(struct roster_problem *p, size_t *n, const struct sate_rec *rec,
    int col)
{
	const struct sate_field *f;

	if (col < 0)
		return 1;
	f = &rec->f[col];
	if ((f->len > 0 && f->p[0] != ' ' && f->p[0] != '\t') ||
	    !blank(f->p, f->len))
		return 1;
	add(p, n, col, P_FALTANTE, NULL);
	return 0;
}

/* An identifier trimmed and upper-cased into out; 0 when it is empty or
 * too long to be one (then its problem is added). */
static size_t
ident(struct roster_problem *p, size_t *n, const struct sate_rec *rec,
    int col, char *out, size_t size, enum prob norm, enum prob longp)
{
	const struct sate_field *f = &rec->f[col];
	size_t len;

	if (!required(p, n, rec, col))
		return 0;
	len = text_ident(f->p, f->len, out, size);
	if (len == (size_t)-1) {
		add(p, n, col, longp, NULL);
		return 0;
	}
	if (len != f->len || memcmp(out, f->p, len) != 0)
		add(p, n, col, norm, out);
	return len;
}

/* Returns the valid CURP, the field itself or its tidied copy in cu, or
 * NULL. */
static const char *
check_curp(struct roster_problem *p, size_t *n, const struct sate_rec *rec,
    int col, char *cu)
{
	static const enum prob map[] = {
		[CURP_LENGTH] = P_CURP_LONG, [CURP_PATTERN] = P_CURP_PATRON,
		[CURP_DATE] = P_CURP_FECHA, [CURP_SEX] = P_CURP_SEXO,
		[CURP_STATE] = P_CURP_ENTIDAD, [CURP_CHECK] = P_CURP_DIGITO
	};
	enum curp_problem pr;
	size_t len;
	char exp[2] = "";

	/* Most CURPs are valid as they are: then there is nothing to tidy
	 * (a valid one has no space and no lower case) and no copy. */
	if (rec->f[col].len == 18 &&
	    curp_validate(rec->f[col].p, 18, NULL) == CURP_OK)
		return rec->f[col].p;
	len = ident(p, n, rec, col, cu, 24, P_CURP_NORM, P_CURP_LONG);
	if (len == 0)
		return NULL;
	pr = curp_validate(cu, len, exp);
	if (pr == CURP_OK)
		return cu;
	add(p, n, col, map[pr], pr == CURP_LENGTH ? "18 caracteres" :
	    pr == CURP_SEX ? "H|M|X" : exp);
	return NULL;
}

/*
 * Whether f is a valid CCT as it is, and then its level in *nv.  Most
 * CCTs are, as most CURPs are: then there is nothing to tidy and no copy.
 * And most are the row before's (a roster lists a school's students
 * together), which k remembers.
 */
static int
cct_as_is(struct roster_checker *k, const struct sate_field *f,
    enum sate_nivel *nv)
{
	if (f->len != 10)
		return 0;
	if (k != NULL && memcmp(f->p, k->last_cct, 10) == 0) {
		*nv = k->last_nivel;
		return 1;
	}
	if (cct_validate(f->p, 10, NULL) != CCT_OK)
		return 0;
	*nv = cct_nivel(f->p);
	if (k != NULL) {
		memcpy(k->last_cct, f->p, 10);
		k->last_nivel = *nv;
	}
	return 1;
}

/* Returns the level (NIVEL_DESCONOCIDO when it cannot be told); *ok is
 * set when the CCT is valid.  cc gets the CCT trimmed and upper-cased. */
static enum sate_nivel
check_cct(struct roster_checker *k, struct roster_problem *p, size_t *n,
    const struct sate_rec *rec, int col, char *cc, int *ok)
{
	static const enum prob map[] = {
		[CCT_LENGTH] = P_CCT_LONG, [CCT_PATTERN] = P_CCT_PATRON,
		[CCT_ENTITY] = P_CCT_ENTIDAD, [CCT_CHECK] = P_CCT_LETRA
	};
	enum cct_problem pr;
	enum sate_nivel nv;
	size_t len;
	char exp[2] = "";

	*ok = 0;
	if (cct_as_is(k, &rec->f[col], &nv)) {
		memcpy(cc, rec->f[col].p, 11);
		*ok = 1;
		if (nv == NIVEL_DESCONOCIDO)
			add(p, n, col, P_CCT_SERVICIO, NULL);
		return nv;
	}
	len = ident(p, n, rec, col, cc, 16, P_CCT_NORM, P_CCT_LONG);
	if (len == 0)
		return NIVEL_DESCONOCIDO;
	pr = cct_validate(cc, len, exp);
	if (pr != CCT_OK)
		add(p, n, col, map[pr], pr == CCT_LENGTH ? "10 caracteres" :
		    pr == CCT_ENTITY ? "01-32" : exp);
	if (pr == CCT_LENGTH || pr == CCT_PATTERN)
		return NIVEL_DESCONOCIDO;
	*ok = pr == CCT_OK;
	nv = cct_nivel(cc);
	if (nv == NIVEL_DESCONOCIDO)
		add(p, n, col, P_CCT_SERVICIO, NULL);
	return nv;
}

static void
check_grado(struct roster_problem *p, size_t *n, const struct sate_rec *rec,
    int col, enum sate_nivel nv)
{
	char buf[24], range[16] = "";
	long g;
	int lo, hi, has;

	if (!required(p, n, rec, col))
		return;
	has = nivel_grades(nv, &lo, &hi);
	g = rec->f[col].p[0] - '0';	/* the common case: one digit */
	if (rec->f[col].len == 1 && g >= 0 && g <= 9 &&
	    (!has || (g >= lo && g <= hi)))
		return;
	if (text_ident(rec->f[col].p, rec->f[col].len, buf, sizeof buf) !=
	    (size_t)-1 && sate_parse_long(buf, 0, 99, &g) == 0 &&
	    (!has || (g >= lo && g <= hi)))
		return;
	if (has)	/* only now: no formatting on the hot path */
		snprintf(range, sizeof range, "%d-%d", lo, hi);
	if (text_ident(rec->f[col].p, rec->f[col].len, buf, sizeof buf) ==
	    (size_t)-1 || sate_parse_long(buf, 0, 99, &g) < 0)
		add(p, n, col, P_GRADO, range);
	else
		add(p, n, col, P_GRADO_RANGO, range);
}

static void
check_sexo(struct roster_problem *p, size_t *n, const struct sate_rec *rec,
    int col, const char *cu)
{
	char s, want[2] = "";

	if (!required(p, n, rec, col))
		return;
	s = roster_sexo(rec->f[col].p, rec->f[col].len);
	if (s == 0) {
		add(p, n, col, P_SEXO, "H|M|X");
		return;
	}
	if (cu != NULL && cu[10] != s) {
		want[0] = cu[10];
		add(p, n, col, P_SEXO_CURP, want);
	}
}

static void
check_fecha(struct roster_problem *p, size_t *n, const struct sate_rec *rec,
    int col, const char *cu)
{
	struct sate_date d, b;
	char buf[11];
	int iso;

	/* Most dates are the CURP's, written YYYY-MM-DD: then the date is
	 * real (curp_validate saw to it), normalized and the same. */
	if (cu != NULL && rec->f[col].len == 10) {
		curp_birth_iso(cu, buf);
		if (memcmp(buf, rec->f[col].p, 10) == 0)
			return;
	}
	if (!required(p, n, rec, col))
		return;
	if (roster_parse_fecha(rec->f[col].p, rec->f[col].len, &d,
	    &iso) < 0) {
		add(p, n, col, P_FECHA, "AAAA-MM-DD");
		return;
	}
	if (!iso) {
		sate_format_date(&d, buf);
		add(p, n, col, P_FECHA_NORM, buf);
	}
	if (cu != NULL) {
		curp_birth(cu, &b.y, &b.m, &b.d);
		if (b.y != d.y || b.m != d.m || b.d != d.d) {
			sate_format_date(&b, buf);
			add(p, n, col, P_FECHA_CURP, buf);
		}
	}
}

/* The number of the school cct, 12 bytes NUL-padded (the last one's,
 * most often). */
static uint32_t
cct_id(struct roster_checker *k, const char *cct)
{
	uint32_t *id;
	int isnew;

	if (k->cct_id != 0 && memcmp(k->cct, cct, sizeof k->cct) == 0)
		return k->cct_id;
	id = map_put(k->ccts, cct, strnlen(cct, sizeof k->cct), &isnew);
	if (isnew)
		*id = (uint32_t)map_count(k->ccts);
	memcpy(k->cct, cct, sizeof k->cct);
	return k->cct_id = *id;
}

/* The number of line, counted across files from the last file begun. */
static uint32_t
line_num(struct roster_checker *k, unsigned long line)
{
	unsigned long base = k->nfiles ? k->base[k->nfiles - 1] : 0;

	if (line > k->maxline)
		k->maxline = line;
	if (line > UINT32_MAX - base)
		die(SATE_EXIT_IO, "more than %lu lines: too many to look for "
		    "duplicates (--no-duplicates checks the rest)",
		    (unsigned long)UINT32_MAX);
	return (uint32_t)(base + line);
}

/* The file (an index into k->files) and line of number num. */
static size_t
num_place(const struct roster_checker *k, uint32_t num, unsigned long *line)
{
	size_t f;

	/* the file: the last to start before it */
	for (f = k->nfiles; f > 1 && k->base[f - 1] >= num; f--)
		;
	*line = num - (k->nfiles ? k->base[f - 1] : 0);
	return f;
}

/* The duplicate problem of a key first seen as number first, with
 * school number tag. */
static void
add_dup(const struct roster_checker *k, struct roster_problem *p, size_t *n,
    int col, int school, uint32_t first, uint32_t tag, uint32_t id)
{
	enum prob what;
	unsigned long at;
	size_t f;
	char where[128];

	if (school)
		what = P_CCT_DUP;
	else
		what = tag == id ? P_CURP_DUP : P_CURP_2ESC;
	f = num_place(k, first, &at);
	snprintf(where, sizeof where, "%s:%lu",
	    k->nfiles ? k->files[f - 1] : "", at);
	add(p, n, col, what, where);
}

/*
 * Remember key (key_id) of school number id (cct_id); when seen before,
 * add the duplicate problem.
 */
static void
check_dup(struct roster_checker *k, struct roster_problem *p, size_t *n,
    unsigned long line, int col, uint64_t key, uint32_t id, int school)
{
	const struct sate_seen_ent *e;

	e = seen_add(k->seen, key, id, line_num(k, line));
	if (e != NULL)
		add_dup(k, p, n, col, school, e->num, e->tag, id);
}

/* A key as the set holds it: an escuelas CCT apart from any CURP. */
static uint64_t
key_id(const char *key, int school)
{
	return school ? (uint64_t)1 << 62 | cct_pack(key) : curp_pack(key);
}

/* Keep the record's key: the CURP's 18 characters, or the CCT's 10. */
static void
set_key(struct roster_checker *k, const char *key, const char *cct, int col,
    int school, unsigned long line)
{
	struct roster_dupkey *d = k->key;

	if (school) {
		memset(d->key, 0, sizeof d->key);
		memcpy(d->key, key, 10);
	} else {
		memcpy(d->key, key, 18);
		d->key[18] = '\0';
	}
	memcpy(d->cct, cct, sizeof d->cct);	/* cct: 16 bytes */
	d->cct[sizeof d->cct - 1] = '\0';
	d->line = line;
	d->col = (int16_t)col;	/* the reader stops at 16384 */
	d->school = (uint8_t)school;
	d->ok = 1;
}

void
roster_checker_key_to(struct roster_checker *k, struct roster_dupkey *d)
{
	k->key = d;
}

uint64_t
roster_dupkey_id(const struct roster_dupkey *d)
{
	return key_id(d->key, d->school);
}

void
roster_dup_put(struct roster_checker *k, struct sate_dups *ds,
    const struct roster_dupkey *d, uint64_t id)
{
	if (k->ccts == NULL)
		k->ccts = map_new(sizeof(uint32_t));
	dups_add(ds, id, cct_id(k, d->cct), line_num(k, d->line));
}

uint32_t
roster_dup_num(const struct roster_checker *k, unsigned long line)
{
	unsigned long base = k->nfiles ? k->base[k->nfiles - 1] : 0;

	return line > UINT32_MAX - base ? UINT32_MAX : (uint32_t)(base + line);
}

void
roster_dup_problem(const struct roster_checker *k, const struct sate_dup *d,
    struct roster_problem *p, struct roster_dup_where *w)
{
	int school = (d->dup.key >> 62 & 1) != 0;
	size_t n = 0, f;

	f = num_place(k, d->dup.num, &w->line);
	w->file = k->nfiles ? k->files[f - 1] : "";
	w->column = school ? "cct" : "curp";
	if (school)
		cct_unpack(d->dup.key & ~((uint64_t)1 << 62), w->value);
	else
		curp_unpack(d->dup.key, w->value);
	add_dup(k, p, &n, -1, school, d->first.num, d->first.tag,
	    d->dup.tag);
}

size_t
roster_check(struct roster_checker *k, const struct roster_columns *c,
    const struct sate_rec *rec, struct roster_problem *p)
{
	char cu[24], cc[16] = "";
	const char *curp = NULL;
	enum sate_nivel nv = NIVEL_DESCONOCIDO;
	size_t n = 0;
	int cct_ok = 0, enrolled = 1;

	if (c->curp >= 0)
		curp = check_curp(p, &n, rec, c->curp, cu);
	if (c->cct >= 0)
		nv = check_cct(k, p, &n, rec, c->cct, cc, &cct_ok);
	if (!c->alumnos && c->nivel >= 0 && nv != NIVEL_DESCONOCIDO &&
	    !blank(rec->f[c->nivel].p, rec->f[c->nivel].len)) {
		char buf[24];

		if (text_ident(rec->f[c->nivel].p, rec->f[c->nivel].len, buf,
		    sizeof buf) == (size_t)-1 ||
		    strcasecmp(buf, nivel_name(nv)) != 0)
			add(p, &n, c->nivel, P_NIVEL, nivel_name(nv));
	}
	if (c->alumnos) {
		if (c->grado >= 0)
			check_grado(p, &n, rec, c->grado, nv);
		if (c->sexo >= 0)
			check_sexo(p, &n, rec, c->sexo, curp);
		if (c->fecha >= 0)
			check_fecha(p, &n, rec, c->fecha, curp);
		if (c->estatus >= 0) {
			enrolled = roster_enrolled(rec->f[c->estatus].p,
			    rec->f[c->estatus].len);
			if (enrolled < 0)
				add(p, &n, c->estatus, P_ESTATUS,
				    "activo|alta|baja");
		}
		(void)required(p, &n, rec, c->nombre);
		(void)required(p, &n, rec, c->primer_apellido);
	} else {
		(void)required(p, &n, rec, c->escuela);
	}
	if (k != NULL && k->seen != NULL) {
		cc[sizeof k->cct - 1] = '\0';	/* as roster_dupkey's */
		if (c->alumnos && curp != NULL && enrolled != 0)
			check_dup(k, p, &n, rec->line, c->curp,
			    key_id(curp, 0), cct_id(k, cc), 0);
		else if (!c->alumnos && cct_ok)
			check_dup(k, p, &n, rec->line, c->cct, key_id(cc, 1),
			    cct_id(k, cc), 1);
	} else if (k != NULL && k->key != NULL) {
		k->key->ok = 0;
		if (c->alumnos && curp != NULL && enrolled != 0)
			set_key(k, curp, cc, c->curp, 0, rec->line);
		else if (!c->alumnos && cct_ok)
			set_key(k, cc, cc, c->cct, 1, rec->line);
	}
	return n;
}

enum roster_tidy
roster_tidy_kind(const char *colname)
{
	static const struct {
		const char *name;
		enum roster_tidy kind;
	} kinds[] = {
		{ "curp", TIDY_IDENT }, { "cct", TIDY_IDENT },
		{ "nombre", TIDY_NAME }, { "primer_apellido", TIDY_NAME },
		{ "segundo_apellido", TIDY_NAME }, { "escuela", TIDY_NAME },
		{ "director", TIDY_NAME }, { "localidad", TIDY_NAME },
		{ "municipio", TIDY_NAME },
		{ "sexo", TIDY_SEXO }, { "estatus", TIDY_ESTATUS },
		{ "fecha_nacimiento", TIDY_FECHA },
		{ "ciclo", TIDY_TRIM }, { "grado", TIDY_TRIM },
		{ "grupo", TIDY_TRIM }, { "turno", TIDY_TRIM },
		{ "zona", TIDY_TRIM }, { "sector", TIDY_TRIM },
		{ "nivel", TIDY_TRIM }
	};
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(colname, kinds[i].name) == 0)
			return kinds[i].kind;
	return TIDY_KEEP;
}

/* Whether s starts or ends with a space or a tab. */
static int
edge_blank(const char *s, size_t len)
{
	return len > 0 && (s[0] == ' ' || s[0] == '\t' ||
	    s[len - 1] == ' ' || s[len - 1] == '\t');
}

/* Whether s holds a byte in [lo, hi]. */
static int
has_range(const char *s, size_t len, char lo, char hi)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] >= lo && s[i] <= hi)
			return 1;
	return 0;
}

int
roster_tidy_same(enum roster_tidy kind, const char *s, size_t len)
{
	switch (kind) {
	case TIDY_NAME:
		return text_name_same(s, len);
	case TIDY_IDENT:
		return text_ident_same(s, len);
	case TIDY_SEXO:
		return len == 1 && (*s == 'H' || *s == 'M' || *s == 'X');
	case TIDY_FECHA:
		/* A date that parses as YYYY-MM-DD is written back the
		 * same, one that does not parse is kept: only D/M/Y (it
		 * has a '/') and spaces around change one. */
		if (edge_blank(s, len))
			return 0;
		if (len == 10 && s[4] == '-' && s[7] == '-')
			return 1;	/* no D/M/Y: its year would be there */
		return memchr(s, '/', len) == NULL;
	case TIDY_ESTATUS:
		if ((len == 6 && memcmp(s, "activo", 6) == 0) ||
		    (len == 4 && memcmp(s, "alta", 4) == 0) ||
		    (len == 4 && memcmp(s, "baja", 4) == 0))
			return 1;
		return !edge_blank(s, len) && !has_range(s, len, 'A', 'Z');
	case TIDY_TRIM:
		return !edge_blank(s, len);
	case TIDY_KEEP:
	default:
		return 1;
	}
}

/*
 * The bytes roster_span_same looks at: control characters (a NUL is a
 * field's end there), '/', and the lead bytes text_name looks at (0xC2,
 * and 0xC6 on: see text.c).  A space is looked at in pairs.
 */
#ifdef __SSE2__
/* The 16 bytes at p: a bit per byte of roster_span_same's concern; q is
 * p + 1, for runs of spaces. */
static int
span16_bad(const unsigned char *p, const unsigned char *q)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i w = _mm_loadu_si128((const __m128i *)(const void *)q);
	__m128i sp = _mm_set1_epi8(' ');
	__m128i bad;

	/* Signed bytes: 0x01-0x1F are 1..31; 0xC6-0xFF are -58..-1. */
	bad = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_setzero_si128()),
	    _mm_cmplt_epi8(v, sp));
	bad = _mm_or_si128(bad, _mm_and_si128(
	    _mm_cmpgt_epi8(v, _mm_set1_epi8(-59)),
	    _mm_cmplt_epi8(v, _mm_setzero_si128())));
	bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('/')));
	bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v,
	    _mm_set1_epi8((char)0xC2)));
	bad = _mm_or_si128(bad, _mm_and_si128(_mm_cmpeq_epi8(v, sp),
	    _mm_cmpeq_epi8(w, sp)));
	return _mm_movemask_epi8(bad);
}
#endif

int
roster_span_same(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

#ifdef __SSE2__
	unsigned char pad[33];

	/* s[len] is the last field's NUL: 17 bytes from i are there. */
	if (len >= 16) {
		for (; i + 16 <= len; i += 16)
			if (span16_bad(u + i, u + i + 1))
				return 0;
		return i == len ||
		    span16_bad(u + len - 16, u + len - 15) == 0;
	}
	/* A short one, padded with NULs (field ends: never looked at). */
	memset(pad, 0, sizeof pad);
	memcpy(pad, u, len);
	return span16_bad(pad, pad + 1) == 0;
#else
	for (; i < len; i++)
		if ((u[i] > 0 && u[i] < 0x20) || u[i] == '/' ||
		    u[i] == 0xC2 || u[i] >= 0xC6 ||
		    (u[i] == ' ' && i + 1 < len && u[i + 1] == ' '))
			return 0;
	return 1;
#endif
}

/* Append len bytes to b; returns their offset. */
static size_t
put(struct sate_buf *b, const char *s, size_t len)
{
	size_t off;

	buf_reserve(b, len + 1);
	off = b->len;
	memcpy(b->p + off, s, len);
	b->p[off + len] = '\0';
	b->len += len + 1;
	return off;
}

size_t
roster_tidy(struct sate_buf *b, enum roster_tidy kind, const char *s,
    size_t len, size_t *outlen)
{
	struct sate_date d;
	char buf[16];
	size_t i, off;
	int iso;

	switch (kind) {
	case TIDY_NAME:
		return text_name(b, s, len, outlen);
	case TIDY_IDENT:
		if (len < 64) {
			char id[64];

			*outlen = text_ident(s, len, id, sizeof id);
			return put(b, id, *outlen);
		}
		break;
	case TIDY_SEXO:
		if ((buf[0] = roster_sexo(s, len)) != 0) {
			*outlen = 1;
			return put(b, buf, 1);
		}
		break;
	case TIDY_FECHA:
		if (roster_parse_fecha(s, len, &d, &iso) == 0) {
			sate_format_date(&d, buf);
			*outlen = 10;
			return put(b, buf, 10);
		}
		break;
	case TIDY_ESTATUS:
	case TIDY_TRIM:
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		while (len > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		off = put(b, s, len);
		if (kind == TIDY_ESTATUS)
			for (i = 0; i < len; i++)
				if (b->p[off + i] >= 'A' &&
				    b->p[off + i] <= 'Z')
					b->p[off + i] += 'a' - 'A';
		*outlen = len;
		return off;
	case TIDY_KEEP:
	default:
		break;
	}
	*outlen = len;
	return put(b, s, len);
}

int
roster_enrolled(const char *s, size_t len)
{
	char buf[16];
	size_t n;

	/* As a normalized roster writes it: no copy. */
	if ((len == 6 && memcmp(s, "activo", 6) == 0) ||
	    (len == 4 && memcmp(s, "alta", 4) == 0))
		return 1;
	if (len == 4 && memcmp(s, "baja", 4) == 0)
		return 0;
	n = text_ident(s, len, buf, sizeof buf);
	if (n == 0)
		return 1;
	if (n == (size_t)-1)
		return -1;
	if (strcmp(buf, "ACTIVO") == 0 || strcmp(buf, "ALTA") == 0)
		return 1;
	if (strcmp(buf, "BAJA") == 0)
		return 0;
	return -1;
}

char
roster_sexo(const char *s, size_t len)
{
	char buf[16];
	size_t n;

	if (len == 1 && (*s == 'H' || *s == 'M' || *s == 'X'))
		return *s;
	n = text_ident(s, len, buf, sizeof buf);
	if (n == (size_t)-1 || n == 0)
		return 0;
	if (strcmp(buf, "H") == 0 || strcmp(buf, "HOMBRE") == 0)
		return 'H';
	if (strcmp(buf, "M") == 0 || strcmp(buf, "MUJER") == 0)
		return 'M';
	if (strcmp(buf, "X") == 0)
		return 'X';
	return 0;
}

/* A number of 1 to max digits at *s, ending at stop; advances *s. */
static int
num(const char **s, const char *end, size_t max, char stop, int *v)
{
	const char *p = *s;
	size_t k = 0;

	*v = 0;
	while (p < end && *p >= '0' && *p <= '9' && k < max) {
		*v = *v * 10 + (*p++ - '0');
		k++;
	}
	if (k == 0 || (stop != 0 && (p == end || *p != stop)))
		return -1;
	if (stop != 0)
		p++;
	*s = p;
	return 0;
}

int
roster_parse_fecha(const char *s, size_t len, struct sate_date *d,
    int *iso)
{
	char buf[16];
	const char *p = buf, *end;
	size_t n;
	struct sate_date t;

	if (sate_parse_date(s, len, d) == 0) {	/* as it is: no copy */
		*iso = 1;
		return 0;
	}
	n = text_ident(s, len, buf, sizeof buf);
	if (n == (size_t)-1 || n == 0)
		return -1;
	if (sate_parse_date(buf, n, d) == 0) {
		*iso = 1;
		return 0;
	}
	end = buf + n;
	if (num(&p, end, 2, '/', &t.d) < 0 || num(&p, end, 2, '/', &t.m) < 0 ||
	    end - p != 4 || num(&p, end, 4, 0, &t.y) < 0 ||
	    !sate_valid_date(t.y, t.m, t.d))
		return -1;
	*d = t;
	*iso = 0;
	return 0;
}

/* Whether s is a whole number: digits only, at least one. */
static int
whole(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return len > 0;
}

int
roster_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i, j;
	int c, an = whole(a, alen), bn = whole(b, blen);

	/* Numbers before other values, not against them by bytes: "2" <
	 * "10" < "10A" < "2" would be a cycle, and sorting by it depend on
	 * the input's order.  The empty value sorts first. */
	if (an != bn && alen > 0 && blen > 0)
		return an ? -1 : 1;
	if (an && bn) {
		for (i = 0; i + 1 < alen && a[i] == '0'; i++)
			;
		for (j = 0; j + 1 < blen && b[j] == '0'; j++)
			;
		if (alen - i != blen - j)
			return alen - i < blen - j ? -1 : 1;
		if ((c = memcmp(a + i, b + j, alen - i)) != 0)
			return c;
	}
	c = memcmp(a, b, alen < blen ? alen : blen);
	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}
