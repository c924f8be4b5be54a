/*
 * sate-alert - SisAT early-warning flags for every student, each with its
 * reason
 *
 * One record at a time: each row is parsed under a plan made once from
 * the header (lib/sisat.c), evaluated, and written with its levels,
 * flags, traffic light and reasons.  With --previous, the previous
 * period's students are held in a map keyed by CURP.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

static const char *const synopsis = N_("sate-alert [options] [FILE...]");

static const char *const help[] = {
N_("usage: sate-alert [options] [FILE...]\n"
   "\n"),
N_("Flag the students who need support, SisAT style: one output row per\n"
   "input row (one student in one period), with the levels computed from\n"
   "raw scores, the number of flags (senales), the traffic light\n"
   "(semaforo: rojo, amarillo, verde) and the reasons (motivos).\n"),
N_("Required columns: curp, cct, grado, grupo, ciclo, periodo.  A rule runs\n"
   "when its columns are present: lectura (or lectura_puntos, or\n"
   "lectura_c1..lectura_c6), escritura (or escritura_c1..escritura_c8),\n"
   "calculo (or calculo_aciertos, or calculo_r1..calculo_r10),\n"
   "calif_espanol, calif_matematicas, faltas with dias_lectivos,\n"
   "participacion, convivencia.  No demographic column counts toward risk.\n"
   "\n"),
N_("Options:\n"),
N_("      --rules=FILE      load rules (key = value lines) from FILE\n"),
N_("      --print-rules     print the rules in force in that format and exit;\n"
   "                        with FILEs, also which rules run on each\n"),
N_("      --previous=FILE   the previous period's sate-alert output: add\n"
   "                        tendencia and apply the rule of two consecutive\n"
   "                        periods at requiere_apoyo\n"),
N_("      --only=LIST       write only these colours (rojo,amarillo,verde)\n"),
N_("      --explain         write one row per flag: the keys, semaforo, senal\n"
   "                        and valor\n"),
N_("      --skip-invalid    leave rows with bad values out, with a warning,\n"
   "                        instead of stopping\n"),
N_("Rules (also keys of the rules file; defaults in brackets):\n"),
N_("      --lectura=on|off, --escritura=on|off, --calculo=on|off,\n"
   "      --calificacion=on|off, --inasistencia=on|off,\n"
   "      --participacion=on|off, --convivencia=on|off,\n"
   "      --consecutivo=on|off\n"
   "                        switch a rule [all on]\n"),
/* xgettext:no-c-format */
N_("      --absence-pct=N   inasistencia from faltas >= N % of dias_lectivos\n"
   "                        [10]\n"),
N_("      --min-days=N      judge absences only with N dias_lectivos [10]\n"),
N_("      --fail-grade=N    calificacion from a grade <= N [5]\n"),
N_("      --incidents=N     convivencia from N incidents [1]\n"),
N_("      --rojo-at=N       rojo from N flags [2]\n"),
N_("      --lectura-esperado=N, --lectura-desarrollo=N\n"
   "                        lectura total (6-18) cut-offs [15, 10]\n"),
N_("      --escritura-esperado=N, --escritura-desarrollo=N\n"
   "                        escritura cut-offs, scaled to 6-18 [15, 10]\n"),
N_("      --calculo-esperado=N, --calculo-desarrollo=N\n"
   "                        calculo right answers (0-10) cut-offs [8, 5]\n"),
N_("      --calculo-iv=on|off\n"
   "                        an item coded IV counts as right [on]\n"),
N_("Shared options:\n"),
SATE_HELP_COMMON,
N_("\n"
   "Exit status: 0 done, 2 usage, 3 bad input data, 4 I/O failure.\n"
   "See sate-alert(1).\n"),
NULL
};

enum {
	OPT_RULES = SATE_OPT_FIRST_PROGRAM, OPT_PRINT_RULES, OPT_PREVIOUS,
	OPT_ONLY, OPT_EXPLAIN, OPT_SKIP_INVALID, OPT_KEY = 0x300
};

#define NKEYCOLS 6
static const char *const keycols[NKEYCOLS + 1] = {
	"curp", "cct", "grado", "grupo", "ciclo", "periodo", NULL
};

/* What the previous period says of a student. */
struct prev {
	unsigned apoyo;			/* skills at requiere_apoyo */
	int color;
	unsigned long line;
};

static struct sisat_rules rules;
static struct sate_opts opts;
static const char *prevpath;		/* --previous */
static struct sate_map *previous;	/* curp -> struct prev */
static unsigned only = 7;		/* bit per colour */
static int explain, skip_invalid;
static unsigned long nskipped;

/* The output plan of the current file. */
static struct sisat_plan plan;
static int keyidx[NKEYCOLS];
static int *keep;			/* input columns written */
static size_t nkeep;
/* The same as runs of consecutive columns, each written in one copy. */
static struct run {
	size_t from, to;
} *runs;
static size_t nruns;
static int nlevels;			/* levels computed from scores */
static int levelk[SISAT_NSKILLS];	/* ... their skills */
static struct csvr *first;		/* the first file, kept for its header */

static void
parse_only(const char *arg)
{
	const char *s = arg, *e;
	int c;

	only = 0;
	for (;;) {
		e = strchr(s, ',');
		if (e == NULL)
			e = s + strlen(s);
		if ((c = sisat_parse_color(s, (size_t)(e - s))) < 0)
			die(SATE_EXIT_USAGE, "bad --only '%s' (use rojo, "
			    "amarillo or verde, separated by commas)", arg);
		only |= 1U << c;
		if (*e == '\0')
			break;
		s = e + 1;
	}
}

/* Look up the slots of the rules and the keys; decide the plan. */
static int
setup(struct csvr *r)
{
	int idx[SISAT_NSLOTS], alias[SISAT_NSKILLS], k, s;
	const char *a;
	char err[256];

	if (csvr_require(r, keycols, keyidx) < 0)
		return -1;
	for (s = 0; s < SISAT_NSLOTS; s++)
		idx[s] = csvr_col(r, sisat_slot_name(s));
	for (k = 0; k < SISAT_NSKILLS; k++) {
		alias[k] = 0;
		s = k == 0 ? SISAT_S_LECTURA : k == 1 ? SISAT_S_ESCRITURA :
		    SISAT_S_CALCULO;
		a = sisat_slot_alias(s);
		if (idx[s] < 0 && (idx[s] = csvr_col(r, a)) >= 0)
			alias[k] = 1;
	}
	if (sisat_plan(&plan, &rules, idx, err, sizeof err) < 0)
		return error("%s: %s", csvr_name(r), err);
	for (k = 0; k < SISAT_NSKILLS; k++)
		plan.level_alias[k] = alias[k];
	plan.runs[SISAT_CONSECUTIVO] = rules.on[SISAT_CONSECUTIVO] &&
	    prevpath != NULL;
	return 0;
}

static const char *const skill_out[SISAT_NSKILLS] = {
	"nivel_lectura", "nivel_escritura", "nivel_calculo"
};

/* Whether input column name is one the output computes afresh. */
static int
replaced(const char *name)
{
	int k;

	if (strcmp(name, "senales") == 0 || strcmp(name, "semaforo") == 0 ||
	    strcmp(name, "motivos") == 0 || strcmp(name, "tendencia") == 0)
		return 1;
	for (k = 0; k < SISAT_NSKILLS; k++)
		if (strcmp(name, skill_out[k]) == 0 &&
		    (plan.src[k] == SISAT_SRC_TOTAL ||
		    plan.src[k] == SISAT_SRC_ITEMS))
			return 1;
	return 0;
}

static void
write_header(struct csvr *r)
{
	size_t i, n = csvr_ncols(r);
	int k;

	keep = xcalloc(n, sizeof *keep);
	runs = xcalloc(n, sizeof *runs);
	nkeep = nruns = 0;
	for (i = 0; i < n; i++) {
		if (replaced(csvr_colname(r, i)))
			continue;
		keep[nkeep++] = (int)i;
		if (nruns > 0 && runs[nruns - 1].to == i)
			runs[nruns - 1].to = i + 1;
		else
			runs[nruns++] = (struct run){ i, i + 1 };
	}
	nlevels = 0;
	for (k = 0; k < SISAT_NSKILLS; k++)
		if (plan.src[k] == SISAT_SRC_TOTAL ||
		    plan.src[k] == SISAT_SRC_ITEMS)
			levelk[nlevels++] = k;
	if (explain) {
		for (k = 0; k < NKEYCOLS; k++)
			csvw_str(sate_out, keycols[k]);
		csvw_str(sate_out, "semaforo");
		csvw_str(sate_out, "senal");
		csvw_str(sate_out, "valor");
		csvw_endrec(sate_out);
		return;
	}
	for (i = 0; i < nkeep; i++)
		csvw_str(sate_out, csvr_colname(r, (size_t)keep[i]));
	for (k = 0; k < SISAT_NSKILLS; k++)
		if (plan.src[k] == SISAT_SRC_TOTAL ||
		    plan.src[k] == SISAT_SRC_ITEMS)
			csvw_str(sate_out, skill_out[k]);
	csvw_str(sate_out, "senales");
	csvw_str(sate_out, "semaforo");
	csvw_str(sate_out, "motivos");
	if (previous != NULL)
		csvw_str(sate_out, "tendencia");
	csvw_endrec(sate_out);
}

/* --explain: one row per flag, its name and value from motivos. */
static void
write_explain(struct csvw *out, const struct sate_rec *rec,
    const struct sisat_row *row, const struct sisat_result *res)
{
	char motivos[512];
	const struct sate_field *f = rec->f;
	size_t n;
	int k;
	char *p, *e, *q;

	n = sisat_motivos(row, res, motivos, sizeof motivos);
	for (p = motivos; p < motivos + n; p = e + 1) {
		if ((e = strchr(p, ';')) == NULL)
			e = motivos + n;
		q = memchr(p, '=', (size_t)(e - p));
		for (k = 0; k < NKEYCOLS; k++)
			csvw_field(out, f[keyidx[k]].p, f[keyidx[k]].len);
		csvw_str(out, sisat_color_name(res->color));
		csvw_field(out, p, (size_t)(q - p));
		csvw_field(out, q + 1, (size_t)(e - q - 1));
		csvw_endrec(out);
	}
}

/*
 * The words written on every row, with their lengths, looked up once.
 * Each is padded with NULs to 16 bytes and copied whole (a fixed size:
 * two moves, no call); only its length is kept, the rest is overwritten
 * next.
 */
struct word {
	char s[16];
	size_t len;
};

static struct word level_words[SISAT_ESPERADO + 1];
static struct word color_words[SISAT_ROJO + 1];

static void
set_word(struct word *w, const char *s)
{
	w->len = strlen(s);
	if (w->len >= sizeof w->s)	/* never: the longest has 14 bytes */
		abort();
	memcpy(w->s, s, w->len);
}

static void
set_words(void)
{
	int i;

	for (i = SISAT_NONE; i <= SISAT_ESPERADO; i++)
		set_word(&level_words[i], sisat_level_name(i));
	for (i = SISAT_VERDE; i <= SISAT_ROJO; i++)
		set_word(&color_words[i], sisat_color_name(i));
}

/* A comma and the word w; buf has room for all 16 bytes of it. */
static char *
put_word(char *q, const struct word *w)
{
	*q++ = ',';
	memcpy(q, w->s, sizeof w->s);
	return q + w->len;
}

/*
 * A row: its input fields, then the computed ones (the levels computed
 * from scores, senales, semaforo, motivos and with --previous tendencia),
 * each after a comma in buf and written in one copy.  The computed
 * fields are made only of our own words: level and colour names, digits
 * and motivos' "=;:+/".  None holds a comma, a quote, CR, LF or an edge
 * space, so in comma CSV they need no quoting and no scan for it.
 */
static void
write_row(struct csvw *out, const struct sate_rec *rec,
    const struct sisat_row *row, const struct sisat_result *res)
{
	char buf[1024];
	const struct sate_field *curp = &rec->f[keyidx[0]];
	const char *w, *p, *e;
	char *q = buf;
	size_t i, len;
	int k;

	for (i = 0; i < nruns; i++)
		csvw_recfields(out, rec, runs[i].from, runs[i].to);
	for (k = 0; k < nlevels; k++)
		q = put_word(q, &level_words[row->level[levelk[k]]]);
	*q++ = ',';
	*q++ = (char)('0' + res->senales);	/* at most 7 rules: a digit */
	q = put_word(q, &color_words[res->color]);
	*q++ = ',';
	/* room is left for tendencia */
	q += sisat_motivos(row, res, q, (size_t)(buf + sizeof buf - q) - 32);
	if (previous != NULL) {
		*q++ = ',';
		if (curp->len > 0) {
			w = sisat_tendencia(row, res);
			len = strlen(w);
			memcpy(q, w, len);
			q += len;
		}
	}
	/* The input fields come first (the keys are always kept), so every
	 * computed field follows a delimiter.  The writer of stdout writes
	 * comma CSV; were its delimiter another, the fields go one by one,
	 * split at the commas they cannot otherwise contain. */
	if (out->delim == ',') {
		csvw_raw(out, buf, (size_t)(q - buf));
	} else {
		for (p = buf; p < q; p = e) {
			p++;		/* the comma */
			if ((e = memchr(p, ',', (size_t)(q - p))) == NULL)
				e = q;
			csvw_field(out, p, (size_t)(e - p));
		}
	}
	csvw_endrec(out);
}

/*
 * sate-alert reads on every core: the reading thread cuts each file into
 * chunks of whole records (csvr_chunk), the workers read and evaluate
 * them, each into its batch's memory, and the reading thread writes the
 * batches out in order, with their messages.  A bad value ends the run
 * (with --skip-invalid, a warning), as does a record the reader refuses;
 * the rows before it are written first.  Input that cannot be cut is
 * read here, in batches, to the same end.
 */

struct alert_event {
	unsigned long line;
	size_t out;		/* the output before it */
	int col;		/* a bad value's column */
	int err;		/* 1: the reader's error (the end) */
};

/* A batch (rpipe_user). */
struct alert_batch {
	struct csvr_part part;	/* first: rpipe_read */
	struct csvw w;		/* the output */
	int ready;
	struct alert_event *ev;
	size_t nev, capev;
	struct sate_buf msgs;	/* each event's, NUL-ended */
	unsigned long nrec;
	int status;		/* of the reader's error */
	int stop;		/* an error ended the batch */
};

static struct csvr *cur;	/* the file being read */
static size_t curfile;

static void
alert_batch_free(void *user)
{
	struct alert_batch *u = user;

	csvr_part_free(&u->part);
	free(u->w.buf);
	free(u->ev);
	buf_free(&u->msgs);
}

static void
alert_event(struct alert_batch *u, unsigned long line, int col, int err,
    const char *msg)
{
	struct alert_event *e;

	if (u->nev == u->capev) {
		u->capev = u->capev ? 2 * u->capev : 16;
		u->ev = xrealloc(u->ev, u->capev * sizeof *u->ev);
	}
	e = &u->ev[u->nev++];
	e->line = line;
	e->out = u->w.len;
	e->col = col;
	e->err = err;
	buf_add_str(&u->msgs, msg);
}

/* Evaluate what is left of r's records, up to max records and messages,
 * into u; returns whether there may be more. */
static int
alert_records(void *arg, void *user, struct csvr *r, unsigned long max)
{
	struct alert_batch *u = user;
	struct sate_rec *rec;
	struct sisat_row row;
	struct sisat_result res;
	const struct prev *pv;
	char err[256];
	int rc, col;

	(void)arg;
	if (!u->ready) {
		csvw_init_mem(&u->w, sate_out);
		u->ready = 1;
	}
	memset(&row, 0, sizeof row);
	for (;;) {
		if (u->nrec + u->nev >= max)
			return 1;
		if (u->stop || (rc = csvr_next(r, &rec)) == 0)
			return 0;
		if (rc < 0) {
			alert_event(u, csvr_line(r), -1, 1, csvr_deferred(r));
			u->status = csvr_status(r);
			u->stop = 1;
			return 0;
		}
		u->nrec++;
		if (sisat_read(&plan, &rules, rec->f, &row, &col, err,
		    sizeof err) < 0) {
			alert_event(u, rec->line, col, 0, err);
			u->stop = !skip_invalid;
			continue;
		}
		if (previous != NULL) {
			const struct sate_field *c = &rec->f[keyidx[0]];

			pv = c->len ? map_get(previous, c->p, c->len) : NULL;
			row.prev = pv != NULL;
			row.prev_apoyo = pv ? pv->apoyo : 0;
			row.prev_color = pv ? (enum sisat_color)pv->color :
			    SISAT_VERDE;
		}
		sisat_evaluate(&plan, &rules, &row, &res);
		if (!(only & (1U << res.color)))
			continue;
		if (explain)
			write_explain(&u->w, rec, &row, &res);
		else
			write_row(&u->w, rec, &row, &res);
	}
}

/* A worker's part: the records of a chunk. */
static void
alert_work(void *arg, struct rpipe_batch *b)
{
	struct alert_batch *u = rpipe_user(b);

	(void)alert_records(arg, u, csvr_part_load(&u->part, cur, curfile),
	    ULONG_MAX);
}

/* The reading thread's part, batch by batch in order: the output and
 * the messages; after an error (without --skip-invalid, a bad value)
 * the output before it, and the end. */
static void
alert_done(void *arg, struct rpipe_batch *b)
{
	struct alert_batch *u = rpipe_user(b);
	const struct alert_event *e;
	const char *m = u->msgs.p;
	size_t i;

	(void)arg;
	for (i = 0; i < u->nev; i++, m += strlen(m) + 1) {
		e = &u->ev[i];
		if (e->err || !skip_invalid)
			csvw_raw(sate_out, u->w.buf, e->out);
		if (e->err) {
			sate_msg(NULL, m);
			exit(u->status);
		}
		if (!skip_invalid) {
			csvr_error_at(cur, e->line, e->col, "%s", m);
			exit(SATE_EXIT_DATA);
		}
		csvr_warning_at(cur, e->line, e->col, "%s (row left out)", m);
		nskipped++;
	}
	csvw_raw(sate_out, u->w.buf, u->w.len);
	csvr_add_records(cur, u->nrec, u->part.chunk.len);
	u->w.len = 0;
	u->nev = 0;
	u->nrec = 0;
	u->msgs.len = 0;
}

static void
alert_file(const char *path, struct rpipe *pipe)
{
	struct csvr *r;

	if ((r = csvr_open(path, &opts, 0)) == NULL)
		exit(csvr_open_status());
	if (first != NULL && csvr_same_header(first, r) < 0)
		exit(SATE_EXIT_DATA);
	if (setup(r) < 0)
		exit(SATE_EXIT_DATA);
	if (first == NULL)
		write_header(r);
	cur = r;	/* the pipe is drained */
	curfile++;
	if (rpipe_read(pipe, r, NULL) < 0)
		exit(csvr_status(r));
	if (first == NULL)
		first = r;
	else
		csvr_close(r);
}

/*
 * Load the previous period's output: per CURP, the skills it had at
 * requiere_apoyo and its semaforo.
 */
static void
load_previous(const char *path)
{
	static const char *const need[] = { "curp", "semaforo", NULL };
	static const char *const lv[SISAT_NSKILLS][2] = {
		{ "nivel_lectura", "lectura" },
		{ "nivel_escritura", "escritura" },
		{ "nivel_calculo", "calculo" },
	};
	struct sate_opts po;
	struct csvr *r;
	struct sate_rec *rec;
	struct prev *pv;
	const struct sate_field *f;
	int idx[2], lcol[SISAT_NSKILLS], k, c, rc, isnew;

	sate_opts_init(&po);
	po.max_field = opts.max_field;
	po.progress = opts.progress;
	if ((r = csvr_open(path, &po, 0)) == NULL)
		exit(csvr_open_status());
	if (csvr_require(r, need, idx) < 0)
		exit(SATE_EXIT_DATA);
	for (k = 0; k < SISAT_NSKILLS; k++)
		if ((lcol[k] = csvr_col(r, lv[k][0])) < 0)
			lcol[k] = csvr_col(r, lv[k][1]);
	previous = map_new(sizeof(struct prev));
	while ((rc = csvr_next(r, &rec)) > 0) {
		f = rec->f;
		if (f[idx[0]].len == 0)
			continue;
		if ((c = sisat_parse_color(f[idx[1]].p, f[idx[1]].len)) < 0) {
			csvr_error(r, idx[1], "'%s' is not a semaforo (rojo, "
			    "amarillo or verde)", f[idx[1]].p);
			exit(SATE_EXIT_DATA);
		}
		pv = map_put(previous, f[idx[0]].p, f[idx[0]].len, &isnew);
		if (!isnew) {
			csvr_error(r, idx[0], "'%s' is already on line %lu "
			    "(the previous file holds one period: one row per "
			    "student)", f[idx[0]].p, pv->line);
			exit(SATE_EXIT_DATA);
		}
		pv->line = rec->line;
		pv->color = c;
		for (k = 0; k < SISAT_NSKILLS; k++) {
			if (lcol[k] < 0)
				continue;
			c = sisat_parse_level(f[lcol[k]].p, f[lcol[k]].len);
			if (c < 0) {
				csvr_error(r, lcol[k], "'%s' is not a level "
				    "(requiere_apoyo, en_desarrollo or "
				    "esperado)", f[lcol[k]].p);
				exit(SATE_EXIT_DATA);
			}
			if (c == SISAT_REQUIERE_APOYO)
				pv->apoyo |= 1U << k;
		}
	}
	if (rc < 0)
		exit(csvr_status(r));
	csvr_close(r);
}

/* --print-rules FILE...: which rules run on each file's header. */
static void
print_runs(const char *path)
{
	struct csvr *r;
	char cols[256];
	int k;

	if ((r = csvr_open(path, &opts, 0)) == NULL)
		exit(csvr_open_status());
	if (setup(r) < 0)
		exit(SATE_EXIT_DATA);
	printf("# %s:\n", csvr_name(r));
	for (k = 0; k < SISAT_NRULES; k++) {
		sisat_plan_columns(&plan, (enum sisat_rule)k, cols,
		    sizeof cols);
		if (plan.runs[k])
			printf("#   %-14s runs (%s)\n", sisat_rule_name(k),
			    cols);
		else if (!rules.on[k])
			printf("#   %-14s off\n", sisat_rule_name(k));
		else if (k == SISAT_CONSECUTIVO)
			printf("#   %-14s does not run (no --previous)\n",
			    sisat_rule_name(k));
		else
			printf("#   %-14s does not run (no column)\n",
			    sisat_rule_name(k));
	}
	csvr_close(r);
}

int
main(int argc, char *argv[])
{
	static struct option longopts[64] = {
		SATE_LONGOPTS,
		{ "rules", required_argument, NULL, OPT_RULES },
		{ "print-rules", no_argument, NULL, OPT_PRINT_RULES },
		{ "previous", required_argument, NULL, OPT_PREVIOUS },
		{ "only", required_argument, NULL, OPT_ONLY },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "skip-invalid", no_argument, NULL, OPT_SKIP_INVALID },
	};
	struct rpipe_ops ops = { alert_work, alert_done, alert_batch_free,
	    sizeof(struct alert_batch), NULL, 0, alert_records };
	struct rpipe *pipe;
	const char *expect, *why;
	size_t n, i;
	int c, k, print = 0, st;

	sate_init(argv[0]);
	sate_getopt_prepare(argv);
	sate_opts_init(&opts);
	sisat_rules_init(&rules);
	for (n = 0; longopts[n].name != NULL; n++)
		;
	for (i = 0; sisat_rule_keys[i] != NULL; i++, n++) {
		longopts[n].name = sisat_rule_keys[i];
		longopts[n].has_arg = required_argument;
		longopts[n].flag = NULL;
		longopts[n].val = OPT_KEY + (int)i;
	}
	while ((c = getopt_long(argc, argv, SATE_SHORTOPTS, longopts,
	    NULL)) != -1) {
		if (sate_common_opt(&opts, c, optarg, help))
			continue;
		switch (c) {
		case OPT_RULES:
			if ((st = sisat_rules_load(&rules, optarg)) != 0)
				exit(st);
			break;
		case OPT_PRINT_RULES:
			print = 1;
			break;
		case OPT_PREVIOUS:
			prevpath = optarg;
			break;
		case OPT_ONLY:
			parse_only(optarg);
			break;
		case OPT_EXPLAIN:
			explain = 1;
			break;
		case OPT_SKIP_INVALID:
			skip_invalid = 1;
			break;
		default:
			if (c < OPT_KEY || c >= OPT_KEY + 64)
				sate_usage(synopsis, NULL);
			k = c - OPT_KEY;
			if (sisat_rules_set(&rules, sisat_rule_keys[k], optarg,
			    &expect) < 0)
				die(SATE_EXIT_USAGE, "bad --%s '%s' (use %s)",
				    sisat_rule_keys[k], optarg, expect);
			break;
		}
	}
	if ((why = sisat_rules_check(&rules)) != NULL)
		die(SATE_EXIT_USAGE, "bad rules: %s", why);
	if (print) {
		sisat_rules_print(&rules, stdout);
		for (k = optind; k < argc; k++)
			print_runs(argv[k]);
		return SATE_EXIT_OK;
	}
	csvw_setup(&opts);
	set_words();
	if (prevpath != NULL)
		load_previous(prevpath);
	ops.threads = sate_ncores();
	pipe = rpipe_new(&ops);
	k = optind;
	do
		alert_file(k < argc ? argv[k] : "-", pipe);
	while (++k < argc);
	rpipe_free(pipe);
	csvr_close(first);
	if (nskipped > 0)
		warning(ngettext("%lu row with bad values left out",
		    "%lu rows with bad values left out", nskipped), nskipped);
	return SATE_EXIT_OK;
}
