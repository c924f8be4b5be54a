/*
 * sate-report - consolidated zone reports: alerts, commitments and
 * enrolment by group, in CSV (mergeable), text, Markdown or HTML; the
 * merge of reports up to sector and state; the monthly zone report
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

static const char *const synopsis = N_("sate-report KIND [options] [FILE...]");

static const char *const help_top[] = {
N_("usage: sate-report KIND [options] [FILE...]\n"
   "\n"),
N_("Consolidated reports of the zone, mergeable up to sector and state.\n"
   "KIND is one of:\n"
   "  alerts       sate-alert output: semáforo, levels and flags per group\n"
   "  commitments  sate-commit status output: commitments by status\n"
   "  roster       a normalized roster: enrolment by grade and sex\n"
   "  merge        CSV reports of one kind, re-aggregated at a coarser --by\n"
   "  zone         the monthly zone report from named inputs\n"
   "Run 'sate-report KIND --help' for the options of each.\n"
   "\n"),
N_("Options:\n"),
SATE_HELP_COMMON,
NULL
};

#define HELP_FORMAT \
	N_("  -f, --format=FMT      csv (default), text, md or html\n"), \
	N_("  -n, --min-n=N         in text, md and html, hide cells of fewer than N\n" \
   "                        students, with complementary cells (default 10;\n" \
   "                        0 hides nothing)\n"), \
	N_("      --suppress        hide small cells in CSV too (such CSV cannot be\n" \
   "                        merged)\n")

static const char *const help_alerts[] = {
N_("usage: sate-report alerts [options] [FILE...]\n"
   "\n"),
N_("Count sate-alert output per group: alumnos; rojo, amarillo, verde; the\n"
   "students at each level of lectura, escritura and calculo; each flag.\n"
   "\n"),
N_("Options:\n"),
N_("  -b, --by=COLS         group by these columns, comma-separated: zona,\n"
   "                        sector, cct, nivel, grado, grupo, turno, ciclo,\n"
   "                        periodo (default cct)\n"),
HELP_FORMAT,
N_("  -c, --compare=PREV    add the change in percentage points against an\n"
   "                        earlier CSV report of the same kind\n"),
SATE_HELP_COMMON,
NULL
};

static const char *const help_commitments[] = {
N_("usage: sate-report commitments [options] [FILE...]\n"
   "\n"),
N_("Count sate-commit status output per group: total, each status,\n"
   "vencidos and the share fulfilled.\n"
   "\n"),
N_("Options:\n"),
N_("  -b, --by=COLS         group by these columns, comma-separated: zona,\n"
   "                        sector, cct, nivel, ambito (default cct)\n"),
HELP_FORMAT,
N_("  -c, --compare=PREV    add the change in percentage points against an\n"
   "                        earlier CSV report of the same kind\n"),
SATE_HELP_COMMON,
NULL
};

static const char *const help_roster[] = {
N_("usage: sate-report roster [options] [FILE...]\n"
   "\n"),
N_("Count a normalized roster per group and grade: students by sex, bajas\n"
   "and groups.\n"
   "\n"),
N_("Options:\n"),
N_("  -b, --by=COLS         group by these columns, comma-separated: zona,\n"
   "                        sector, cct, nivel, turno, ciclo, grado, grupo\n"
   "                        (default cct; grado is always added)\n"),
HELP_FORMAT,
N_("  -c, --compare=PREV    add the change in students against an earlier\n"
   "                        CSV report of the same kind\n"),
SATE_HELP_COMMON,
NULL
};

static const char *const help_merge[] = {
N_("usage: sate-report merge [options] FILE...\n"
   "\n"),
N_("Merge CSV reports of one kind (from schools, zones or shards of one\n"
   "input) and re-aggregate them at --by; the result equals the report of\n"
   "all their input at once.\n"
   "\n"),
N_("Options:\n"),
N_("  -b, --by=COLS         group by these columns (default: the grouping\n"
   "                        columns of the first report)\n"),
HELP_FORMAT,
N_("  -c, --compare=PREV    add the change against an earlier report\n"),
SATE_HELP_COMMON,
NULL
};

static const char *const help_zone[] = {
N_("usage: sate-report zone [options]\n"
   "\n"),
N_("The monthly zone report for the CTZ: identification, enrolment,\n"
   "semáforo and levels per school, commitments by school and ámbito, and\n"
   "the change since the previous period.\n"
   "\n"),
N_("Options:\n"),
N_("      --roster=FILE     the normalized roster\n"),
N_("      --alerts=FILE     sate-alert output of this period\n"),
N_("      --commitments=FILE  sate-commit status output\n"),
N_("      --previous=FILE   sate-alert output of the previous period\n"),
N_("      --rules=FILE      the rules in force (sate-alert --print-rules)\n"),
N_("      --corte=DATE      the cut date, YYYY-MM-DD\n"),
HELP_FORMAT,
SATE_HELP_COMMON,
NULL
};

enum {
	OPT_SUPPRESS = SATE_OPT_FIRST_PROGRAM, OPT_ROSTER, OPT_ALERTS,
	OPT_COMMITMENTS, OPT_PREVIOUS, OPT_RULES, OPT_CORTE
};

static const struct option longopts[] = {
	SATE_LONGOPTS,
	{ "by", required_argument, NULL, 'b' },
	{ "format", required_argument, NULL, 'f' },
	{ "min-n", required_argument, NULL, 'n' },
	{ "suppress", no_argument, NULL, OPT_SUPPRESS },
	{ "compare", required_argument, NULL, 'c' },
	{ "roster", required_argument, NULL, OPT_ROSTER },
	{ "alerts", required_argument, NULL, OPT_ALERTS },
	{ "commitments", required_argument, NULL, OPT_COMMITMENTS },
	{ "previous", required_argument, NULL, OPT_PREVIOUS },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "corte", required_argument, NULL, OPT_CORTE },
	{ NULL, 0, NULL, 0 }
};

enum { K_MERGE = RPT_NKIND, K_ZONE };

struct args {
	int kind;
	const char *by, *compare;
	enum rpt_format fmt;
	long min_n;
	int suppress;
	struct rpt_zone_opts zo;
};

static const char *const titles[] = {
	"Reporte de alertas tempranas", "Reporte de compromisos",
	"Reporte de matrícula"
};

/* Open a named input; exits on failure. */
static struct csvr *
open_in(const char *path, const struct sate_opts *o)
{
	struct csvr *r = csvr_open(path, o, 0);

	if (r == NULL)
		exit(csvr_open_status());
	return r;
}

static void
check(int rc)
{
	if (rc != 0)
		exit(rc);
}

static void
output(struct rpt *p, const struct args *a, int nfiles)
{
	struct rpt_doc d;
	char rows[32], *kv[6];

	rpt_finish(p, a->fmt == RPT_CSV && !a->suppress ? 0 : a->min_n);
	if (a->fmt == RPT_CSV) {
		rpt_write_csv(p, sate_out, a->suppress);
		return;
	}
	snprintf(rows, sizeof rows, "%lu", rpt_rows(p));
	kv[0] = (char *)(a->kind == K_MERGE ? "Reportes reunidos" :
	    "Registros leídos");
	kv[1] = rows;
	kv[2] = (char *)"Archivos";
	kv[3] = (char *)(nfiles == 0 ? "1 (entrada estándar)" : "");
	kv[4] = (char *)"Versión de sate";
	kv[5] = (char *)SATE_VERSION;
	{
		char nf[32];

		if (nfiles > 0) {
			snprintf(nf, sizeof nf, "%d", nfiles);
			kv[3] = nf;
		}
		doc_begin(&d, sate_out, a->fmt, titles[rpt_kind(p)]);
		doc_fields(&d, (const char *const *)kv, 3);
	}
	rpt_render(p, &d);
	doc_end(&d);
}

int
main(int argc, char *argv[])
{
	static const char *const *const helps[] = {
		help_alerts, help_commitments, help_roster, help_merge,
		help_zone
	};
	static const char *const names[] = {
		"alerts", "commitments", "roster", "merge", "zone"
	};
	struct sate_opts o;
	struct args a;
	struct rpt *p = NULL;
	struct csvr *r;
	char cmd[64];
	const char *const *help;
	int c, i, f;
	long v;

	sate_init(argv[0]);
	sate_getopt_prepare(argv);
	sate_opts_init(&o);
	memset(&a, 0, sizeof a);
	a.kind = -1;
	a.min_n = RPT_MIN_N_DEFAULT;
	if (argc < 2 || argv[1][0] == '-') {
		/* No kind: only --help, --version and friends. */
		static const struct option top[] = {
			SATE_LONGOPTS, { NULL, 0, NULL, 0 }
		};

		while ((c = getopt_long(argc, argv, SATE_SHORTOPTS, top,
		    NULL)) != -1)
			if (!sate_common_opt(&o, c, optarg, help_top))
				sate_usage(synopsis, NULL);
		error("missing report kind (alerts, commitments, roster, "
		    "merge or zone)");
		sate_usage(synopsis, NULL);
	}
	for (i = 0; i < 5; i++)
		if (strcmp(argv[1], names[i]) == 0)
			a.kind = i;
	if (a.kind < 0) {
		error("unknown report kind '%s' (use alerts, commitments, "
		    "roster, merge or zone)", argv[1]);
		sate_usage(synopsis, NULL);
	}
	help = helps[a.kind];
	snprintf(cmd, sizeof cmd, "sate-report %s", names[a.kind]);
	argv[1] = argv[0];
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, SATE_SHORTOPTS "b:f:n:c:",
	    longopts, NULL)) != -1) {
		if (sate_common_opt(&o, c, optarg, help))
			continue;
		switch (c) {
		case 'b':
			a.by = optarg;
			break;
		case 'f':
			if ((f = rpt_format_by_name(optarg)) < 0)
				die(SATE_EXIT_USAGE, "unknown format '%s' "
				    "(use csv, text, md or html)", optarg);
			a.fmt = (enum rpt_format)f;
			break;
		case 'n':
			if (sate_parse_long(optarg, 0, 1000000, &v) < 0)
				die(SATE_EXIT_USAGE, "bad --min-n '%s' (a "
				    "whole number of students, 0 to hide "
				    "nothing)", optarg);
			a.min_n = v;
			break;
		case OPT_SUPPRESS:
			a.suppress = 1;
			break;
		case 'c':
			a.compare = optarg;
			break;
		case OPT_ROSTER:
			a.zo.roster = optarg;
			break;
		case OPT_ALERTS:
			a.zo.alerts = optarg;
			break;
		case OPT_COMMITMENTS:
			a.zo.commitments = optarg;
			break;
		case OPT_PREVIOUS:
			a.zo.previous = optarg;
			break;
		case OPT_RULES:
			a.zo.rules = optarg;
			break;
		case OPT_CORTE:
			a.zo.corte = optarg;
			break;
		default:
			sate_usage(synopsis, cmd);
		}
	}
	if (a.kind != K_ZONE && (a.zo.roster || a.zo.alerts ||
	    a.zo.commitments || a.zo.previous || a.zo.rules || a.zo.corte)) {
		error("%s: --roster, --alerts, --commitments, --previous, "
		    "--rules and --corte are options of sate-report zone",
		    names[a.kind]);
		sate_usage(synopsis, cmd);
	}
	csvw_setup(&o);

	if (a.kind == K_ZONE) {
		if (optind < argc || a.by != NULL || a.compare != NULL) {
			error("zone takes its inputs from --roster, --alerts, "
			    "--commitments and --previous (no FILE, --by or "
			    "--compare)");
			sate_usage(N_("sate-report zone [options]"), cmd);
		}
		a.zo.fmt = a.fmt;
		a.zo.min_n = a.min_n;
		a.zo.suppress = a.suppress;
		return rpt_zone(&a.zo, &o, sate_out);
	}

	if (a.kind == K_MERGE) {
		if (optind >= argc) {
			error("merge needs the reports to merge (FILE...)");
			sate_usage(N_("sate-report merge [options] FILE..."),
			    cmd);
		}
		for (i = optind; i < argc; i++) {
			r = open_in(argv[i], &o);
			if (p == NULL) {
				char *by = NULL;
				int k = rpt_report_kind(r);

				if (k < 0)
					exit(SATE_EXIT_DATA);
				if (a.by == NULL &&
				    (by = rpt_report_by(r)) == NULL)
					exit(SATE_EXIT_DATA);
				p = rpt_new((enum rpt_kind)k,
				    a.by ? a.by : by);
				free(by);
				if (p == NULL)
					exit(a.by ? SATE_EXIT_USAGE :
					    SATE_EXIT_DATA);
			}
			check(rpt_merge(p, r));
			csvr_close(r);
		}
	} else {
		if ((p = rpt_new((enum rpt_kind)a.kind, a.by)) == NULL)
			sate_usage(synopsis, cmd);
		i = optind;
		do {
			r = open_in(i < argc ? argv[i] : "-", &o);
			check(rpt_read(p, r));
			csvr_close(r);
		} while (++i < argc);
	}
	if (a.compare != NULL) {
		r = open_in(a.compare, &o);
		check(rpt_compare(p, r));
		csvr_close(r);
	}
	output(p, &a, argc - optind);
	rpt_free(p);
	return SATE_EXIT_OK;
}
