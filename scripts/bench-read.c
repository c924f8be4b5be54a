/*
 * bench-read - benchmark helper: read CSV with the sate reader, touch
 * every field, discard.  With -r, the same bytes through a minimal raw
 * libcsv loop with empty callbacks (the reader's ceiling).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "sate.h"

static unsigned long nfields, nrecs;

static void
cb1(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	(void)data;
	nfields++;
}

static void
cb2(int c, void *data)
{
	(void)c;
	(void)data;
	nrecs++;
}

static int
raw_libcsv(const char *path)
{
	static char buf[1 << 20];
	struct csv_parser p;
	ssize_t n;
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);

	if (fd < 0)
		die(SATE_EXIT_IO, "cannot open %s", path);
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		if (csv_parse(&p, buf, (size_t)n, cb1, cb2, NULL) !=
		    (size_t)n)
			die(SATE_EXIT_DATA, "%s", csv_strerror(csv_error(&p)));
	csv_fini(&p, cb1, cb2, NULL);
	csv_free(&p);
	printf("%lu records, %lu fields\n", nrecs, nfields);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct sate_opts o;
	struct csvr *r;
	struct sate_rec *rec;
	unsigned long sum = 0;
	size_t i;
	int rc;

	sate_init(argv[0]);
	if (argc == 3 && strcmp(argv[1], "-r") == 0)
		return raw_libcsv(argv[2]);
	if (argc != 2)
		die(SATE_EXIT_USAGE, "usage: bench-read [-r] FILE");
	sate_opts_init(&o);
	if ((r = csvr_open(argv[1], &o, 0)) == NULL)
		return csvr_open_status();
	while ((rc = csvr_next(r, &rec)) > 0)
		for (i = 0; i < rec->n; i++)
			sum += rec->f[i].len;
	if (rc < 0)
		return csvr_status(r);
	printf("%lu records, %lu bytes of fields\n", csvr_records(r), sum);
	csvr_close(r);
	return 0;
}
