/*
 * sate-roster - validate, normalise, join, count and pair the zone's
 * schools and students
 *
 *	sate-roster check [-qs] [FILE...]
 *	sate-roster normalize [--drop-invalid | --strict] [FILE...]
 *	sate-roster join -r ROSTER [--on curp|cct] [--columns LIST] [FILE...]
 *	sate-roster count [--by LIST] [FILE...]
 *	sate-roster pair --by COLUMN [--keep PAIRS] [--avoid PAIRS] [FILE...]
 *
 * The rules live in lib/roster.c (checks, tidying), lib/text.c (names)
 * and lib/roster_pair.c (groups); this file wires options to record
 * loops.
 */
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

#define KEYSEP	'\x1f'		/* between the values of a group key */

static const char *const synopsis = N_("sate-roster COMMAND [options] [FILE...]");

static const char *const help[] = {
N_("usage: sate-roster COMMAND [options] [FILE...]\n"
   "\n"),
N_("The zone's schools (escuelas) and students (alumnos), from CSV.\n"
   "\n"),
N_("Commands:\n"
   "  check       write one row per problem of CURP, CCT, grado, sexo, dates,\n"
   "              duplicates and missing values; exit 1 when there is an error\n"
   "  normalize   write the roster in canonical form\n"
   "  join        add the roster's columns to each row of another stream\n"
   "  count       count enrolment by school, grade and sex (911 style)\n"
   "  pair        group schools for an Aprendizaje entre escuelas session\n"
   "\n"),
N_("Run 'sate-roster COMMAND --help' for the options of a command.\n"
   "\n"),
N_("Options:\n"),
SATE_HELP_COMMON,
NULL
};

static const char *const check_synopsis =
    N_("sate-roster check [-qs] [--no-duplicates] [options] [FILE...]");
static const char *const normalize_synopsis =
    N_("sate-roster normalize [--drop-invalid | --strict] [options] [FILE...]");
static const char *const join_synopsis =
    N_("sate-roster join -r ROSTER [--on curp|cct] [--columns LIST] "
    "[--strict] [options] [FILE...]");
static const char *const count_synopsis =
    N_("sate-roster count [--by LIST] [options] [FILE...]");
static const char *const pair_synopsis =
    N_("sate-roster pair --by COLUMN [--keep PAIRS] [--avoid PAIRS] "
    "[options] [FILE...]");

/* ------------------------------------------------------------ helpers */

static struct csvr *
open_input(const char *path, const struct sate_opts *o, int flags)
{
	struct csvr *r = csvr_open(path, o, flags);

	if (r == NULL)
		exit(csvr_open_status());
	return r;
}

/* After csvr_next returned -1: stop on a fatal error; else remember. */
static void
read_error(const struct csvr *r, int *status)
{
	if (csvr_fatal(r))
		exit(csvr_status(r));
	*status = csvr_status(r);
}

/* Split a comma-separated LIST into at most max names. */
static size_t
split_list(char *list, char **names, size_t max, const char *syn,
    const char *cmd, const char *opt)
{
	size_t n = 0;
	char *p;

	for (p = strtok(list, ","); p != NULL; p = strtok(NULL, ",")) {
		if (n == max) {
			error("%s: too many names (at most %zu)", opt, max);
			sate_usage(syn, cmd);
		}
		names[n++] = p;
	}
	if (n == 0) {
		error("%s: no column names", opt);
		sate_usage(syn, cmd);
	}
	return n;
}

/* ------------------------------------------------------------- check */

static const char *const check_help[] = {
N_("usage: sate-roster check [-qs] [--no-duplicates] [options] [FILE...]\n"
   "\n"),
N_("Check a roster of students (a file with a curp column) or of schools\n"
   "(a file with an escuela column): CURP pattern, birth date, state and\n"
   "check digit; CCT pattern, entity and check letter; grado within the\n"
   "level of the CCT; sexo and fecha_nacimiento against the CURP; estatus;\n"
   "missing values; a CURP twice in one school or in two schools, across\n"
   "all the FILEs.  Writes one CSV row per problem:\n"
   "archivo,linea,columna,valor,problema,esperado,gravedad\n"
   "(gravedad: error or aviso), in the order of the lines, the duplicates\n"
   "last.  Exit 1 when an error is found, else 0.\n"
   "\n"),
N_("Options:\n"),
N_("  -q, --quiet           write nothing; the exit status tells\n"),
N_("  -s, --summary         write the number of problems of each kind\n"
   "                        (problema,gravedad,casos) instead of the rows\n"),
N_("      --no-duplicates   do not look for duplicates (memory then stays\n"
   "                        flat however many students there are)\n"),
SATE_HELP_COMMON,
NULL
};

struct tally {
	long n;
	int aviso;
};

static int
cmp_tally(const void *x, const void *y, void *arg)
{
	const struct sate_map *m = arg;
	const char *a, *b;

	map_at(m, *(const size_t *)x, &a, NULL);
	map_at(m, *(const size_t *)y, &b, NULL);
	return strcmp(a, b);
}

static void
write_summary(struct sate_map *kinds)
{
	size_t i, n = map_count(kinds), *o = xcalloc(n ? n : 1, sizeof *o);
	const char *code;
	struct tally *t;

	for (i = 0; i < n; i++)
		o[i] = i;
	qsort_r(o, n, sizeof *o, cmp_tally, kinds);
	csvw_str(sate_out, "problema");
	csvw_str(sate_out, "gravedad");
	csvw_str(sate_out, "casos");
	csvw_endrec(sate_out);
	for (i = 0; i < n; i++) {
		t = map_at(kinds, o[i], &code, NULL);
		csvw_str(sate_out, code);
		csvw_str(sate_out, t->aviso ? "aviso" : "error");
		csvw_long(sate_out, t->n);
		csvw_endrec(sate_out);
	}
	free(o);
}

/*
 * Problems kept with a copy of their values, for a batch that outlives
 * its records (check's and normalize's): the values one after another,
 * each NUL-ended, in vals.
 */
struct kept_prob {
	struct roster_problem p;
	size_t val;		/* the value, at vals.p + val */
};

struct kept {
	struct kept_prob *prob;
	size_t n, cap;
	struct sate_buf vals;
};

static void
kept_add(struct kept *k, const struct roster_problem *p,
    const struct sate_field *f)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 64;
		k->prob = xrealloc(k->prob, k->cap * sizeof *k->prob);
	}
	buf_reserve(&k->vals, f->len + 1);
	memcpy(k->vals.p + k->vals.len, f->p, f->len + 1);	/* its NUL */
	k->prob[k->n].p = *p;
	k->prob[k->n++].val = k->vals.len;
	k->vals.len += f->len + 1;
}

static const char *
kept_val(const struct kept *k, size_t i)
{
	return k->vals.p + k->prob[i].val;
}

static void
kept_clear(struct kept *k)
{
	k->n = 0;
	k->vals.len = 0;
}

static void
kept_free(struct kept *k)
{
	free(k->prob);
	buf_free(&k->vals);
}

/* Where check's problems go: a CSV row, or the summary's tally. */
struct problem_out {
	int quiet, summary;
	struct sate_map *kinds;
	long errors;
};

static void
write_problem_at(struct problem_out *o, const char *file, unsigned long line,
    const char *column, const struct roster_problem *p, const char *val)
{
	struct tally *t;

	o->errors += !p->aviso;
	if (o->summary) {
		t = map_put(o->kinds, p->problema, strlen(p->problema), NULL);
		t->n++;
		t->aviso = p->aviso;
	}
	if (o->quiet || o->summary)
		return;
	csvw_str(sate_out, file);
	csvw_long(sate_out, (long)line);
	csvw_str(sate_out, column);
	csvw_str(sate_out, val);
	csvw_str(sate_out, p->problema);
	csvw_str(sate_out, p->esperado);
	csvw_str(sate_out, p->aviso ? "aviso" : "error");
	csvw_endrec(sate_out);
}

static void
write_problem(struct problem_out *o, const struct csvr *r, unsigned long line,
    const struct roster_problem *p, const char *val)
{
	write_problem_at(o, csvr_name(r), line, csvr_colname(r, (size_t)p->col),
	    p, val);
}

/*
 * check reads on every core.  The reading thread cuts each file into
 * chunks of whole records (csvr_chunk) and sends them, a batch each, to
 * the workers, which read and check the records with readers of their
 * own and keep, per batch, the rows that have a problem or a key to
 * look for twice, and the reader's messages.  Back on the reading
 * thread, in order, each batch's problems are written and its keys put
 * in the duplicate set (dups.c), which is looked through once all the
 * files are read: the duplicates come last, in the order of their
 * lines.  Input that cannot be cut (not UTF-8) is read in batches on the
 * reading thread, to the same rows.
 */
struct check_row {
	struct roster_dupkey key;	/* its line, and a key when ok */
	uint64_t id;		/* the key's roster_dupkey_id */
	uint16_t nprob;		/* its problems: the next nprob of probs */
	uint8_t err;		/* the reader's error: the next of errs */
};

struct check_batch {
	struct csvr_part part;	/* first: rpipe_read */
	struct roster_checker *k;
	struct check_row *row;
	size_t nrow, caprow;
	struct kept probs;
	struct sate_buf errs;	/* messages, each NUL-ended */
	unsigned long nrec, nerr;
	int status;		/* of the last reader error */
	int fatal;		/* one that ended the batch */
};

/* What the threads share: during a file, the workers only read it. */
struct check_run {
	const struct roster_columns *rc;
	struct csvr *r;		/* the file being read */
	size_t file;
	int dups;
	/* the reading thread's own */
	struct problem_out out;
	struct roster_checker *kd;	/* lines and schools of the keys */
	struct sate_dups *ds;
	int status;		/* of the last reader error */
	int stop;		/* status of a fatal one: read no further */
};

static void
check_batch_free(void *user)
{
	struct check_batch *u = user;

	csvr_part_free(&u->part);
	roster_checker_free(u->k);
	free(u->row);
	kept_free(&u->probs);
	buf_free(&u->errs);
}

/* Check what is left of r's records, up to max records and messages,
 * into u; returns whether there may be more. */
static int
check_records(void *arg, void *user, struct csvr *r, unsigned long max)
{
	const struct check_run *c = arg;
	struct check_batch *u = user;
	struct roster_problem p[ROSTER_MAXPROB];
	struct check_row *w;
	struct sate_rec *rec;
	size_t i, np;
	int rc;

	if (u->k == NULL)
		u->k = roster_checker_new(0);
	for (;;) {
		if (u->nrec + u->nerr >= max)
			return 1;
		if (u->nrow == u->caprow) {
			u->caprow = u->caprow ? 2 * u->caprow : 256;
			u->row = xrealloc(u->row, u->caprow * sizeof *u->row);
		}
		w = &u->row[u->nrow];
		if (c->dups)
			roster_checker_key_to(u->k, &w->key);
		if ((rc = csvr_next(r, &rec)) == 0)
			return 0;
		if (rc < 0) {
			buf_add_str(&u->errs, csvr_deferred(r));
			w->key.ok = 0;
			w->nprob = 0;
			w->err = 1;
			u->nrow++;
			u->nerr++;
			u->status = csvr_status(r);
			if ((u->fatal = csvr_fatal(r)) != 0)
				return 0;
			continue;
		}
		u->nrec++;
		np = roster_check(u->k, c->rc, rec, p);
		if (np == 0 && !(c->dups && w->key.ok))
			continue;
		if (!c->dups)
			w->key.ok = 0;
		else if (w->key.ok)
			w->id = roster_dupkey_id(&w->key);
		w->key.line = rec->line;
		w->nprob = (uint16_t)np;	/* at most ROSTER_MAXPROB */
		w->err = 0;
		for (i = 0; i < np; i++)
			kept_add(&u->probs, &p[i], &rec->f[p[i].col]);
		u->nrow++;
	}
}

/* A worker's part: the records of a chunk. */
static void
check_work(void *arg, struct rpipe_batch *b)
{
	const struct check_run *c = arg;
	struct check_batch *u = rpipe_user(b);

	(void)check_records(arg, u, csvr_part_load(&u->part, c->r, c->file),
	    ULONG_MAX);
}

/* The reading thread's part, batch by batch in order: the problems, the
 * messages, the keys. */
static void
check_done(void *arg, struct rpipe_batch *b)
{
	struct check_run *c = arg;
	struct check_batch *u = rpipe_user(b);
	const char *err = u->errs.p;
	size_t i, j, q = 0;

	for (i = 0; i < u->nrow && !c->stop; i++) {
		const struct check_row *w = &u->row[i];

		if (w->err) {
			sate_msg(NULL, err);
			err += strlen(err) + 1;
			continue;
		}
		for (j = 0; j < w->nprob; j++, q++)
			write_problem(&c->out, c->r, w->key.line,
			    &u->probs.prob[q].p, kept_val(&u->probs, q));
		if (w->key.ok)
			roster_dup_put(c->kd, c->ds, &w->key, w->id);
	}
	if (!c->stop) {
		csvr_add_records(c->r, u->nrec, u->part.chunk.len);
		if (u->status != 0)
			c->status = u->status;
		if (u->fatal)
			c->stop = u->status;
	}
	u->nrow = 0;
	u->nrec = u->nerr = 0;
	u->status = u->fatal = 0;
	u->errs.len = 0;
	kept_clear(&u->probs);
}

/* The duplicates, once everything is read. */
static void
check_dups(struct check_run *c)
{
	struct roster_problem p;
	struct roster_dup_where w;
	struct sate_dup *d;
	size_t i, n;

	d = dups_find(c->ds, UINT32_MAX, &n);
	for (i = 0; i < n; i++) {
		roster_dup_problem(c->kd, &d[i], &p, &w);
		write_problem_at(&c->out, w.file, w.line, w.column, &p,
		    w.value);
	}
	free(d);
}

static int
cmd_check(int argc, char **argv, struct sate_opts *o)
{
	enum { OPT_NODUP = SATE_OPT_FIRST_PROGRAM };
	static const struct option longopts[] = {
		SATE_LONGOPTS,
		{ "quiet", no_argument, NULL, 'q' },
		{ "summary", no_argument, NULL, 's' },
		{ "no-duplicates", no_argument, NULL, OPT_NODUP },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = { "archivo", "linea", "columna",
	    "valor", "problema", "esperado", "gravedad", NULL };
	struct rpipe_ops ops = { check_work, check_done, check_batch_free,
	    sizeof(struct check_batch), NULL, 0, check_records };
	struct roster_columns rc;
	struct check_run c;
	struct rpipe *pipe;
	struct csvr *r;
	size_t i;
	int ch, ai, quiet = 0, summary = 0;

	memset(&c, 0, sizeof c);
	c.dups = 1;
	while ((ch = getopt_long(argc, argv, SATE_SHORTOPTS "qs", longopts,
	    NULL)) != -1) {
		if (sate_common_opt(o, ch, optarg, check_help))
			continue;
		switch (ch) {
		case 'q':
			quiet = 1;
			break;
		case 's':
			summary = 1;
			break;
		case OPT_NODUP:
			c.dups = 0;
			break;
		default:
			sate_usage(check_synopsis, "sate-roster check");
		}
	}
	csvw_setup(o);
	c.out.quiet = quiet;
	c.out.summary = summary;
	if (summary)
		c.out.kinds = map_new(sizeof(struct tally));
	c.rc = &rc;
	c.kd = roster_checker_new(0);
	c.ds = dups_new();
	ops.arg = &c;
	ops.threads = sate_ncores();
	pipe = rpipe_new(&ops);
	ai = optind;
	do {
		r = open_input(ai < argc ? argv[ai] : "-", o, 0);
		roster_cols_find(&rc, r);
		if (!rc.alumnos && rc.escuela < 0) {
			static const char *const need[] = { "curp", NULL };
			int dummy;

			csvr_require(r, need, &dummy);
			exit(SATE_EXIT_DATA);
		}
		if (rc.cct < 0) {
			static const char *const need[] = { "cct", NULL };
			int dummy;

			csvr_require(r, need, &dummy);
			exit(SATE_EXIT_DATA);
		}
		if (ai == optind && !quiet && !summary) {
			for (i = 0; cols[i] != NULL; i++)
				csvw_str(sate_out, cols[i]);
			csvw_endrec(sate_out);
		}
		c.r = r;	/* the pipe is drained */
		c.file++;
		roster_checker_file(c.kd, csvr_name(r));
		if (rpipe_read(pipe, r, &c.stop) < 0 && !c.stop)
			c.stop = csvr_status(r);
		csvr_close(r);
		c.r = NULL;
	} while (++ai < argc && !c.stop);
	rpipe_free(pipe);
	/* A fatal error ends the check there; the duplicates of the rows
	 * read before it still go out. */
	check_dups(&c);
	if (c.stop)
		exit(c.stop);
	if (summary && !quiet)
		write_summary(c.out.kinds);
	map_free(c.out.kinds);
	roster_checker_free(c.kd);
	dups_free(c.ds);
	if (c.status != SATE_EXIT_OK)
		return c.status;
	return c.out.errors ? SATE_EXIT_FOUND : SATE_EXIT_OK;
}

/* --------------------------------------------------------- normalize */

static const char *const normalize_help[] = {
N_("usage: sate-roster normalize [--drop-invalid | --strict] [options]\n"
   "                             [FILE...]\n"
   "\n"),
N_("Write the roster in canonical form: canonical column names; curp and\n"
   "cct trimmed and upper-cased; names trimmed, inner runs of spaces made\n"
   "one, in UTF-8 NFC; sexo as H, M or X; estatus in lower case;\n"
   "fecha_nacimiento as YYYY-MM-DD; nivel, entidad and sostenimiento\n"
   "derived from the CCT (added as columns when absent).  A row that fails\n"
   "the checks of 'sate-roster check' (duplicates aside) is written as it\n"
   "came, its derived columns empty, and reported on stderr.\n"
   "\n"),
N_("Options:\n"),
N_("      --drop-invalid    leave the rows that fail out (counted on stderr)\n"),
N_("      --strict          stop at the first row that fails (exit 3)\n"),
SATE_HELP_COMMON,
NULL
};

/* Derived columns: nivel, entidad, sostenimiento. */
enum { D_NIVEL, D_ENTIDAD, D_SOST, ND };
static const char *const derived_names[ND] = { "nivel", "entidad",
    "sostenimiento" };

struct norm {
	struct roster_columns rc;
	struct roster_checker *k;	/* no duplicates: remembers the CCT */
	enum roster_tidy *kind;
	size_t *off, *len;
	int *same;		/* the field is left as it came */
	struct sate_field *fv;
	struct sate_field *cur;	/* the tidied fields: fv, or the
					   record's own when none changed */
	int *look;		/* the columns roster_span_same leaves out */
	size_t nlook;
	int dcol[ND];		/* the input column, or -1: appended */
	int *derive;		/* per column: the derived value it holds, or
				   -1 */
	int inplace;		/* some column holds a derived value */
	int nadd;		/* appended columns */
	/* the derived values of the last CCT, which most rows repeat */
	char dcct[10];
	struct sate_field dval[ND];
	char suffix[64];	/* the appended ones, each after a delimiter */
	size_t sufflen;
	char empty[ND];		/* as many delimiters as appended columns */
};

static void
norm_setup(struct norm *z, const struct csvr *r)
{
	size_t i, n = csvr_ncols(r);
	int d;

	roster_cols_find(&z->rc, r);
	z->kind = xcalloc(n ? n : 1, sizeof *z->kind);
	z->off = xcalloc(n ? n : 1, sizeof *z->off);
	z->len = xcalloc(n ? n : 1, sizeof *z->len);
	z->same = xcalloc(n ? n : 1, sizeof *z->same);
	z->fv = xcalloc(n ? n : 1, sizeof *z->fv);
	z->look = xcalloc(n ? n : 1, sizeof *z->look);
	z->nlook = 0;
	z->derive = xcalloc(n ? n : 1, sizeof *z->derive);
	for (i = 0; i < n; i++) {
		z->kind[i] = roster_tidy_kind(csvr_colname(r, i));
		z->derive[i] = -1;
		if (z->kind[i] != TIDY_NAME && z->kind[i] != TIDY_TRIM &&
		    z->kind[i] != TIDY_FECHA && z->kind[i] != TIDY_KEEP)
			z->look[z->nlook++] = (int)i;
	}
	z->nadd = 0;
	z->inplace = 0;
	memset(z->dcct, 0, sizeof z->dcct);
	memset(z->empty, csvw_delim(sate_out), sizeof z->empty);
	z->sufflen = 0;
	for (d = 0; d < ND; d++) {
		z->dcol[d] = z->rc.cct < 0 ? -2 : csvr_col(r, derived_names[d]);
		if (z->dcol[d] == -1)
			z->nadd++;
		if (z->dcol[d] >= 0) {
			z->derive[z->dcol[d]] = d;
			z->inplace = 1;
		}
	}
	z->k = roster_checker_new(0);
}

static void
norm_free(struct norm *z)
{
	free(z->kind);
	free(z->off);
	free(z->len);
	free(z->same);
	free(z->fv);
	free(z->look);
	free(z->derive);
	roster_checker_free(z->k);
}

/* Whether every field of rec is its own tidy form, told quickly for a
 * plain record: one pass over its bytes, and the columns that pass
 * leaves out one by one.  checked: roster_check found no problem in rec
 * as it is, not even a warning, so its CURP and CCT (the TIDY_IDENT
 * columns) are their own tidy forms: no warning of a CURP or CCT to
 * normalise, and none missing. */
static int
norm_all_same(const struct norm *z, const struct sate_rec *rec, int checked)
{
	const struct sate_field *last;
	size_t j;
	int i;

	if (!rec->plain || rec->n == 0)
		return 0;
	last = &rec->f[rec->n - 1];
	if (!roster_span_same(rec->f[0].p,
	    (size_t)(last->p + last->len - rec->f[0].p)))
		return 0;
	for (j = 0; j < z->nlook; j++) {
		i = z->look[j];
		if (checked && z->kind[i] == TIDY_IDENT)
			continue;
		if (!roster_tidy_same(z->kind[i], rec->f[i].p, rec->f[i].len))
			return 0;
	}
	return 1;
}

/* Every field of rec is its own tidy form: z->cur is the record's. */
static void
norm_as_is(struct norm *z, const struct sate_rec *rec)
{
	size_t i;

	z->cur = rec->f;
	if (z->inplace)		/* write_valid looks at same[] */
		for (i = 0; i < rec->n; i++)
			z->same[i] = 1;
}

/* Tidy the fields of rec into z->cur (the copies into b); returns the
 * number of fields that changed. */
static size_t
norm_tidy(struct norm *z, const struct sate_rec *rec, struct sate_buf *b)
{
	size_t i, changed = 0;

	if (norm_all_same(z, rec, 0)) {
		norm_as_is(z, rec);
		return 0;
	}
	z->cur = rec->f;	/* until a field changes */
	b->len = 0;
	for (i = 0; i < rec->n; i++) {
		z->same[i] = roster_tidy_same(z->kind[i], rec->f[i].p,
		    rec->f[i].len);
		if (z->same[i]) {
			z->fv[i] = rec->f[i];
		} else {
			z->off[i] = roster_tidy(b, z->kind[i], rec->f[i].p,
			    rec->f[i].len, &z->len[i]);
			changed++;
		}
	}
	/* Only now: b may have moved while it grew. */
	for (i = 0; changed > 0 && i < rec->n; i++) {
		if (!z->same[i]) {
			z->fv[i].p = b->p + z->off[i];
			z->fv[i].len = z->len[i];
		}
	}
	if (changed > 0)
		z->cur = z->fv;
	return changed;
}

/* Derived value d of a valid row whose tidied CCT is cct (10
 * characters). */
static struct sate_field
derived_value(struct norm *z, int d, const char *cct)
{
	int i;

	if (memcmp(cct, z->dcct, 10) != 0) {
		memcpy(z->dcct, cct, 10);
		z->dval[D_NIVEL].p = nivel_name(cct_nivel(cct));
		z->dval[D_NIVEL].len = strlen(z->dval[D_NIVEL].p);
		z->dval[D_ENTIDAD].p = z->dcct;
		z->dval[D_ENTIDAD].len = 2;
		z->dval[D_SOST].p = cct_sostenimiento(cct);
		z->dval[D_SOST].len = strlen(z->dval[D_SOST].p);
		z->sufflen = 0;
		for (i = 0; i < ND; i++) {
			if (z->dcol[i] != -1)
				continue;
			z->suffix[z->sufflen++] = z->empty[0];
			memcpy(z->suffix + z->sufflen, z->dval[i].p,
			    z->dval[i].len);
			z->sufflen += z->dval[i].len;
		}
	}
	return z->dval[d];
}

/*
 * Write a valid row: its tidied fields, derived values in the columns
 * that hold them.  A run of fields that tidying left as they came goes
 * out with csvw_recfields: in one copy when the record is plain.
 */
static void
write_valid(struct csvw *w, struct norm *z, const struct sate_rec *rec)
{
	const struct sate_field *cct = z->rc.cct >= 0 ? &z->cur[z->rc.cct] :
	    NULL;
	struct sate_field v;
	size_t i, run = 0;
	int d;

	for (i = 0; i < rec->n; i++) {
		d = cct != NULL && cct->len == 10 ? z->derive[i] : -1;
		if (d < 0 && z->same[i])
			continue;
		csvw_recfields(w, rec, run, i);
		v = d < 0 ? z->cur[i] : derived_value(z, d, cct->p);
		csvw_field(w, v.p, v.len);
		run = i + 1;
	}
	csvw_recfields(w, rec, run, rec->n);
}

/*
 * normalize reads on every core, as check: each worker reads a chunk of
 * whole records, checks, tidies and writes them into the batch's memory,
 * with a norm of its own; this thread then tells the invalid rows and
 * the reader's messages, in order, and writes the output out.  Input
 * that cannot be cut is read here, in batches, to the same end.
 */
struct norm_event {
	unsigned long line;
	size_t out;		/* where its row's output starts */
	size_t prob, nprob;	/* an invalid row's errors, in probs */
	int err;		/* a reader's error: the next message */
};

/* A batch (rpipe_user). */
struct norm_batch {
	struct csvr_part part;	/* first: rpipe_read */
	struct norm z;		/* set up once, from the first file */
	int ready;
	struct sate_buf b;	/* tidied values */
	struct csvw w;		/* the output */
	struct norm_event *ev;
	size_t nev, capev;
	struct kept probs;
	struct sate_buf msgs;	/* the reader's, each NUL-ended */
	unsigned long nrec;
	int status;		/* of the last reader error */
	int fatal;		/* one that ended the batch */
};

struct norm_run {
	size_t n;		/* columns */
	int drop, strict;
	const struct csvr *first;	/* its header sets every norm */
	struct csvr *r;		/* the file being read */
	size_t file;
	unsigned long bad;
	int status;
};

static void
norm_batch_free(void *user)
{
	struct norm_batch *u = user;

	csvr_part_free(&u->part);
	if (u->ready)
		norm_free(&u->z);
	buf_free(&u->b);
	free(u->w.buf);
	free(u->ev);
	kept_free(&u->probs);
	buf_free(&u->msgs);
}

static struct norm_event *
norm_event(struct norm_batch *u, unsigned long line)
{
	struct norm_event *e;

	if (u->nev == u->capev) {
		u->capev = u->capev ? 2 * u->capev : 64;
		u->ev = xrealloc(u->ev, u->capev * sizeof *u->ev);
	}
	e = &u->ev[u->nev++];
	e->line = line;
	e->out = u->w.len;
	e->prob = u->probs.n;
	e->nprob = 0;
	e->err = 0;
	return e;
}

/* Keep an invalid row's errors (warnings are not told), with values. */
static void
norm_keep_bad(struct norm_batch *u, const struct sate_rec *raw,
    const struct roster_problem *p, size_t np)
{
	struct norm_event *e = norm_event(u, raw->line);
	size_t i;

	for (i = 0; i < np; i++) {
		if (p[i].aviso)
			continue;
		kept_add(&u->probs, &p[i], &raw->f[p[i].col]);
		e->nprob++;
	}
}

/* Keep the reader's error. */
static void
norm_keep_error(struct norm_batch *u, const struct csvr *r)
{
	norm_event(u, csvr_line(r))->err = 1;
	buf_add_str(&u->msgs, csvr_deferred(r));
	u->status = csvr_status(r);
	u->fatal = csvr_fatal(r);
}

/* What is left of r's records, up to max records and messages, checked,
 * tidied and written into u; returns whether there may be more. */
static int
norm_records(void *arg, void *user, struct csvr *r, unsigned long max)
{
	const struct norm_run *c = arg;
	struct norm_batch *u = user;
	struct norm *z = &u->z;
	struct roster_problem p[ROSTER_MAXPROB];
	struct sate_rec *rec, tidy;
	size_t j, np, changed;
	int rc, errs, valid;

	if (!u->ready) {
		norm_setup(z, c->first);
		csvw_init_mem(&u->w, sate_out);
		u->ready = 1;
	}
	for (;;) {
		if (u->nrec + u->nev >= max)
			return 1;
		if (u->fatal || (rc = csvr_next(r, &rec)) == 0)
			return 0;
		if (rc < 0) {
			norm_keep_error(u, r);
			continue;
		}
		u->nrec++;
		/* Most rows are valid and tidy as they came: checked as they
		 * are, then one quick test.  The others are tidied, and the
		 * tidy values checked. */
		np = roster_check(z->k, &z->rc, rec, p);
		if (np == 0 && norm_all_same(z, rec, 1)) {
			changed = 0;
			norm_as_is(z, rec);
		} else {
			changed = norm_tidy(z, rec, &u->b);
			tidy.f = z->cur;
			tidy.n = c->n;
			tidy.line = rec->line;
			tidy.plain = 0;
			np = roster_check(z->k, &z->rc, &tidy, p);
		}
		for (j = errs = 0; j < np; j++)
			errs += !p[j].aviso;
		valid = errs == 0;
		if (!valid) {
			norm_keep_bad(u, rec, p, np);
			if (c->drop)
				continue;
			csvw_recfields(&u->w, rec, 0, c->n);
		} else if (changed == 0 && !z->inplace) {
			csvw_recfields(&u->w, rec, 0, c->n);
		} else {
			write_valid(&u->w, z, rec);
		}
		/* The appended values: nivel, entidad and sostenimiento
		 * are words that need no quotes. */
		if (z->nadd > 0 && valid && z->cur[z->rc.cct].len == 10) {
			(void)derived_value(z, 0, z->cur[z->rc.cct].p);
			csvw_raw(&u->w, z->suffix, z->sufflen);
		} else if (z->nadd > 0) {
			csvw_raw(&u->w, z->empty, (size_t)z->nadd);
		}
		csvw_endrec(&u->w);
	}
}

/* A worker's part: the records of a chunk. */
static void
norm_work(void *arg, struct rpipe_batch *b)
{
	const struct norm_run *c = arg;
	struct norm_batch *u = rpipe_user(b);

	(void)norm_records(arg, u, csvr_part_load(&u->part, c->r, c->file),
	    ULONG_MAX);
}

/* This thread's part, batch by batch in order: the invalid rows and the
 * reader's errors told, the output written; with --strict, the output
 * up to the first invalid row, and the end; after a fatal error, the
 * output, and the end. */
static void
norm_done(void *arg, struct rpipe_batch *b)
{
	struct norm_run *c = arg;
	struct norm_batch *u = rpipe_user(b);
	const struct norm_event *e;
	const struct roster_problem *q;
	const char *v, *m = u->msgs.p;
	size_t i, j;

	for (i = 0; i < u->nev; i++) {
		e = &u->ev[i];
		if (e->err) {
			sate_msg(NULL, m);
			m += strlen(m) + 1;
			continue;
		}
		if (c->strict)
			csvw_raw(sate_out, u->w.buf, e->out);
		for (j = e->prob; j < e->prob + e->nprob; j++) {
			q = &u->probs.prob[j].p;
			v = kept_val(&u->probs, j);
			if (c->strict && *q->esperado)
				csvr_error_at(c->r, e->line, q->col,
				    "'%s': %s (expected %s)", v, _(q->what),
				    q->esperado);
			else if (c->strict)
				csvr_error_at(c->r, e->line, q->col,
				    "'%s': %s", v, _(q->what));
			else if (*q->esperado)
				csvr_warning_at(c->r, e->line, q->col,
				    "'%s': %s (expected %s)", v, _(q->what),
				    q->esperado);
			else
				csvr_warning_at(c->r, e->line, q->col,
				    "'%s': %s", v, _(q->what));
		}
		if (c->strict)
			exit(SATE_EXIT_DATA);
		c->bad++;
	}
	csvw_raw(sate_out, u->w.buf, u->w.len);
	csvr_add_records(c->r, u->nrec, u->part.chunk.len);
	if (u->status != 0)
		c->status = u->status;
	if (u->fatal)
		exit(u->status);
	u->w.len = 0;
	u->nev = 0;
	u->nrec = 0;
	u->status = 0;
	u->msgs.len = 0;
	kept_clear(&u->probs);
}

static int
cmd_normalize(int argc, char **argv, struct sate_opts *o)
{
	enum { OPT_DROP = SATE_OPT_FIRST_PROGRAM, OPT_STRICT };
	static const struct option longopts[] = {
		SATE_LONGOPTS,
		{ "drop-invalid", no_argument, NULL, OPT_DROP },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ NULL, 0, NULL, 0 }
	};
	struct rpipe_ops ops = { norm_work, norm_done, norm_batch_free,
	    sizeof(struct norm_batch), NULL, 0, norm_records };
	struct csvr *r, *first = NULL;
	struct rpipe *pipe = NULL;
	struct norm_run c;
	struct norm z;
	size_t i;
	int ch, ai, d;

	memset(&c, 0, sizeof c);
	while ((ch = getopt_long(argc, argv, SATE_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (sate_common_opt(o, ch, optarg, normalize_help))
			continue;
		switch (ch) {
		case OPT_DROP:
			c.drop = 1;
			break;
		case OPT_STRICT:
			c.strict = 1;
			break;
		default:
			sate_usage(normalize_synopsis,
			    "sate-roster normalize");
		}
	}
	if (c.drop && c.strict) {
		error("--drop-invalid and --strict exclude each other");
		sate_usage(normalize_synopsis,
		    "sate-roster normalize");
	}
	csvw_setup(o);
	ai = optind;
	do {
		r = open_input(ai < argc ? argv[ai] : "-", o, 0);
		if (first == NULL) {
			c.n = csvr_ncols(r);
			norm_setup(&z, r);
			/* As check: a student roster or a school list, not
			 * any CSV (a semicolon file read with ',' is one
			 * column, which would pass unchanged). */
			if (!z.rc.alumnos && z.rc.escuela < 0) {
				static const char *const need[] = { "curp",
				    NULL };
				int dummy;

				csvr_require(r, need, &dummy);
				exit(SATE_EXIT_DATA);
			}
			for (i = 0; i < c.n; i++)
				csvw_str(sate_out, csvr_colname(r, i));
			for (d = 0; d < ND; d++)
				if (z.dcol[d] == -1)
					csvw_str(sate_out, derived_names[d]);
			csvw_endrec(sate_out);
			norm_free(&z);
			first = r;
			c.first = r;
			ops.arg = &c;
			ops.threads = sate_ncores();
			pipe = rpipe_new(&ops);
		} else {
			if (csvr_same_header(first, r) < 0)
				exit(SATE_EXIT_DATA);
		}
		c.r = r;	/* the pipe is drained */
		c.file++;
		if (rpipe_read(pipe, r, NULL) < 0)
			exit(csvr_status(r));
		if (r != first)
			csvr_close(r);
	} while (++ai < argc);
	rpipe_free(pipe);
	if (c.bad > 0 && c.drop)
		warning(ngettext("%lu invalid row left out",
		    "%lu invalid rows left out", c.bad), c.bad);
	else if (c.bad > 0)
		warning(ngettext("%lu invalid row written unchanged",
		    "%lu invalid rows written unchanged", c.bad), c.bad);
	csvr_close(first);
	return c.status;
}

/* -------------------------------------------------------------- join */

static const char *const join_help[] = {
N_("usage: sate-roster join -r ROSTER [--on curp|cct] [--columns LIST]\n"
   "                        [--strict] [options] [FILE...]\n"
   "\n"),
N_("Add to every row of the FILEs (or stdin) the columns of the ROSTER row\n"
   "with the same key.  The roster is held in memory, the stream is not.\n"
   "A key missing from the roster leaves the added columns empty; such\n"
   "rows are counted on stderr.  A key twice in the roster is an error;\n"
   "roster rows with estatus baja are left out.\n"
   "\n"),
N_("Options:\n"),
N_("  -r, --roster=FILE     the roster (alumnos or escuelas CSV)\n"),
N_("      --on=KEY          the key column: curp (default) or cct\n"),
N_("      --columns=LIST    the roster columns to add, comma-separated\n"
   "                        (default: every one the input does not have)\n"),
N_("      --strict          a key missing from the roster is an error\n"),
SATE_HELP_COMMON,
NULL
};

struct joined {
	size_t off;		/* the added values, NUL-separated */
	unsigned long line;
};

/* The key of a field, trimmed and upper-cased into buf; its length. */
static size_t
join_key(const struct sate_field *f, char *buf, size_t size)
{
	size_t n = text_ident(f->p, f->len, buf, size);

	if (n == (size_t)-1) {	/* too long to be a key: as it is */
		n = size - 1;
		memcpy(buf, f->p, n);
		buf[n] = '\0';
	}
	return n;
}

/*
 * The stream is joined on every core, as check reads: each worker reads
 * a chunk and writes its rows with the roster's columns into its
 * batch's memory (the roster, in memory, only read), and the reading
 * thread writes the batches out in order, with their messages.  With
 * --strict the first key not in the roster ends the run after the rows
 * before it.  Input that cannot be cut is joined here, in batches.
 */
struct join_run {
	const struct sate_map *m;	/* key -> struct joined */
	const struct sate_buf *vals;
	int key;		/* the stream's key column */
	size_t n, nadd;		/* the stream's columns; the added ones */
	int strict;
	struct csvr *r;		/* the stream file being read */
	size_t file;
	const char *roster;	/* its name, for messages */
	/* the reading thread's own */
	unsigned long missing;
	int status;		/* of the last reader error */
};

/* A batch (rpipe_user). */
struct join_batch {
	struct csvr_part part;	/* first: rpipe_read */
	struct csvw w;		/* the output */
	int ready;
	struct sate_buf msgs;	/* the reader's errors, each NUL-ended */
	size_t nmsg;
	unsigned long nrec, missing;
	int status;		/* of the last reader error */
	int fatal;		/* one that ended the batch */
	/* --strict: the key not in the roster, the end */
	int miss;
	unsigned long miss_line;
	size_t miss_out;	/* the output before it */
	struct sate_buf miss_val;
};

static void
join_batch_free(void *user)
{
	struct join_batch *u = user;

	csvr_part_free(&u->part);
	free(u->w.buf);
	buf_free(&u->msgs);
	buf_free(&u->miss_val);
}

/* Join what is left of r's records, up to max records and messages,
 * into u; returns whether there may be more. */
static int
join_records(void *arg, void *user, struct csvr *r, unsigned long max)
{
	const struct join_run *c = arg;
	struct join_batch *u = user;
	const struct joined *j;
	struct sate_rec *rec;
	const char *v;
	char key[64];
	size_t i, klen, l;
	int rc;

	if (!u->ready) {
		csvw_init_mem(&u->w, sate_out);
		u->ready = 1;
	}
	for (;;) {
		if (u->nrec + u->nmsg >= max)
			return 1;
		if (u->fatal || u->miss || (rc = csvr_next(r, &rec)) == 0)
			return 0;
		if (rc < 0) {
			buf_add_str(&u->msgs, csvr_deferred(r));
			u->nmsg++;
			u->status = csvr_status(r);
			u->fatal = csvr_fatal(r);
			continue;
		}
		u->nrec++;
		klen = join_key(&rec->f[c->key], key, sizeof key);
		j = klen ? map_get(c->m, key, klen) : NULL;
		if (j == NULL && c->strict) {
			u->miss = 1;
			u->miss_line = rec->line;
			u->miss_out = u->w.len;
			u->miss_val.len = 0;
			buf_add_str(&u->miss_val, rec->f[c->key].p);
			return 0;
		}
		for (i = 0; i < c->n; i++)
			csvw_field(&u->w, rec->f[i].p, rec->f[i].len);
		if (j == NULL) {
			u->missing++;
			for (i = 0; i < c->nadd; i++)
				csvw_field(&u->w, "", 0);
		} else {
			v = c->vals->p + j->off;
			for (i = 0; i < c->nadd; i++) {
				l = strlen(v);
				csvw_field(&u->w, v, l);
				v += l + 1;
			}
		}
		csvw_endrec(&u->w);
	}
}

/* A worker's part: the records of a chunk. */
static void
join_work(void *arg, struct rpipe_batch *b)
{
	const struct join_run *c = arg;
	struct join_batch *u = rpipe_user(b);

	(void)join_records(arg, u, csvr_part_load(&u->part, c->r, c->file),
	    ULONG_MAX);
}

/* The reading thread's part, batch by batch in order. */
static void
join_done(void *arg, struct rpipe_batch *b)
{
	struct join_run *c = arg;
	struct join_batch *u = rpipe_user(b);
	const char *m = u->msgs.p;
	size_t i;

	for (i = 0; i < u->nmsg; i++, m += strlen(m) + 1)
		sate_msg(NULL, m);
	if (u->status != 0)
		c->status = u->status;
	if (u->miss) {
		csvw_raw(sate_out, u->w.buf, u->miss_out);
		csvr_error_at(c->r, u->miss_line, c->key, "'%s' is not in the "
		    "roster %s", u->miss_val.p, c->roster);
		exit(SATE_EXIT_DATA);
	}
	csvw_raw(sate_out, u->w.buf, u->w.len);
	if (u->fatal)
		exit(u->status);
	csvr_add_records(c->r, u->nrec, u->part.chunk.len);
	c->missing += u->missing;
	u->w.len = 0;
	u->nrec = u->missing = 0;
	u->nmsg = 0;
	u->msgs.len = 0;
	u->status = 0;
}

static int
cmd_join(int argc, char **argv, struct sate_opts *o)
{
	enum { OPT_ON = SATE_OPT_FIRST_PROGRAM, OPT_COLUMNS, OPT_STRICT };
	static const struct option longopts[] = {
		SATE_LONGOPTS,
		{ "roster", required_argument, NULL, 'r' },
		{ "on", required_argument, NULL, OPT_ON },
		{ "columns", required_argument, NULL, OPT_COLUMNS },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ NULL, 0, NULL, 0 }
	};
	const char *roster = NULL, *on = "curp";
	char *list = NULL, *names[64], key[64];
	int add[64], keyidx[2] = { -1, -1 };
	const char *need[2] = { NULL, NULL };
	struct sate_buf vals = { NULL, 0, 0 };
	struct sate_map *m;
	struct csvr *rr, *r, *first = NULL;
	struct sate_rec *rec;
	struct joined *j;
	struct join_run jc;
	struct rpipe_ops ops = { join_work, join_done, join_batch_free,
	    sizeof(struct join_batch), NULL, 0, join_records };
	struct rpipe *pipe;
	size_t i, nadd = 0, klen;
	unsigned long missing = 0, nokey = 0;
	int c, rc_, ai, isnew, strict = 0, est, status = SATE_EXIT_OK;

	memset(&jc, 0, sizeof jc);
	while ((c = getopt_long(argc, argv, SATE_SHORTOPTS "r:", longopts,
	    NULL)) != -1) {
		if (sate_common_opt(o, c, optarg, join_help))
			continue;
		switch (c) {
		case 'r':
			roster = optarg;
			break;
		case OPT_ON:
			if (strcmp(optarg, "curp") != 0 &&
			    strcmp(optarg, "cct") != 0) {
				error("bad --on '%s' (use curp or cct)",
				    optarg);
				sate_usage(join_synopsis, "sate-roster join");
			}
			on = optarg;
			break;
		case OPT_COLUMNS:
			list = optarg;
			break;
		case OPT_STRICT:
			strict = 1;
			break;
		default:
			sate_usage(join_synopsis, "sate-roster join");
		}
	}
	if (roster == NULL) {
		error("missing --roster");
		sate_usage(join_synopsis, "sate-roster join");
	}
	if (list != NULL)
		nadd = split_list(list, names, 64, join_synopsis,
		    "sate-roster join", "--columns");
	csvw_setup(o);
	need[0] = on;

	/* The first input's header, to know which columns it has. */
	ai = optind;
	first = open_input(ai < argc ? argv[ai] : "-", o, 0);
	if (csvr_require(first, need, &keyidx[0]) < 0)
		exit(SATE_EXIT_DATA);

	/* The roster, into memory. */
	rr = open_input(roster, o, 0);
	if (csvr_require(rr, need, &keyidx[1]) < 0)
		exit(SATE_EXIT_DATA);
	if (list != NULL) {
		for (i = 0; i < nadd; i++) {
			need[0] = names[i];
			if (csvr_require(rr, need, &add[i]) < 0)
				exit(SATE_EXIT_USAGE);
			if (csvr_col(first, names[i]) >= 0)
				die(SATE_EXIT_USAGE, "--columns: '%s' is "
				    "already a column of %s (leave it out)",
				    names[i], csvr_name(first));
		}
	} else {
		for (i = 0; i < csvr_ncols(rr) && nadd < 64; i++)
			if ((int)i != keyidx[1] &&
			    csvr_col(first, csvr_colname(rr, i)) < 0)
				add[nadd++] = (int)i;
	}
	est = csvr_col(rr, "estatus");
	m = map_new(sizeof(struct joined));
	while ((rc_ = csvr_next(rr, &rec)) != 0) {
		if (rc_ < 0) {
			if (csvr_fatal(rr))
				exit(csvr_status(rr));
			exit(csvr_status(rr));
		}
		if (est >= 0 && roster_enrolled(rec->f[est].p,
		    rec->f[est].len) == 0)
			continue;
		klen = join_key(&rec->f[keyidx[1]], key, sizeof key);
		if (klen == 0) {
			nokey++;
			continue;
		}
		j = map_put(m, key, klen, &isnew);
		if (!isnew) {
			csvr_error(rr, keyidx[1], "'%s' is also on line %lu "
			    "(a key must be unique in the roster)", key,
			    j->line);
			exit(SATE_EXIT_DATA);
		}
		j->line = rec->line;
		j->off = vals.len;
		for (i = 0; i < nadd; i++) {
			const struct sate_field *f = &rec->f[add[i]];

			buf_reserve(&vals, f->len + 1);
			memcpy(vals.p + vals.len, f->p, f->len);
			vals.p[vals.len + f->len] = '\0';
			vals.len += f->len + 1;
		}
	}
	if (nokey > 0)
		warning(ngettext("%s: %lu row without a %s left out",
		    "%s: %lu rows without a %s left out", nokey),
		    csvr_name(rr), nokey, on);

	/* The header, then the stream. */
	for (i = 0; i < csvr_ncols(first); i++)
		csvw_str(sate_out, csvr_colname(first, i));
	for (i = 0; i < nadd; i++)
		csvw_str(sate_out, csvr_colname(rr, (size_t)add[i]));
	csvw_endrec(sate_out);
	jc.m = m;
	jc.vals = &vals;
	jc.key = keyidx[0];
	jc.n = csvr_ncols(first);
	jc.nadd = nadd;
	jc.strict = strict;
	jc.roster = csvr_name(rr);
	ops.arg = &jc;
	ops.threads = sate_ncores();
	pipe = rpipe_new(&ops);
	r = first;
	for (;;) {
		jc.r = r;	/* the pipe is drained */
		jc.file++;
		if (rpipe_read(pipe, r, NULL) < 0)
			exit(csvr_status(r));
		if (r != first)
			csvr_close(r);
		if (++ai >= argc)
			break;
		r = open_input(argv[ai], o, 0);
		if (csvr_same_header(first, r) < 0)
			exit(SATE_EXIT_DATA);
	}
	rpipe_free(pipe);
	missing = jc.missing;
	status = jc.status;
	if (missing > 0)
		warning(ngettext("%lu row with a %s not in the roster %s "
		    "(their roster columns are empty)", "%lu rows with a %s not "
		    "in the roster %s (their roster columns are empty)",
		    missing), missing, on, csvr_name(rr));
	csvr_close(first);
	csvr_close(rr);
	map_free(m);
	buf_free(&vals);
	return status;
}

/* ------------------------------------------------------------- count */

static const char *const count_help[] = {
N_("usage: sate-roster count [--by LIST] [options] [FILE...]\n"
   "\n"),
N_("Count enrolment (estatus activo or alta; an empty estatus counts as\n"
   "activo) by the columns of LIST, any of cct, nivel, grado, grupo, sexo,\n"
   "turno and zona (default: cct,nivel,grado, the 911 statistics).  Writes\n"
   "the LIST columns, then hombres, mujeres, no_binario (unless sexo is in\n"
   "LIST), alumnos, bajas, and grupos (distinct groups, when the input has\n"
   "a grupo column and LIST does not), sorted by the LIST columns.  nivel\n"
   "comes from the CCT when the input has no nivel column, sexo from the\n"
   "CURP when it has no sexo column.\n"
   "\n"),
N_("Options:\n"),
N_("      --by=LIST         the grouping columns, comma-separated\n"),
SATE_HELP_COMMON,
NULL
};

enum { BY_CCT, BY_NIVEL, BY_GRADO, BY_GRUPO, BY_SEXO, BY_TURNO, BY_ZONA,
       NBY };
/* A grade to count by: empty, or a whole number (spaces around are
 * the export's, as normalize would trim them). */
static int
grade_ok(const struct sate_field *f)
{
	char buf[8];
	size_t n = text_ident(f->p, f->len, buf, sizeof buf), i;

	if (n == (size_t)-1)
		return 0;
	for (i = 0; i < n; i++)
		if (buf[i] < '0' || buf[i] > '9')
			return 0;
	return 1;
}

static const char *const by_names[NBY] = { "cct", "nivel", "grado",
    "grupo", "sexo", "turno", "zona" };

struct counts {
	long h, m, x, bajas, grupos;
};

struct count_row {
	const char *key;
	size_t len;
	struct counts *c;
};

static int
cmp_count_row(const void *x, const void *y)
{
	const struct count_row *a = x, *b = y;
	const char *p = a->key, *q = b->key, *pe, *qe;
	const char *pend = a->key + a->len, *qend = b->key + b->len;
	int c;

	for (;;) {
		pe = memchr(p, KEYSEP, (size_t)(pend - p));
		qe = memchr(q, KEYSEP, (size_t)(qend - q));
		if (pe == NULL)
			pe = pend;
		if (qe == NULL)
			qe = qend;
		c = roster_cmp(p, (size_t)(pe - p), q, (size_t)(qe - q));
		if (c != 0 || pe == pend || qe == qend)
			return c;
		p = pe + 1;
		q = qe + 1;
	}
}

/* Append a trimmed value to a key; upper-cased when up. */
static void
key_add(struct sate_buf *k, const char *s, size_t len, int up)
{
	size_t i;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	buf_reserve(k, len + 1);
	if (k->len > 0)
		k->p[k->len++] = KEYSEP;
	for (i = 0; i < len; i++)
		k->p[k->len++] = up && s[i] >= 'a' && s[i] <= 'z' ?
		    (char)(s[i] - 'a' + 'A') : s[i];
}

/*
 * count reads on every core, as check: each worker counts a chunk into
 * maps of its batch's own (the counts by key, and the groups seen with
 * their key's length), and the reading thread adds them up in order.
 * The first bad value ends the run, after the reader's messages before
 * it.  Input that cannot be cut is counted here, in batches.
 */
struct count_run {
	size_t nby;
	int by[NBY], col[NBY], gcol[4];
	int est, sexc, curpc, grupos;
	struct csvr *r;		/* the file being read */
	size_t file;
	/* the reading thread's own */
	struct sate_map *m, *groups;
	int status;		/* of the last reader error */
};

/* A batch (rpipe_user). */
struct count_batch {
	struct csvr_part part;	/* first: rpipe_read */
	struct sate_map *m;	/* key -> struct counts */
	struct sate_map *g;	/* group key -> its key's length */
	struct sate_buf key, gkey;
	struct sate_buf msgs;	/* the reader's errors, each NUL-ended */
	size_t nmsg;
	unsigned long nrec;
	int status;		/* of the last reader error */
	int fatal;		/* one that ended the batch */
	/* a bad value, the end: what kind, its line, column and value */
	enum { BAD_NONE, BAD_ESTATUS, BAD_SEXO, BAD_CURP, BAD_GRADO } bad;
	unsigned long bad_line;
	int bad_col;
	struct sate_buf bad_val;
};

static void
count_batch_free(void *user)
{
	struct count_batch *u = user;

	csvr_part_free(&u->part);
	map_free(u->m);
	map_free(u->g);
	buf_free(&u->key);
	buf_free(&u->gkey);
	buf_free(&u->msgs);
	buf_free(&u->bad_val);
}

/* A bad value ends the batch; it is told in order. */
static void
count_bad(struct count_batch *u, const struct sate_rec *rec, int col,
    int what)
{
	u->bad = what;
	u->bad_line = rec->line;
	u->bad_col = col;
	u->bad_val.len = 0;
	buf_add_str(&u->bad_val, rec->f[col].p);
}

/* Count what is left of r's records, up to max records and messages,
 * into u; returns whether there may be more. */
static int
count_records(void *arg, void *user, struct csvr *r, unsigned long max)
{
	const struct count_run *c = arg;
	struct count_batch *u = user;
	struct sate_rec *rec;
	struct counts *cnt;
	size_t i, *glen;
	int rc, e, isnew;
	char sx, cu[24];

	if (u->m == NULL) {
		u->m = map_new(sizeof(struct counts));
		u->g = map_new(sizeof(size_t));
	}
	for (;;) {
		if (u->nrec + u->nmsg >= max)
			return 1;
		if (u->fatal || u->bad != BAD_NONE ||
		    (rc = csvr_next(r, &rec)) == 0)
			return 0;
		if (rc < 0) {
			buf_add_str(&u->msgs, csvr_deferred(r));
			u->nmsg++;
			u->status = csvr_status(r);
			u->fatal = csvr_fatal(r);
			continue;
		}
		u->nrec++;
		e = c->est < 0 ? 1 : roster_enrolled(rec->f[c->est].p,
		    rec->f[c->est].len);
		if (e < 0) {
			count_bad(u, rec, c->est, BAD_ESTATUS);
			continue;
		}
		if (c->sexc >= 0) {
			sx = roster_sexo(rec->f[c->sexc].p,
			    rec->f[c->sexc].len);
			if (sx == 0) {
				count_bad(u, rec, c->sexc, BAD_SEXO);
				continue;
			}
		} else {
			size_t l = text_ident(rec->f[c->curpc].p,
			    rec->f[c->curpc].len, cu, sizeof cu);

			if (l == (size_t)-1 ||
			    curp_validate(cu, l, NULL) != CURP_OK) {
				count_bad(u, rec, c->curpc, BAD_CURP);
				continue;
			}
			sx = cu[10];
		}
		if (c->gcol[2] >= 0 && !grade_ok(&rec->f[c->gcol[2]])) {
			count_bad(u, rec, c->gcol[2], BAD_GRADO);
			continue;
		}
		u->key.len = 0;
		for (i = 0; i < c->nby; i++) {
			const struct sate_field *f;

			if (c->by[i] == BY_SEXO) {
				key_add(&u->key, &sx, 1, 0);
				continue;
			}
			if (c->col[i] < 0) {	/* nivel from cct */
				const char *nv = "";

				f = &rec->f[-1 - c->col[i]];
				if (text_ident(f->p, f->len, cu,
				    sizeof cu) == 10)
					nv = nivel_name(cct_nivel(cu));
				key_add(&u->key, nv, strlen(nv), 0);
				continue;
			}
			f = &rec->f[c->col[i]];
			key_add(&u->key, f->p, f->len, c->by[i] == BY_CCT);
		}
		buf_reserve(&u->key, 1);
		if (u->key.len == 0)	/* no --by: one total */
			u->key.p[0] = '\0';
		cnt = map_put(u->m, u->key.p, u->key.len, &isnew);
		if (e == 0) {
			cnt->bajas++;
			continue;
		}
		if (sx == 'H')
			cnt->h++;
		else if (sx == 'M')
			cnt->m++;
		else
			cnt->x++;
		if (!c->grupos)
			continue;
		u->gkey.len = 0;
		buf_reserve(&u->gkey, u->key.len + 1);
		memcpy(u->gkey.p, u->key.p, u->key.len);
		u->gkey.len = u->key.len;
		for (i = 0; i < 4; i++) {
			if (c->gcol[i] < 0)
				continue;
			buf_reserve(&u->gkey, 1);
			u->gkey.p[u->gkey.len++] = KEYSEP;
			key_add(&u->gkey, rec->f[c->gcol[i]].p,
			    rec->f[c->gcol[i]].len, 1);
		}
		glen = map_put(u->g, u->gkey.p, u->gkey.len, &isnew);
		*glen = u->key.len;
	}
}

/* A worker's part: the records of a chunk. */
static void
count_work(void *arg, struct rpipe_batch *b)
{
	const struct count_run *c = arg;
	struct count_batch *u = rpipe_user(b);

	(void)count_records(arg, u, csvr_part_load(&u->part, c->r, c->file),
	    ULONG_MAX);
}

/* The reading thread's part, batch by batch in order: the messages, a
 * bad value's end, the counts added up. */
static void
count_done(void *arg, struct rpipe_batch *b)
{
	struct count_run *c = arg;
	struct count_batch *u = rpipe_user(b);
	const struct counts *lc;
	struct counts *cnt;
	const char *m = u->msgs.p, *k, *v = u->bad_val.p;
	const size_t *glen;
	size_t i, n, len;
	unsigned long l = u->bad_line;
	int isnew, col = u->bad_col;

	for (i = 0; i < u->nmsg; i++, m += strlen(m) + 1)
		sate_msg(NULL, m);
	if (u->status != 0)
		c->status = u->status;
	if (u->fatal)
		exit(u->status);
	switch (u->bad) {
	case BAD_NONE:
		break;
	case BAD_ESTATUS:
		csvr_error_at(c->r, l, col, "'%s' is not an estatus (activo, "
		    "alta or baja)", v);
		exit(SATE_EXIT_DATA);
	case BAD_SEXO:
		csvr_error_at(c->r, l, col, "'%s' is not a sex (H, M or X)", v);
		exit(SATE_EXIT_DATA);
	case BAD_CURP:
		csvr_error_at(c->r, l, col, "'%s' is not a valid CURP, and "
		    "there is no sexo column to tell the sex", v);
		exit(SATE_EXIT_DATA);
	case BAD_GRADO:
		csvr_error_at(c->r, l, col, "'%s' is not a grade (a whole "
		    "number)", v);
		exit(SATE_EXIT_DATA);
	}
	n = u->m == NULL ? 0 : map_count(u->m);
	for (i = 0; i < n; i++) {
		lc = map_at(u->m, i, &k, &len);
		cnt = map_put(c->m, k, len, &isnew);
		cnt->h += lc->h;
		cnt->m += lc->m;
		cnt->x += lc->x;
		cnt->bajas += lc->bajas;
	}
	n = u->g == NULL ? 0 : map_count(u->g);
	for (i = 0; i < n; i++) {
		glen = map_at(u->g, i, &k, &len);
		(void)map_put(c->groups, k, len, &isnew);
		if (isnew)
			((struct counts *)map_get(c->m, k, *glen))->grupos++;
	}
	csvr_add_records(c->r, u->nrec, u->part.chunk.len);
	map_free(u->m);
	map_free(u->g);
	u->m = u->g = NULL;
	u->nrec = 0;
	u->nmsg = 0;
	u->msgs.len = 0;
	u->status = 0;
}

static int
cmd_count(int argc, char **argv, struct sate_opts *o)
{
	enum { OPT_BY = SATE_OPT_FIRST_PROGRAM };
	static const struct option longopts[] = {
		SATE_LONGOPTS,
		{ "by", required_argument, NULL, OPT_BY },
		{ NULL, 0, NULL, 0 }
	};
	char *names[NBY * 2], deflist[] = "cct,nivel,grado", *list = deflist;
	struct rpipe_ops ops = { count_work, count_done, count_batch_free,
	    sizeof(struct count_batch), NULL, 0, count_records };
	struct count_run c;
	struct rpipe *pipe;
	struct count_row *rows;
	struct counts *cnt;
	struct csvr *r;
	size_t i, j, nrow;
	int ch, ai, e, sexo_in_by = 0, first = 1;

	memset(&c, 0, sizeof c);
	while ((ch = getopt_long(argc, argv, SATE_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (sate_common_opt(o, ch, optarg, count_help))
			continue;
		if (ch == OPT_BY)
			list = optarg;
		else
			sate_usage(count_synopsis, "sate-roster count");
	}
	c.nby = split_list(list, names, NBY * 2, count_synopsis,
	    "sate-roster count", "--by");
	for (i = 0; i < c.nby; i++) {
		for (j = 0; j < NBY && strcmp(names[i], by_names[j]) != 0;
		    j++)
			;
		if (j == NBY) {
			error("--by: unknown column '%s' (use cct, nivel, "
			    "grado, grupo, sexo, turno or zona)", names[i]);
			sate_usage(count_synopsis, "sate-roster count");
		}
		for (e = 0; e < (int)i; e++)
			if (c.by[e] == (int)j) {
				error("--by: '%s' twice", names[i]);
				sate_usage(count_synopsis, "sate-roster count");
			}
		c.by[i] = (int)j;
		sexo_in_by |= j == BY_SEXO;
	}
	csvw_setup(o);
	c.m = map_new(sizeof(struct counts));
	c.groups = map_new(0);
	ops.arg = &c;
	ops.threads = sate_ncores();
	pipe = rpipe_new(&ops);
	ai = optind;
	do {
		r = open_input(ai < argc ? argv[ai] : "-", o, 0);
		c.sexc = csvr_col(r, "sexo");
		c.curpc = csvr_col(r, "curp");
		c.est = csvr_col(r, "estatus");
		for (i = 0; i < c.nby; i++) {
			const char *need[2] = { by_names[c.by[i]], NULL };

			c.col[i] = csvr_col(r, by_names[c.by[i]]);
			if (c.col[i] < 0 && c.by[i] == BY_NIVEL)
				need[0] = "cct";
			if (c.col[i] < 0 && c.by[i] == BY_SEXO)
				continue;	/* from the CURP */
			if (c.col[i] < 0 &&
			    csvr_require(r, need, &c.col[i]) < 0)
				exit(SATE_EXIT_DATA);
			if (c.by[i] == BY_NIVEL && need[0][0] == 'c')
				c.col[i] = -1 - c.col[i];	/* derive */
		}
		if (c.sexc < 0 && c.curpc < 0) {
			static const char *const need[] = { "sexo", NULL };
			int dummy;

			csvr_require(r, need, &dummy);
			exit(SATE_EXIT_DATA);
		}
		c.gcol[0] = csvr_col(r, "cct");
		c.gcol[1] = csvr_col(r, "turno");
		c.gcol[2] = csvr_col(r, "grado");
		c.gcol[3] = csvr_col(r, "grupo");
		if (first) {
			c.grupos = c.gcol[3] >= 0;
			for (i = 0; i < c.nby; i++)
				c.grupos &= c.by[i] != BY_GRUPO;
			for (i = 0; i < c.nby; i++)
				csvw_str(sate_out, by_names[c.by[i]]);
			if (!sexo_in_by) {
				csvw_str(sate_out, "hombres");
				csvw_str(sate_out, "mujeres");
				csvw_str(sate_out, "no_binario");
			}
			csvw_str(sate_out, "alumnos");
			csvw_str(sate_out, "bajas");
			if (c.grupos)
				csvw_str(sate_out, "grupos");
			csvw_endrec(sate_out);
			first = 0;
		}
		c.r = r;	/* the pipe is drained */
		c.file++;
		if (rpipe_read(pipe, r, NULL) < 0)
			exit(csvr_status(r));
		csvr_close(r);
	} while (++ai < argc);
	rpipe_free(pipe);
	/* Counts of an input with a refused record would be wrong counts
	 * that look right: every bad record has been reported, write none. */
	if (c.status != SATE_EXIT_OK)
		exit(c.status);

	nrow = map_count(c.m);
	rows = xcalloc(nrow ? nrow : 1, sizeof *rows);
	for (i = 0; i < nrow; i++)
		rows[i].c = map_at(c.m, i, &rows[i].key, &rows[i].len);
	qsort(rows, nrow, sizeof *rows, cmp_count_row);
	for (i = 0; i < nrow; i++) {
		const char *p = rows[i].key, *end = p + rows[i].len, *q;

		for (j = 0; j < c.nby; j++) {
			q = memchr(p, KEYSEP, (size_t)(end - p));
			if (q == NULL)
				q = end;
			csvw_field(sate_out, p, (size_t)(q - p));
			p = q + 1;
		}
		cnt = rows[i].c;
		if (!sexo_in_by) {
			csvw_long(sate_out, cnt->h);
			csvw_long(sate_out, cnt->m);
			csvw_long(sate_out, cnt->x);
		}
		csvw_long(sate_out, cnt->h + cnt->m + cnt->x);
		csvw_long(sate_out, cnt->bajas);
		if (c.grupos)
			csvw_long(sate_out, cnt->grupos);
		csvw_endrec(sate_out);
	}
	free(rows);
	map_free(c.m);
	map_free(c.groups);
	return c.status;
}

/* -------------------------------------------------------------- pair */

static const char *const pair_help[] = {
N_("usage: sate-roster pair --by COLUMN [--keep PAIRS] [--avoid PAIRS]\n"
   "                        [options] [FILE...]\n"
   "\n"),
N_("Form the school groups of an Aprendizaje entre escuelas session from\n"
   "one row per school (cct, and escuela and nivel when there) with an\n"
   "indicator COLUMN, higher meaning more need.  Within each nivel (from\n"
   "the CCT when there is no nivel column) the school of least need is\n"
   "grouped with the one of most need, the next with the next: groups of\n"
   "2, and one of 3 when the count is odd.  Writes\n"
   "grupo,cct,escuela,nivel,rol,COLUMN (rol: apoya, recibe, or sin_par for\n"
   "a school alone in its nivel).\n"
   "\n"),
N_("Options:\n"),
N_("      --by=COLUMN       the indicator: a number, higher is more need\n"),
N_("      --keep=PAIRS      keep the groups of an earlier session (a CSV with\n"
   "                        grupo and cct, such as this command's output)\n"),
N_("      --avoid=PAIRS     do not group again schools grouped in PAIRS\n"),
SATE_HELP_COMMON,
NULL
};

struct school {
	char *cct, *escuela, *nivel, *value;
	unsigned long line;
	char *file;
};

struct pairs {
	struct sate_map *idx;	/* cct -> school index + 1 */
	struct sate_map *avoid;	/* "CCT1 CCT2" (sorted) */
	struct pair_school *ps;
};

/* A field trimmed, upper-cased when up, in a string of its own. */
static char *
dupfield(const struct sate_field *f, int up)
{
	const char *s = f->p;
	size_t len = f->len, i;
	char *d;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	d = xstrndup(s, len);
	for (i = 0; up && i < len; i++)
		if (d[i] >= 'a' && d[i] <= 'z')
			d[i] = (char)(d[i] - 'a' + 'A');
	return d;
}

/* The key of two schools' pair, in byte order. */
static size_t
pair_key(struct sate_buf *k, const char *a, const char *b)
{
	const char *t;
	size_t la, lb;

	if (strcmp(a, b) > 0) {
		t = a;
		a = b;
		b = t;
	}
	la = strlen(a);
	lb = strlen(b);
	k->len = 0;
	buf_reserve(k, la + lb + 2);
	memcpy(k->p, a, la);
	k->p[la] = KEYSEP;
	memcpy(k->p + la + 1, b, lb);
	k->len = la + lb + 1;
	return k->len;
}

static struct sate_buf avoid_key;

static int
avoid_pair(void *arg, size_t a, size_t b)
{
	struct pairs *pp = arg;
	size_t n = pair_key(&avoid_key, pp->ps[a].cct, pp->ps[b].cct);

	return map_get(pp->avoid, avoid_key.p, n) != NULL;
}

struct member {
	long grupo;
	char *cct;
};

static int
cmp_member(const void *x, const void *y)
{
	const struct member *a = x, *b = y;

	if (a->grupo != b->grupo)
		return a->grupo < b->grupo ? -1 : 1;
	return strcmp(a->cct, b->cct);
}

/* Read a PAIRS file (grupo, cct): its rows, groups numbered 1, 2, ... in
 * order of first appearance. */
static struct member *
read_pairs(const char *path, const struct sate_opts *o, size_t *nm)
{
	static const char *const need[] = { "grupo", "cct", NULL };
	struct sate_map *labels = map_new(sizeof(long));
	struct member *mem = NULL;
	struct sate_rec *rec;
	struct csvr *r;
	size_t n = 0, cap = 0;
	int idx[2], rc, isnew;
	long *g;

	r = open_input(path, o, 0);
	if (csvr_require(r, need, idx) < 0)
		exit(SATE_EXIT_DATA);
	while ((rc = csvr_next(r, &rec)) != 0) {
		if (rc < 0)
			exit(csvr_status(r));
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			mem = xrealloc(mem, cap * sizeof *mem);
		}
		g = map_put(labels, rec->f[idx[0]].p, rec->f[idx[0]].len,
		    &isnew);
		if (isnew)
			*g = (long)map_count(labels);
		mem[n].grupo = *g;
		mem[n].cct = dupfield(&rec->f[idx[1]], 1);
		n++;
	}
	csvr_close(r);
	map_free(labels);
	*nm = n;
	return mem;
}

static void
free_members(struct member *mem, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(mem[i].cct);
	free(mem);
}

static const struct pair_school *out_ps;

static int
cmp_out(const void *x, const void *y)
{
	const struct pair_school *a = &out_ps[*(const size_t *)x];
	const struct pair_school *b = &out_ps[*(const size_t *)y];

	if (a->grupo != b->grupo)
		return a->grupo < b->grupo ? -1 : 1;
	if (a->rol != b->rol)
		return a->rol < b->rol ? -1 : 1;
	if (a->need != b->need)
		return a->need < b->need ? -1 : 1;
	return strcmp(a->cct, b->cct);
}

static int
cmd_pair(int argc, char **argv, struct sate_opts *o)
{
	enum { OPT_BY = SATE_OPT_FIRST_PROGRAM, OPT_KEEP, OPT_AVOID };
	static const struct option longopts[] = {
		SATE_LONGOPTS,
		{ "by", required_argument, NULL, OPT_BY },
		{ "keep", required_argument, NULL, OPT_KEEP },
		{ "avoid", required_argument, NULL, OPT_AVOID },
		{ NULL, 0, NULL, 0 }
	};
	const char *by = NULL, *keep = NULL, *avoid = NULL;
	const char *need[3] = { "cct", NULL, NULL };
	struct school *sc = NULL;
	struct pairs pp = { NULL, NULL, NULL };
	struct sate_buf k = { NULL, 0, 0 };
	struct member *mem;
	struct sate_rec *rec;
	struct csvr *r;
	size_t n = 0, cap = 0, i, j, nm, bad, *order, *at;
	int c, rc_, ai, isnew, idx[2], esc, niv, status = SATE_EXIT_OK;
	char *end;
	double v;

	while ((c = getopt_long(argc, argv, SATE_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (sate_common_opt(o, c, optarg, pair_help))
			continue;
		switch (c) {
		case OPT_BY:
			by = optarg;
			break;
		case OPT_KEEP:
			keep = optarg;
			break;
		case OPT_AVOID:
			avoid = optarg;
			break;
		default:
			sate_usage(pair_synopsis, "sate-roster pair");
		}
	}
	if (by == NULL) {
		error("missing --by (the indicator column)");
		sate_usage(pair_synopsis, "sate-roster pair");
	}
	csvw_setup(o);
	need[1] = by;
	pp.idx = map_new(sizeof(size_t));
	ai = optind;
	do {
		r = open_input(ai < argc ? argv[ai] : "-", o, 0);
		if (csvr_require(r, need, idx) < 0)
			exit(SATE_EXIT_DATA);
		esc = csvr_col(r, "escuela");
		niv = csvr_col(r, "nivel");
		while ((rc_ = csvr_next(r, &rec)) != 0) {
			struct school *s;

			if (rc_ < 0) {
				read_error(r, &status);
				continue;
			}
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				sc = xrealloc(sc, cap * sizeof *sc);
			}
			s = &sc[n];
			s->cct = dupfield(&rec->f[idx[0]], 1);
			if (*s->cct == '\0') {
				csvr_error(r, idx[0], "missing value");
				exit(SATE_EXIT_DATA);
			}
			s->value = dupfield(&rec->f[idx[1]], 0);
			v = strtod(s->value, &end);
			if (*s->value == '\0' || *end != '\0' || !isfinite(v)) {
				csvr_error(r, idx[1], "'%s' is not a number",
				    s->value);
				exit(SATE_EXIT_DATA);
			}
			at = map_put(pp.idx, s->cct, strlen(s->cct), &isnew);
			if (!isnew) {
				csvr_error(r, idx[0], "'%s' is also on %s:%lu "
				    "(one row per school)", s->cct,
				    sc[*at].file, sc[*at].line);
				exit(SATE_EXIT_DATA);
			}
			*at = n;
			s->escuela = esc >= 0 ? dupfield(&rec->f[esc], 0) :
			    xstrdup("");
			s->nivel = niv >= 0 ? dupfield(&rec->f[niv], 0) : NULL;
			if (s->nivel == NULL || *s->nivel == '\0') {
				free(s->nivel);
				s->nivel = xstrdup(strlen(s->cct) == 10 ?
				    nivel_name(cct_nivel(s->cct)) : "");
			}
			s->line = rec->line;
			s->file = xstrdup(csvr_name(r));
			n++;
		}
		csvr_close(r);
	} while (++ai < argc);
	/* A school left out by a refused record would change every
	 * group: every bad record has been reported, form none. */
	if (status != SATE_EXIT_OK)
		exit(status);

	pp.ps = xcalloc(n ? n : 1, sizeof *pp.ps);
	for (i = 0; i < n; i++) {
		pp.ps[i].cct = sc[i].cct;
		pp.ps[i].nivel = sc[i].nivel;
		pp.ps[i].need = strtod(sc[i].value, NULL);
	}
	if (keep != NULL) {
		mem = read_pairs(keep, o, &nm);
		for (i = 0; i < nm; i++)
			if ((at = map_get(pp.idx, mem[i].cct,
			    strlen(mem[i].cct))) != NULL)
				pp.ps[*at].keep = mem[i].grupo;
		free_members(mem, nm);
	}
	if (avoid != NULL) {
		pp.avoid = map_new(0);
		mem = read_pairs(avoid, o, &nm);
		qsort(mem, nm, sizeof *mem, cmp_member);
		for (i = 0; i < nm; i++)
			for (j = i + 1; j < nm && mem[j].grupo ==
			    mem[i].grupo; j++)
				map_put(pp.avoid, k.p, pair_key(&k,
				    mem[i].cct, mem[j].cct), NULL);
		free_members(mem, nm);
	}
	bad = pair_schools(pp.ps, n, avoid ? avoid_pair : NULL, &pp);
	if (bad > 0)
		warning(ngettext("%zu pair of %s repeated (no other school "
		    "of the nivel was left)", "%zu pairs of %s repeated (no "
		    "other school of the nivel was left)", bad), bad, avoid);

	order = xcalloc(n ? n : 1, sizeof *order);
	for (i = 0; i < n; i++)
		order[i] = i;
	out_ps = pp.ps;
	qsort(order, n, sizeof *order, cmp_out);
	csvw_str(sate_out, "grupo");
	csvw_str(sate_out, "cct");
	csvw_str(sate_out, "escuela");
	csvw_str(sate_out, "nivel");
	csvw_str(sate_out, "rol");
	csvw_str(sate_out, by);
	csvw_endrec(sate_out);
	for (i = 0; i < n; i++) {
		const struct school *s = &sc[order[i]];

		csvw_long(sate_out, pp.ps[order[i]].grupo);
		csvw_str(sate_out, s->cct);
		csvw_str(sate_out, s->escuela);
		csvw_str(sate_out, s->nivel);
		csvw_str(sate_out, pair_rol_name(pp.ps[order[i]].rol));
		csvw_str(sate_out, s->value);
		csvw_endrec(sate_out);
	}
	for (i = 0; i < n; i++) {
		free(sc[i].cct);
		free(sc[i].escuela);
		free(sc[i].nivel);
		free(sc[i].value);
		free(sc[i].file);
	}
	free(sc);
	free(order);
	free(pp.ps);
	map_free(pp.idx);
	map_free(pp.avoid);
	buf_free(&k);
	buf_free(&avoid_key);
	return status;
}

/* -------------------------------------------------------------- main */

static const struct command {
	const char *name;
	int (*run)(int, char **, struct sate_opts *);
} commands[] = {
	{ "check", cmd_check },
	{ "normalize", cmd_normalize },
	{ "join", cmd_join },
	{ "count", cmd_count },
	{ "pair", cmd_pair }
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		SATE_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct sate_opts o;
	size_t i;
	int c;

	sate_init(argv[0]);
	sate_getopt_prepare(argv);
	sate_opts_init(&o);
	if (argc < 2 || argv[1][0] == '-') {
		while ((c = getopt_long(argc, argv, SATE_SHORTOPTS, longopts,
		    NULL)) != -1)
			if (!sate_common_opt(&o, c, optarg, help))
				sate_usage(synopsis, NULL);
		error("missing command (check, normalize, join, count or "
		    "pair)");
		sate_usage(synopsis, NULL);
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			argv[1] = (char *)sate_prog;
			return commands[i].run(argc - 1, argv + 1, &o);
		}
	error("unknown command '%s' (use check, normalize, join, count or "
	    "pair)", argv[1]);
	sate_usage(synopsis, NULL);
}
