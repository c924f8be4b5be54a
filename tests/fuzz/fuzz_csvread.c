/*
 * fuzz_csvread.c - libFuzzer harness for the CSV reader
 *
 * The first byte picks the options (delimiter, encoding, a small field
 * cap); the rest is the input.  The same bytes are read twice: with the
 * fast path for quote-free lines, and through libcsv only.  Both must
 * give the same records, fields, lines, errors and messages: the fast
 * path is an optimisation, never a second meaning.  Each field is also
 * checked against the reader's promises (NUL-terminated, valid UTF-8,
 * within the cap).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"
#include "fuzz.h"

static void
check_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	int k;

	while (i < n) {
		if (s[i] == 0)
			abort();
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		k = s[i] >= 0xF0 ? 3 : s[i] >= 0xE0 ? 2 : 1;
		if (s[i] < 0xC2 || s[i] > 0xF4 || i + (size_t)k >= n)
			abort();
		for (i++; k > 0; k--, i++)
			if ((s[i] & 0xC0) != 0x80)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[] = { ',', ';', '\t', '|' };
	struct sate_opts o;
	struct csvr *a, *b;
	struct sate_rec *ra, *rb;
	int ka, kb, steps = 0;
	size_t i;

	if (size < 1)
		return 0;
	sate_opts_init(&o);
	o.delim = delims[data[0] & 3];
	o.enc = (data[0] >> 2 & 3) == 1 ? SATE_ENC_LATIN1 :
	    (data[0] >> 2 & 3) == 2 ? SATE_ENC_CP1252 : SATE_ENC_UTF8;
	if (data[0] & 0x10)
		o.max_field = 16;
	data++;
	size--;

	a = csvr_open_mem((const char *)data, size, "f", &o, CSVR_QUIET);
	ka = a == NULL ? -1 : 0;
	b = csvr_open_mem((const char *)data, size, "f", &o,
	    CSVR_QUIET | CSVR_LIBCSV_ONLY);
	kb = b == NULL ? -1 : 0;
	if ((a == NULL) != (b == NULL))
		abort();
	if (a == NULL)
		return 0;
	if (csvr_ncols(a) != csvr_ncols(b))
		abort();
	for (i = 0; i < csvr_ncols(a); i++)
		if (strcmp(csvr_colname(a, i), csvr_colname(b, i)) != 0)
			abort();
	for (;;) {
		ka = csvr_next(a, &ra);
		kb = csvr_next(b, &rb);
		if (ka != kb)
			abort();
		if (ka == 0)
			break;
		if (ka < 0) {
			if (strcmp(csvr_errmsg(a), csvr_errmsg(b)) != 0 ||
			    csvr_fatal(a) != csvr_fatal(b))
				abort();
			if (csvr_fatal(a))
				break;
			continue;
		}
		if (ra->n != rb->n || ra->line != rb->line ||
		    ra->n != csvr_ncols(a))
			abort();
		for (i = 0; i < ra->n; i++) {
			if (ra->f[i].len != rb->f[i].len ||
			    memcmp(ra->f[i].p, rb->f[i].p, ra->f[i].len) != 0 ||
			    ra->f[i].p[ra->f[i].len] != '\0' ||
			    ra->f[i].len > o.max_field)
				abort();
			check_utf8((const unsigned char *)ra->f[i].p,
			    ra->f[i].len);
		}
		if (++steps > 100000)
			break;
	}
	csvr_close(a);
	csvr_close(b);
	return 0;
}
