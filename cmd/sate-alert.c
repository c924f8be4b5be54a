/*
 * sate-alert - placeholder until its own issue lands: parses the shared
 * options and passes CSV through, canonical header first.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "sate.h"

static const char synopsis[] = "sate-alert [options] [FILE...]";

static const char help[] =
"usage: sate-alert [options] [FILE...]\n"
"\n"
"Placeholder: copies CSV from the FILEs (or stdin) to stdout with\n"
"canonical column names.\n"
"\n"
"Options:\n"
SATE_HELP_COMMON;

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		SATE_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct sate_opts o;
	struct csvr *r;
	struct sate_rec *rec;
	size_t i;
	int c, rc, k, header = 0;

	sate_init(argv[0]);
	sate_getopt_prepare(argv);
	sate_opts_init(&o);
	while ((c = getopt_long(argc, argv, SATE_SHORTOPTS, longopts,
	    NULL)) != -1)
		if (!sate_common_opt(&o, c, optarg, help))
			sate_usage(synopsis, NULL);
	csvw_setup(&o);
	k = optind;
	do {
		r = csvr_open(k < argc ? argv[k] : "-", &o, 0);
		if (r == NULL)
			exit(csvr_open_status());
		if (!header) {
			for (i = 0; i < csvr_ncols(r); i++)
				csvw_str(sate_out, csvr_colname(r, i));
			csvw_endrec(sate_out);
			header = 1;
		}
		while ((rc = csvr_next(r, &rec)) > 0)
			csvw_rec(sate_out, rec->f, rec->n);
		if (rc < 0)
			exit(csvr_status(r));
		csvr_close(r);
	} while (++k < argc);
	return SATE_EXIT_OK;
}
