/*
 * sate-commit - the append-only ledger of CTE commitments and their
 * follow-up
 *
 * sate-commit COMMAND [options] [ARG...], COMMAND one of add, set,
 * status, log, verify.  The rules (fields, statuses, transitions, ids,
 * the fold, the locked durable append) are in lib/ledger.c; this file
 * wires options to record loops.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

enum {
	OPT_LEDGER = SATE_OPT_FIRST_PROGRAM, OPT_ESTATUS, OPT_EVIDENCIA,
	OPT_FECHA, OPT_NOTA, OPT_CORTE, OPT_CCT, OPT_VENCIDOS, OPT_SESION,
	OPT_REPAIR
};

#define LEDGER_OPT	{ "ledger", required_argument, NULL, 'l' }
#define SHORTOPTS	SATE_SHORTOPTS "l:"
#define HELP_LEDGER \
	N_("  -l, --ledger=FILE     the ledger (default: $SATE_LEDGER)\n")

static const char *const synopsis = N_("sate-commit COMMAND [options] [ARG...]");

static const char *const help[] = {
N_("usage: sate-commit COMMAND [options] [ARG...]\n"
   "\n"),
N_("The append-only ledger of the commitments that school collectives take\n"
   "in CTE, CTZ and Aprendizaje entre escuelas sessions, and their\n"
   "follow-up.  The ledger is a CSV file named by --ledger or SATE_LEDGER.\n"
   "\n"),
N_("Commands:\n"
   "  add      record new commitments read as CSV\n"
   "  set      change the status of commitments (one, or a batch as CSV)\n"
   "  status   one row per commitment, with vencido and dias_atraso\n"
   "  log      the history of one commitment\n"
   "  verify   check the whole ledger; --repair moves a torn tail aside\n"
   "\n"),
N_("Run 'sate-commit COMMAND --help' for a command's options.\n"
   "\n"),
N_("Options:\n"),
SATE_HELP_COMMON,
NULL
};

static const char *const add_synopsis = N_("sate-commit add [options] [FILE...]");
static const char *const add_help[] = {
N_("usage: sate-commit add [options] [FILE...]\n"
   "\n"),
N_("Record new commitments, read as CSV from the FILEs (or stdin), each\n"
   "with estatus pendiente and a new id CCT-CICLO-N.  Every row is checked\n"
   "first; one bad row and nothing is added.  Prints the stored lines.\n"
   "\n"),
N_("Columns: cct, ciclo, sesion_fecha, sesion_fase (intensiva, ordinaria,\n"
   "ctz or entre_escuelas), acuerdo, responsable, resultado_esperado,\n"
   "fecha_inicio, fecha_compromiso; optional: sesion_num, ambito,\n"
   "recursos, evidencia, nota.\n"
   "\n"),
N_("Options:\n"),
HELP_LEDGER,
SATE_HELP_COMMON,
NULL
};

static const char *const set_synopsis =
    N_("sate-commit set ID --estatus S [options] | set [options] [FILE...]");
static const char *const set_help[] = {
N_("usage: sate-commit set ID --estatus S [--evidencia TEXT]\n"
   "                       [--fecha-compromiso DATE] [--nota TEXT] [options]\n"
   "       sate-commit set [options] [FILE...]\n"
   "\n"),
N_("Change the status of a commitment, or of many: without --estatus the\n"
   "changes are read as CSV from the FILEs (or stdin), with the columns\n"
   "id, estatus and optionally evidencia, fecha_compromiso and nota; all\n"
   "are checked first, and one bad change and nothing is written.\n"
   "cumplido, no_cumplido and cancelado are closed and stay closed;\n"
   "cumplido needs evidence; reprogramado needs a new date.  Prints the\n"
   "stored lines.\n"
   "\n"),
N_("Options:\n"),
N_("      --estatus=S       en_proceso, cumplido, no_cumplido, reprogramado\n"
   "                        or cancelado\n"),
N_("      --evidencia=TEXT  what shows the commitment was met\n"),
N_("      --fecha-compromiso=DATE\n"
   "                        the new due date (with reprogramado)\n"),
N_("      --nota=TEXT       a note on this change\n"),
HELP_LEDGER,
SATE_HELP_COMMON,
NULL
};

static const char *const status_synopsis = N_("sate-commit status [options]");
static const char *const status_help[] = {
N_("usage: sate-commit status [options]\n"
   "\n"),
N_("Fold the ledger (--ledger, SATE_LEDGER, or stdin) into one row per\n"
   "commitment, as it stands after its last event, with vencido (si|no)\n"
   "and dias_atraso as of the cut date.\n"
   "\n"),
N_("Options:\n"),
N_("      --corte=DATE      the cut date (default: today)\n"),
N_("      --cct=CCT         only this school's commitments\n"),
N_("      --estatus=S       only commitments in this status\n"),
N_("      --vencidos        only overdue commitments\n"),
N_("      --sesion=DATE     only commitments of the session of that date\n"),
HELP_LEDGER,
SATE_HELP_COMMON,
NULL
};

static const char *const log_synopsis = N_("sate-commit log [options] ID");
static const char *const log_help[] = {
N_("usage: sate-commit log [options] ID\n"
   "\n"),
N_("Print the ledger's lines of one commitment, in order (the ledger is\n"
   "--ledger, SATE_LEDGER, or stdin).\n"
   "\n"),
N_("Options:\n"),
HELP_LEDGER,
SATE_HELP_COMMON,
NULL
};

static const char *const verify_synopsis = N_("sate-commit verify [options]");
static const char *const verify_help[] = {
N_("usage: sate-commit verify [options]\n"
   "\n"),
N_("Check the whole ledger (--ledger, SATE_LEDGER, or stdin): its lines,\n"
   "unique ids, fields, legal transitions, batches, and a torn tail.\n"
   "Writes one row per problem; exits 1 when there is any.\n"
   "\n"),
N_("Options:\n"),
N_("      --repair          move a torn tail (an interrupted write) to\n"
   "                        LEDGER.rejected and cut the ledger there\n"),
HELP_LEDGER,
SATE_HELP_COMMON,
NULL
};

/* A row read from input and kept until the append: its fields in one
 * allocation. */
struct row {
	struct sate_field ev[LEDGER_NCOLS];
	char *buf;
	char id[96];
};

/* A change read for set. */
struct change {
	char *buf;			/* id, estatus, evidencia, fecha, nota */
	struct sate_field f[5];
	char *src;			/* file, for messages; NULL: operand */
	unsigned long line;
};

enum { CH_ID, CH_ESTATUS, CH_EVIDENCIA, CH_FECHA, CH_NOTA };

static struct sate_opts opts;
static const char *ledger_path;

static void	copy_fields(struct sate_field *, const struct sate_field *,
		    size_t, char **);
static void	need_ledger(const char *);
static void	open_writer(struct ledger_file *, struct ledger *);
static void	print_header(const char *const *, size_t);
static void	read_ledger_fail(struct csvr *);

/* Copy n fields into one allocation, *buf, and point dst at it. */
static void
copy_fields(struct sate_field *dst, const struct sate_field *src, size_t n,
    char **buf)
{
	size_t i, need = 0, o = 0;
	char *b;

	for (i = 0; i < n; i++)
		need += src[i].len + 1;
	b = xmalloc(need);
	for (i = 0; i < n; i++) {
		memcpy(b + o, src[i].p, src[i].len);
		b[o + src[i].len] = '\0';
		dst[i].p = b + o;
		dst[i].len = src[i].len;
		o += src[i].len + 1;
	}
	*buf = b;
}

static void
need_ledger(const char *cmd)
{
	if (ledger_path == NULL || *ledger_path == '\0')
		die(SATE_EXIT_USAGE, "%s: no ledger (name it with --ledger "
		    "FILE or the SATE_LEDGER environment variable)", cmd);
	if (strcmp(ledger_path, "-") == 0)
		die(SATE_EXIT_USAGE, "%s: the ledger must be a file, not "
		    "stdin", cmd);
}

static void
print_header(const char *const *cols, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		csvw_str(sate_out, cols[i]);
	csvw_endrec(sate_out);
}

static void
read_ledger_fail(struct csvr *r)
{
	int st = csvr_status(r);

	error("%s: the ledger is damaged; nothing was done (run "
	    "'sate-commit verify')", csvr_name(r));
	exit(st ? st : SATE_EXIT_DATA);
}

static void
refuse_tail(const struct ledger_file *lf)
{
	if (lf->good < lf->size)
		die(SATE_EXIT_DATA, "%s:%lu: %s; nothing is appended after "
		    "it (run 'sate-commit verify --repair')", lf->name,
		    lf->cut_line, _(lf->why));
}

/*
 * Open the ledger to write, locked, refuse an interrupted tail, and fold
 * its events into L.
 */
static void
open_writer(struct ledger_file *lf, struct ledger *L)
{
	struct sate_field ev[LEDGER_NCOLS];
	struct sate_rec *rec;
	struct csvr *r;
	int idx[LEDGER_NCOLS], rc, st;

	if (ledger_open(lf, ledger_path, LEDGER_WRITE) < 0)
		exit(lf->status);
	refuse_tail(lf);
	if ((r = ledger_reader(lf, 1, 0, idx, &st)) == NULL)
		exit(st);
	while ((rc = csvr_next(r, &rec)) > 0) {
		ledger_event(rec, idx, ev);
		ledger_apply(L, ev, rec->line);
	}
	if (rc < 0)
		read_ledger_fail(r);
	csvr_close(r);
}

/* ------------------------------------------------------------------ add */

static int
add_read(const char *path, struct row **rows, size_t *nrows, size_t *cap)
{
	static const char *const req[] = {
		"cct", "ciclo", "sesion_fecha", "sesion_fase", "acuerdo",
		"responsable", "resultado_esperado", "fecha_inicio",
		"fecha_compromiso", NULL
	};
	struct sate_field ev[LEDGER_NCOLS];
	struct ledger_problem p;
	struct sate_rec *rec;
	struct csvr *r;
	int map[LEDGER_NCOLS], ridx[16], rc, bad = 0, c;
	size_t i, k;

	if ((r = csvr_open(path, &opts, 0)) == NULL)
		exit(csvr_open_status());
	for (k = 0; k < LEDGER_NCOLS; k++)
		map[k] = -1;
	for (i = 0; i < csvr_ncols(r); i++) {
		const char *name = csvr_colname(r, i);

		for (k = 0; ledger_cols[k] != NULL; k++)
			if (strcmp(name, ledger_cols[k]) == 0)
				break;
		if (k == LC_ID || k == LC_REGISTRADO || k == LC_ESTATUS ||
		    k == LC_LOTE)
			die(SATE_EXIT_DATA, "%s:1: column '%s' is set by "
			    "sate-commit, not by the input (drop it)",
			    csvr_name(r), name);
		if (k == LEDGER_NCOLS)
			die(SATE_EXIT_DATA, "%s:1: unknown column '%s' (a "
			    "commitment's columns are: cct, ciclo, "
			    "sesion_fecha, sesion_fase, sesion_num, ambito, "
			    "acuerdo, responsable, resultado_esperado, "
			    "recursos, fecha_inicio, fecha_compromiso, "
			    "evidencia, nota)", csvr_name(r), name);
		map[k] = (int)i;
	}
	if (csvr_require(r, req, ridx) < 0)
		exit(SATE_EXIT_DATA);
	while ((rc = csvr_next(r, &rec)) != 0) {
		if (rc < 0) {
			if (csvr_fatal(r))
				exit(csvr_status(r));
			bad++;
			continue;
		}
		for (k = 0; k < LEDGER_NCOLS; k++) {
			ev[k].p = "";
			ev[k].len = 0;
			if (map[k] >= 0)
				ev[k] = rec->f[map[k]];
		}
		ev[LC_ESTATUS].p = "pendiente";
		ev[LC_ESTATUS].len = strlen("pendiente");
		if (ledger_check_fields(ev, &p) < 0) {
			c = p.col >= 0 ? map[p.col] : -1;
			csvr_error(r, c, "%s", p.text);
			bad++;
			continue;
		}
		if (*nrows == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*rows = xrealloc(*rows, *cap * sizeof **rows);
		}
		copy_fields((*rows)[*nrows].ev, ev, LEDGER_NCOLS,
		    &(*rows)[*nrows].buf);
		(*nrows)++;
	}
	csvr_close(r);
	return bad;
}

static int
cmd_add(int argc, char **argv)
{
	static const struct option longopts[] = {
		SATE_LONGOPTS, LEDGER_OPT, { NULL, 0, NULL, 0 }
	};
	struct ledger_file lf;
	struct ledger_batch *b;
	struct ledger *L;
	struct row *rows = NULL;
	size_t nrows = 0, cap = 0, i;
	char ts[32];
	int c, k, bad = 0;

	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1)
		if (c == 'l')
			ledger_path = optarg;
		else if (!sate_common_opt(&opts, c, optarg, add_help))
			sate_usage(add_synopsis, "sate-commit add");
	need_ledger("add");
	csvw_setup(&opts);
	k = optind;
	do
		bad += add_read(k < argc ? argv[k] : "-", &rows, &nrows, &cap);
	while (++k < argc);
	if (bad > 0)
		die(SATE_EXIT_DATA, ngettext("no commitment was added (%d "
		    "bad row)", "no commitment was added (%d bad rows)", bad),
		    bad);
	if (nrows == 0) {
		print_header(ledger_cols, LEDGER_NCOLS);
		return SATE_EXIT_OK;
	}

	L = ledger_new(0);
	if (ledger_open(&lf, ledger_path, LEDGER_WRITE) < 0)
		exit(lf.status);
	refuse_tail(&lf);
	if (ledger_fold_ids(&lf, L) < 0)
		exit(SATE_EXIT_DATA);
	b = ledger_batch_new(lf.size == 0);
	ledger_timestamp(ts);
	for (i = 0; i < nrows; i++) {
		struct row *w = &rows[i];
		char lote[24];

		snprintf(w->id, sizeof w->id, "%s-%s-%ld", w->ev[LC_CCT].p,
		    w->ev[LC_CICLO].p, ledger_next_n(L, w->ev[LC_CCT].p,
		    w->ev[LC_CICLO].p));
		w->ev[LC_ID].p = w->id;
		w->ev[LC_ID].len = strlen(w->id);
		w->ev[LC_REGISTRADO].p = ts;
		w->ev[LC_REGISTRADO].len = strlen(ts);
		snprintf(lote, sizeof lote, "%zu", nrows - 1 - i);
		w->ev[LC_LOTE].p = lote;
		w->ev[LC_LOTE].len = strlen(lote);
		ledger_apply(L, w->ev, 0);
		ledger_batch_add(b, w->ev);
		w->ev[LC_LOTE].p = "";		/* lote is gone with i */
		w->ev[LC_LOTE].len = 0;
	}
	if (ledger_batch_commit(b, &lf) < 0)
		exit(SATE_EXIT_IO);
	ledger_close(&lf);
	print_header(ledger_cols, LEDGER_NCOLS);
	for (i = 0; i < nrows; i++) {
		char lote[24];

		snprintf(lote, sizeof lote, "%zu", nrows - 1 - i);
		rows[i].ev[LC_LOTE].p = lote;
		rows[i].ev[LC_LOTE].len = strlen(lote);
		csvw_rec(sate_out, rows[i].ev, LEDGER_NCOLS);
		free(rows[i].buf);
	}
	free(rows);
	ledger_batch_free(b);
	ledger_free(L);
	return SATE_EXIT_OK;
}

/* ------------------------------------------------------------------ set */

static int
change_error(const struct change *ch, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
change_error(const struct change *ch, int col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, _(fmt), ap);
	va_end(ap);
	if (ch->src == NULL)
		return error("%s: %s", ch->f[CH_ID].p, msg);
	if (col >= 0)
		return error("%s:%lu: column '%s': %s", ch->src, ch->line,
		    ledger_cols[col], msg);
	return error("%s:%lu: %s", ch->src, ch->line, msg);
}

/* Checks that need no ledger. */
static int
change_check(const struct change *ch)
{
	struct sate_date d;
	const struct sate_field *f = ch->f;
	int e;

	if (f[CH_ID].len == 0)
		return change_error(ch, LC_ID, "empty (name the commitment)");
	e = ledger_estatus(f[CH_ESTATUS].p, f[CH_ESTATUS].len);
	if (e < 0)
		return change_error(ch, LC_ESTATUS, "'%s' is not a status "
		    "(use en_proceso, cumplido, no_cumplido, reprogramado or "
		    "cancelado)", f[CH_ESTATUS].p);
	if (e == EST_PENDIENTE)
		return change_error(ch, LC_ESTATUS, "'pendiente' is only "
		    "the status of a new commitment (use en_proceso, "
		    "cumplido, no_cumplido, reprogramado or cancelado)");
	if (f[CH_FECHA].len > 0 &&
	    sate_parse_date(f[CH_FECHA].p, f[CH_FECHA].len, &d) < 0)
		return change_error(ch, LC_FECHA_COMPROMISO, "'%s' is not a "
		    "real date (use YYYY-MM-DD)", f[CH_FECHA].p);
	if (e == EST_REPROGRAMADO && f[CH_FECHA].len == 0)
		return ch->src ? change_error(ch, LC_FECHA_COMPROMISO,
		    "reprogramado needs a new fecha_compromiso") :
		    change_error(ch, LC_FECHA_COMPROMISO, "reprogramado "
		    "needs a new fecha_compromiso (give --fecha-compromiso)");
	if (e != EST_REPROGRAMADO && f[CH_FECHA].len > 0)
		return change_error(ch, LC_FECHA_COMPROMISO, "a new "
		    "fecha_compromiso goes only with estatus reprogramado");
	return 0;
}

static int
set_read(const char *path, struct change **chs, size_t *n, size_t *cap)
{
	static const char *const names[] = {
		"id", "estatus", "evidencia", "fecha_compromiso", "nota"
	};
	struct sate_field f[5];
	struct sate_rec *rec;
	struct csvr *r;
	int col[5], rc, bad = 0;
	size_t i, k;

	if ((r = csvr_open(path, &opts, 0)) == NULL)
		exit(csvr_open_status());
	for (k = 0; k < 5; k++)
		col[k] = csvr_col(r, names[k]);
	for (i = 0; i < csvr_ncols(r); i++) {
		for (k = 0; k < 5; k++)
			if (col[k] == (int)i)
				break;
		if (k == 5)
			die(SATE_EXIT_DATA, "%s:1: unknown column '%s' (a "
			    "change's columns are: id, estatus, evidencia, "
			    "fecha_compromiso, nota)", csvr_name(r),
			    csvr_colname(r, i));
	}
	if (csvr_require(r, (const char *const []){ "id", "estatus", NULL },
	    col) < 0)
		exit(SATE_EXIT_DATA);
	while ((rc = csvr_next(r, &rec)) != 0) {
		if (rc < 0) {
			if (csvr_fatal(r))
				exit(csvr_status(r));
			bad++;
			continue;
		}
		for (k = 0; k < 5; k++) {
			f[k].p = "";
			f[k].len = 0;
			if (col[k] >= 0)
				f[k] = rec->f[col[k]];
		}
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*chs = xrealloc(*chs, *cap * sizeof **chs);
		}
		copy_fields((*chs)[*n].f, f, 5, &(*chs)[*n].buf);
		(*chs)[*n].src = xstrdup(csvr_name(r));
		(*chs)[*n].line = rec->line;
		if (change_check(&(*chs)[*n]) < 0) {
			bad++;
			free((*chs)[*n].buf);
			free((*chs)[*n].src);
			continue;
		}
		(*n)++;
	}
	csvr_close(r);
	return bad;
}

static int
cmd_set(int argc, char **argv)
{
	static const struct option longopts[] = {
		SATE_LONGOPTS, LEDGER_OPT,
		{ "estatus", required_argument, NULL, OPT_ESTATUS },
		{ "evidencia", required_argument, NULL, OPT_EVIDENCIA },
		{ "fecha-compromiso", required_argument, NULL, OPT_FECHA },
		{ "nota", required_argument, NULL, OPT_NOTA },
		{ NULL, 0, NULL, 0 }
	};
	const char *one[5] = { NULL, NULL, NULL, NULL, NULL };
	struct sate_field ev[LEDGER_NCOLS];
	struct ledger_problem p;
	struct ledger_file lf;
	struct ledger_batch *b;
	struct ledger *L;
	struct change *chs = NULL;
	struct row *out;
	size_t n = 0, cap = 0, i, k;
	char ts[32];
	int c, bad = 0, batch;

	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1)
		switch (c) {
		case 'l':
			ledger_path = optarg;
			break;
		case OPT_ESTATUS:
			one[CH_ESTATUS] = optarg;
			break;
		case OPT_EVIDENCIA:
			one[CH_EVIDENCIA] = optarg;
			break;
		case OPT_FECHA:
			one[CH_FECHA] = optarg;
			break;
		case OPT_NOTA:
			one[CH_NOTA] = optarg;
			break;
		default:
			if (!sate_common_opt(&opts, c, optarg, set_help))
				sate_usage(set_synopsis, "sate-commit set");
		}
	batch = one[CH_ESTATUS] == NULL;
	if (batch && (one[CH_EVIDENCIA] || one[CH_FECHA] || one[CH_NOTA])) {
		error("set: --evidencia, --fecha-compromiso and --nota go "
		    "with --estatus");
		sate_usage(set_synopsis, "sate-commit set");
	}
	if (!batch && argc - optind != 1) {
		error("set: --estatus changes one commitment: give its ID");
		sate_usage(set_synopsis, "sate-commit set");
	}
	need_ledger("set");
	csvw_setup(&opts);
	if (batch) {
		k = (size_t)optind;
		do
			bad += set_read(k < (size_t)argc ? argv[k] : "-", &chs,
			    &n, &cap);
		while (++k < (size_t)argc);
	} else {
		struct sate_field f[5];

		one[CH_ID] = argv[optind];
		for (k = 0; k < 5; k++) {
			f[k].p = one[k] ? one[k] : "";
			f[k].len = strlen(f[k].p);
			if (k >= CH_EVIDENCIA && (memchr(f[k].p, '\n',
			    f[k].len) || memchr(f[k].p, '\r', f[k].len)))
				die(SATE_EXIT_DATA, "%s: a line break inside "
				    "--%s (a ledger event is one line; join "
				    "the lines)", one[CH_ID], k == CH_NOTA ?
				    "nota" : k == CH_FECHA ?
				    "fecha-compromiso" : "evidencia");
		}
		chs = xcalloc(1, sizeof *chs);
		copy_fields(chs[0].f, f, 5, &chs[0].buf);
		if (change_check(&chs[0]) < 0)
			exit(SATE_EXIT_DATA);
		n = 1;
	}
	if (bad > 0)
		die(SATE_EXIT_DATA, ngettext("nothing was changed (%d bad "
		    "change)", "nothing was changed (%d bad changes)", bad),
		    bad);
	if (n == 0) {
		print_header(ledger_cols, LEDGER_NCOLS);
		return SATE_EXIT_OK;
	}

	L = ledger_new(1);
	open_writer(&lf, L);
	b = ledger_batch_new(lf.size == 0);
	out = xcalloc(n, sizeof *out);
	ledger_timestamp(ts);
	for (i = 0; i < n; i++) {
		struct change *ch = &chs[i];
		struct ledger_item *it;
		char lote[24];

		it = ledger_get(L, ch->f[CH_ID].p, ch->f[CH_ID].len);
		if (it == NULL) {
			bad++;
			change_error(ch, LC_ID, "unknown id '%s' (not in %s)",
			    ch->f[CH_ID].p, lf.name);
			continue;
		}
		ledger_item_fields(it, ev);
		ev[LC_REGISTRADO].p = ts;
		ev[LC_REGISTRADO].len = strlen(ts);
		ev[LC_ESTATUS] = ch->f[CH_ESTATUS];
		if (ch->f[CH_EVIDENCIA].len > 0)
			ev[LC_EVIDENCIA] = ch->f[CH_EVIDENCIA];
		if (ch->f[CH_FECHA].len > 0)
			ev[LC_FECHA_COMPROMISO] = ch->f[CH_FECHA];
		ev[LC_NOTA] = ch->f[CH_NOTA];
		snprintf(lote, sizeof lote, "%zu", n - 1 - i);
		ev[LC_LOTE].p = lote;
		ev[LC_LOTE].len = strlen(lote);
		if (ledger_check_fields(ev, &p) < 0 ||
		    ledger_check_event(L, ev, &p) < 0) {
			bad++;
			change_error(ch, p.col, "%s", p.text);
			continue;
		}
		copy_fields(out[i].ev, ev, LEDGER_NCOLS, &out[i].buf);
		ledger_apply(L, out[i].ev, 0);
		ledger_batch_add(b, out[i].ev);
	}
	if (bad > 0 && !batch)
		exit(SATE_EXIT_DATA);
	if (bad > 0)
		die(SATE_EXIT_DATA, ngettext("nothing was changed (%d bad "
		    "change)", "nothing was changed (%d bad changes)", bad),
		    bad);
	if (ledger_batch_commit(b, &lf) < 0)
		exit(SATE_EXIT_IO);
	ledger_close(&lf);
	print_header(ledger_cols, LEDGER_NCOLS);
	for (i = 0; i < n; i++) {
		csvw_rec(sate_out, out[i].ev, LEDGER_NCOLS);
		free(out[i].buf);
		free(chs[i].buf);
		free(chs[i].src);
	}
	free(out);
	free(chs);
	ledger_batch_free(b);
	ledger_free(L);
	return SATE_EXIT_OK;
}

/* --------------------------------------------------------------- status */

static void
open_reader(struct ledger_file *lf, int mode)
{
	if (ledger_open(lf, ledger_path, mode) < 0)
		exit(lf->status);
}

static void
warn_tail(const struct ledger_file *lf)
{
	if (lf->good < lf->size)
		warning("%s:%lu: %s; the lines from there are left out (run "
		    "'sate-commit verify --repair')", lf->name, lf->cut_line,
		    _(lf->why));
}

static int
cmd_status(int argc, char **argv)
{
	static const struct option longopts[] = {
		SATE_LONGOPTS, LEDGER_OPT,
		{ "corte", required_argument, NULL, OPT_CORTE },
		{ "cct", required_argument, NULL, OPT_CCT },
		{ "estatus", required_argument, NULL, OPT_ESTATUS },
		{ "vencidos", no_argument, NULL, OPT_VENCIDOS },
		{ "sesion", required_argument, NULL, OPT_SESION },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const extra[] = { "vencido", "dias_atraso" };
	const char *cct = NULL, *estatus = NULL, *sesion = NULL;
	struct sate_field ev[LEDGER_NCOLS];
	struct ledger_item *it;
	struct ledger_file lf;
	struct sate_date corte, d;
	struct sate_rec *rec;
	struct ledger *L;
	struct csvr *r;
	size_t i, cctlen = 0;
	long late, cut;
	int c, rc, st, vencidos = 0, idx[LEDGER_NCOLS], e;

	sate_today(&corte);
	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1)
		switch (c) {
		case 'l':
			ledger_path = optarg;
			break;
		case OPT_CORTE:
			if (sate_parse_date(optarg, strlen(optarg), &corte) < 0)
				die(SATE_EXIT_USAGE, "status: bad --corte '%s' "
				    "(a date YYYY-MM-DD)", optarg);
			break;
		case OPT_CCT:
			cct = optarg;
			cctlen = strlen(cct);
			break;
		case OPT_ESTATUS:
			if (ledger_estatus(optarg, strlen(optarg)) < 0)
				die(SATE_EXIT_USAGE, "status: bad --estatus "
				    "'%s' (use pendiente, en_proceso, cumplido, "
				    "no_cumplido, reprogramado or cancelado)",
				    optarg);
			estatus = optarg;
			break;
		case OPT_VENCIDOS:
			vencidos = 1;
			break;
		case OPT_SESION:
			if (sate_parse_date(optarg, strlen(optarg), &d) < 0)
				die(SATE_EXIT_USAGE, "status: bad --sesion '%s' "
				    "(a date YYYY-MM-DD)", optarg);
			sesion = optarg;
			break;
		default:
			if (!sate_common_opt(&opts, c, optarg, status_help))
				sate_usage(status_synopsis,
				    "sate-commit status");
		}
	if (optind < argc) {
		error("status: unexpected operand '%s' (name the ledger with "
		    "--ledger)", argv[optind]);
		sate_usage(status_synopsis, "sate-commit status");
	}
	csvw_setup(&opts);
	open_reader(&lf, LEDGER_READ);
	warn_tail(&lf);
	if ((r = ledger_reader(&lf, 0, 0, idx, &st)) == NULL)
		exit(st);
	L = ledger_new(1);
	while ((rc = csvr_next(r, &rec)) > 0) {
		if (cct != NULL && (rec->f[idx[LC_CCT]].len != cctlen ||
		    memcmp(rec->f[idx[LC_CCT]].p, cct, cctlen) != 0))
			continue;
		ledger_event(rec, idx, ev);
		ledger_apply(L, ev, rec->line);
	}
	if (rc < 0)
		read_ledger_fail(r);
	csvr_close(r);

	for (c = 0; c <= LC_NOTA; c++)
		csvw_str(sate_out, ledger_cols[c]);
	print_header(extra, 2);
	cut = sate_days(&corte);
	for (i = 0; (it = ledger_at(L, i)) != NULL; i++) {
		ledger_item_fields(it, ev);
		if (estatus != NULL && strcmp(ev[LC_ESTATUS].p, estatus) != 0)
			continue;
		if (sesion != NULL && strcmp(ev[LC_SESION_FECHA].p, sesion))
			continue;
		e = ledger_estatus(ev[LC_ESTATUS].p, ev[LC_ESTATUS].len);
		late = -1;
		if (sate_parse_date(ev[LC_FECHA_COMPROMISO].p,
		    ev[LC_FECHA_COMPROMISO].len, &d) == 0 && e >= 0)
			late = ledger_closed(e) || sate_days(&d) >= cut ? 0 :
			    cut - sate_days(&d);
		if (vencidos && late <= 0)
			continue;
		for (c = 0; c <= LC_NOTA; c++)
			csvw_field(sate_out, ev[c].p, ev[c].len);
		if (late < 0) {
			csvw_str(sate_out, "");
			csvw_str(sate_out, "");
		} else {
			csvw_str(sate_out, late > 0 ? "si" : "no");
			csvw_long(sate_out, late);
		}
		csvw_endrec(sate_out);
	}
	ledger_free(L);
	ledger_close(&lf);
	return SATE_EXIT_OK;
}

/* ------------------------------------------------------------------ log */

static int
cmd_log(int argc, char **argv)
{
	static const struct option longopts[] = {
		SATE_LONGOPTS, LEDGER_OPT, { NULL, 0, NULL, 0 }
	};
	struct sate_field ev[LEDGER_NCOLS];
	struct ledger_file lf;
	struct sate_rec *rec;
	struct csvr *r;
	const char *id;
	size_t idlen;
	unsigned long found = 0;
	int c, rc, st, idx[LEDGER_NCOLS];

	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1)
		if (c == 'l')
			ledger_path = optarg;
		else if (!sate_common_opt(&opts, c, optarg, log_help))
			sate_usage(log_synopsis, "sate-commit log");
	if (argc - optind != 1) {
		if (optind < argc)
			error("log: one ID only");
		else
			error("log: which commitment? (give its ID)");
		sate_usage(log_synopsis, "sate-commit log");
	}
	id = argv[optind];
	idlen = strlen(id);
	csvw_setup(&opts);
	open_reader(&lf, LEDGER_READ);
	warn_tail(&lf);
	if ((r = ledger_reader(&lf, 0, 0, idx, &st)) == NULL)
		exit(st);
	print_header(ledger_cols, LEDGER_NCOLS);
	while ((rc = csvr_next(r, &rec)) > 0) {
		if (rec->f[idx[LC_ID]].len != idlen ||
		    memcmp(rec->f[idx[LC_ID]].p, id, idlen) != 0)
			continue;
		ledger_event(rec, idx, ev);
		csvw_rec(sate_out, ev, LEDGER_NCOLS);
		found++;
	}
	if (rc < 0)
		read_ledger_fail(r);
	csvr_close(r);
	if (found == 0)
		die(SATE_EXIT_DATA, "unknown id '%s' (not in %s)", id,
		    lf.name);
	ledger_close(&lf);
	return SATE_EXIT_OK;
}

/* --------------------------------------------------------------- verify */

static unsigned long nproblems;

static void
report(const char *file, unsigned long line, const char *col,
    const struct sate_field *val, const char *msg, const char *expected)
{
	csvw_str(sate_out, file);
	if (line > 0)
		csvw_long(sate_out, (long)line);
	else
		csvw_str(sate_out, "");
	csvw_str(sate_out, col ? col : "");
	if (val != NULL)
		csvw_field(sate_out, val->p, val->len);
	else
		csvw_str(sate_out, "");
	csvw_str(sate_out, msg);
	csvw_str(sate_out, expected ? expected : "");
	csvw_str(sate_out, "error");
	csvw_endrec(sate_out);
	nproblems++;
}

static void
report_problem(const char *file, unsigned long line,
    const struct sate_field *ev, const struct ledger_problem *p)
{
	report(file, line, p->col >= 0 ? ledger_cols[p->col] : NULL,
	    p->col >= 0 ? &ev[p->col] : NULL, p->msg, p->expected);
}

/* A reader's message "NAME:LINE: column 'C': MSG" as a problem row. */
static void
report_reader(struct csvr *r)
{
	const char *m = csvr_errmsg(r), *name = csvr_name(r), *q;
	unsigned long line = 0;
	char col[64] = "";
	size_t n = strlen(name);
	char *end;

	if (strncmp(m, name, n) == 0 && m[n] == ':') {
		m += n + 1;
		line = strtoul(m, &end, 10);
		m = end;
		if (*m == ':')
			m++;
		if (*m == ' ')
			m++;
	}
	if (strncmp(m, "column '", 8) == 0 &&
	    (q = strstr(m + 8, "': ")) != NULL &&
	    (size_t)(q - m - 8) < sizeof col) {
		memcpy(col, m + 8, (size_t)(q - m - 8));
		col[q - m - 8] = '\0';
		m = q + 3;
	}
	report(name, line, col, NULL, m, NULL);
}

static int
cmd_verify(int argc, char **argv)
{
	static const struct option longopts[] = {
		SATE_LONGOPTS, LEDGER_OPT,
		{ "repair", no_argument, NULL, OPT_REPAIR },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const cols[] = {
		"archivo", "linea", "columna", "valor", "problema",
		"esperado", "tipo"
	};
	struct sate_field ev[LEDGER_NCOLS];
	struct ledger_problem p;
	struct ledger_file lf;
	struct sate_rec *rec;
	struct ledger *L;
	struct csvr *r;
	char msg[512];
	size_t i;
	int c, rc, st, repair = 0, idx[LEDGER_NCOLS], meta;

	while ((c = getopt_long(argc, argv, SHORTOPTS, longopts, NULL)) != -1)
		if (c == 'l')
			ledger_path = optarg;
		else if (c == OPT_REPAIR)
			repair = 1;
		else if (!sate_common_opt(&opts, c, optarg, verify_help))
			sate_usage(verify_synopsis, "sate-commit verify");
	if (optind < argc) {
		error("verify: unexpected operand '%s' (name the ledger with "
		    "--ledger)", argv[optind]);
		sate_usage(verify_synopsis, "sate-commit verify");
	}
	if (repair)
		need_ledger("verify --repair");
	csvw_setup(&opts);
	open_reader(&lf, repair ? LEDGER_REPAIR : LEDGER_READ);
	print_header(cols, 7);
	if (lf.good < lf.size) {
		if (repair) {
			if (ledger_repair(&lf) < 0)
				exit(SATE_EXIT_IO);
			warning("%s:%lu: %s: moved %zu bytes to %s.rejected",
			    lf.name, lf.cut_line, _(lf.why), lf.size - lf.good,
			    lf.name);
		} else {
			snprintf(msg, sizeof msg, "%s (run 'sate-commit "
			    "verify --repair' to move it aside)", lf.why);
			report(lf.name, lf.cut_line, NULL, NULL, msg, NULL);
		}
	}
	if ((r = ledger_reader(&lf, 0, CSVR_QUIET, idx, &st)) == NULL)
		exit(st);
	for (i = 0; i < csvr_ncols(r) && i < LEDGER_NCOLS; i++)
		if (idx[i] != (int)i || csvr_ncols(r) != LEDGER_NCOLS) {
			snprintf(msg, sizeof msg, "the header is not the "
			    "ledger's: %zu columns, column %zu is '%s' (an "
			    "append writes id,registrado,...,lote_resto in "
			    "order)", csvr_ncols(r), i + 1,
			    csvr_colname(r, i));
			report(lf.name, 1, NULL, NULL, msg, NULL);
			break;
		}
	L = ledger_new(1);
	while ((rc = csvr_next(r, &rec)) != 0) {
		if (rc < 0) {
			report_reader(r);
			if (csvr_fatal(r))
				break;
			continue;
		}
		ledger_event(rec, idx, ev);
		meta = ledger_check_meta(ev, &p);
		if (meta < 0)
			report_problem(lf.name, rec->line, ev, &p);
		if (ledger_check_batch(L, ev, &p) < 0)
			report_problem(lf.name, rec->line, ev, &p);
		if (ledger_check_fields(ev, &p) < 0)
			report_problem(lf.name, rec->line, ev, &p);
		if (ev[LC_ID].len == 0)
			continue;
		if (ledger_check_event(L, ev, &p) < 0) {
			report_problem(lf.name, rec->line, ev, &p);
			if (!p.keep)
				continue;
		}
		ledger_apply(L, ev, rec->line);
	}
	csvr_close(r);
	ledger_free(L);
	ledger_close(&lf);
	return nproblems > 0 ? SATE_EXIT_FOUND : SATE_EXIT_OK;
}

/* ----------------------------------------------------------------- main */

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		SATE_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} cmds[] = {
		{ "add", cmd_add }, { "set", cmd_set },
		{ "status", cmd_status }, { "log", cmd_log },
		{ "verify", cmd_verify }
	};
	const char *name;
	size_t i;
	int c;

	sate_init(argv[0]);
	sate_getopt_prepare(argv);
	sate_opts_init(&opts);
	while ((c = getopt_long(argc, argv, "+" SATE_SHORTOPTS, longopts,
	    NULL)) != -1)
		if (!sate_common_opt(&opts, c, optarg, help))
			sate_usage(synopsis, NULL);
	if (optind >= argc) {
		error("no command (use add, set, status, log or verify)");
		sate_usage(synopsis, NULL);
	}
	name = argv[optind];
	ledger_path = getenv("SATE_LEDGER");
	for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if (strcmp(name, cmds[i].name) == 0) {
			argv += optind;
			argc -= optind;
			argv[0] = (char *)sate_prog;
			optind = 0;	/* glibc: start afresh */
			return cmds[i].run(argc, argv);
		}
	error("unknown command '%s' (use add, set, status, log or verify)",
	    name);
	sate_usage(synopsis, NULL);
}
