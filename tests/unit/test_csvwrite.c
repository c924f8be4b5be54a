/*
 * test_csvwrite.c - the CSV writer: quoting, line ends, buffering
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sate.h"

static struct csvw w;
static int fd;

static int
setup(void **state)
{
	(void)state;
	fd = memfd_create("csvw", 0);
	assert_true(fd >= 0);
	csvw_init(&w, fd, ',', 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(w.buf);
	close(fd);
	return 0;
}

/* Flush and compare everything written so far. */
static void
expect_output(const char *want)
{
	size_t n = strlen(want);
	char *got = malloc(n + 2);
	ssize_t k;

	csvw_flush(&w);
	k = pread(fd, got, n + 1, 0);
	assert_int_equal(k, (ssize_t)n);
	assert_memory_equal(got, want, n);
	free(got);
}

static void
test_plain(void **state)
{
	(void)state;
	csvw_str(&w, "cct");
	csvw_str(&w, "");
	csvw_long(&w, -42);
	csvw_long(&w, 0);
	csvw_endrec(&w);
	expect_output("cct,,-42,0\n");
}

static void
test_minimal_quoting(void **state)
{
	(void)state;
	csvw_str(&w, "a,b");
	csvw_str(&w, "say \"hi\"");
	csvw_str(&w, "two\nlines");
	csvw_str(&w, "cr\r");
	csvw_str(&w, " lead");
	csvw_str(&w, "trail ");
	csvw_str(&w, "in side");
	csvw_str(&w, "Peña;Núñez");
	csvw_endrec(&w);
	expect_output("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\","
	    "\" lead\",\"trail \",in side,Peña;Núñez\n");
}

static void
test_delimiter_and_crlf(void **state)
{
	(void)state;
	w.delim = ';';
	w.crlf = 1;
	csvw_str(&w, "a,b");
	csvw_str(&w, "c;d");
	csvw_endrec(&w);
	expect_output("a,b;\"c;d\"\r\n");
}

static void
test_record_and_printf(void **state)
{
	struct sate_field f[2] = { { "x", 1 }, { "\"", 1 } };

	(void)state;
	csvw_rec(&w, f, 2);
	csvw_printf(&w, "%d/%d", 5, 40);
	csvw_printf(&w, "%.1f", 7.25);
	csvw_endrec(&w);
	expect_output("x,\"\"\"\"\n5/40,7.2\n");
}

static void
test_large_output(void **state)
{
	size_t i, n = 100000;
	char *want = malloc(n * 8 + 1000 * 600 + 1), *p = want;
	char big[600];

	(void)state;
	for (i = 0; i < n; i++) {
		csvw_long(&w, (long)(i % 1000));
		csvw_endrec(&w);
		p += sprintf(p, "%zu\n", i % 1000);
	}
	/* One field larger than the buffer needs no special case. */
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (i = 0; i < 1000; i++) {
		csvw_str(&w, big);
		p += sprintf(p, "%s%s", i ? "," : "", big);
	}
	csvw_endrec(&w);
	strcpy(p, "\n");
	expect_output(want);
	free(want);
}

/* Fields of a record read by the reader, plain (one copy) or not. */
static void
test_recfields(void **state)
{
	static const char in[] = "a,b,c,d\n1,22,333,4\n\"x,y\",\" s\",t,u\n"
	    "5, lead,6,7\n";
	struct sate_opts o;
	struct csvr *r;
	struct sate_rec *rec;

	(void)state;
	sate_opts_init(&o);
	r = csvr_open_mem(in, sizeof in - 1, "t.csv", &o, 0);
	assert_non_null(r);
	assert_int_equal(csvr_next(r, &rec), 1);
	assert_true(rec->plain);
	csvw_recfields(&w, rec, 0, 4);
	csvw_endrec(&w);
	csvw_recfields(&w, rec, 1, 3);
	csvw_str(&w, "z");
	csvw_recfields(&w, rec, 3, 4);
	csvw_recfields(&w, rec, 2, 2);
	csvw_endrec(&w);
	assert_int_equal(csvr_next(r, &rec), 1);
	assert_false(rec->plain);
	csvw_recfields(&w, rec, 0, 4);
	csvw_endrec(&w);
	assert_int_equal(csvr_next(r, &rec), 1);
	assert_false(rec->plain);	/* a field with a leading space */
	csvw_recfields(&w, rec, 0, 4);
	csvw_endrec(&w);
	csvr_close(r);
	expect_output("1,22,333,4\n22,333,z,4\n\"x,y\",\" s\",t,u\n"
	    "5,\" lead\",6,7\n");
}

/*
 * Plain records of every length around the 16-byte steps the copy takes:
 * each written back whole, and without its first and last fields.
 */
static void
test_recfields_lengths(void **state)
{
	static const char in[] =
	    "h1,h2,h3\n"
	    "a,bcdefghijk,lm\n"		/* 15 bytes */
	    "a,bcdefghijk,lmn\n"		/* 16 */
	    "ab,cdefghijk,lmn\n"		/* 16, the NULs elsewhere */
	    "a,bcdefghijkl,mno\n"		/* 17 */
	    "abcdefghij,klmnopqrst,uvwxyz0123\n"	/* 32 */
	    "abcdefghij,klmnopqrst,uvwxyz01234\n"	/* 33 */
	    ",,\n"				/* 2: all empty */
	    "x,,\n";
	struct sate_opts o;
	struct csvr *r;
	struct sate_rec *rec;
	int n = 0;

	(void)state;
	sate_opts_init(&o);
	r = csvr_open_mem(in, sizeof in - 1, "t.csv", &o, 0);
	assert_non_null(r);
	while (csvr_next(r, &rec) == 1) {
		assert_true(rec->plain);
		csvw_recfields(&w, rec, 0, 3);
		csvw_endrec(&w);
		csvw_recfields(&w, rec, 1, 2);
		csvw_endrec(&w);
		n++;
	}
	assert_int_equal(n, 8);
	csvr_close(r);
	expect_output("a,bcdefghijk,lm\nbcdefghijk\n"
	    "a,bcdefghijk,lmn\nbcdefghijk\n"
	    "ab,cdefghijk,lmn\ncdefghijk\n"
	    "a,bcdefghijkl,mno\nbcdefghijkl\n"
	    "abcdefghij,klmnopqrst,uvwxyz0123\nklmnopqrst\n"
	    "abcdefghij,klmnopqrst,uvwxyz01234\nklmnopqrst\n"
	    ",,\n\"\"\n"
	    "x,,\n\"\"\n");
}

/* --excel-safe: formulas defused, numbers and the rest untouched. */
static void
test_excel_safe(void **state)
{
	(void)state;
	w.excel_safe = 1;
	csvw_str(&w, "=HYPERLINK(\"http://x\",\"y\")");
	csvw_str(&w, "+1+cmd|' /C calc'!A0");
	csvw_str(&w, "-2+3");
	csvw_str(&w, "@SUM(A1)");
	csvw_str(&w, "\tx");
	csvw_str(&w, "-3");
	csvw_str(&w, "+0.5");
	csvw_str(&w, "-");
	csvw_str(&w, "Peña");
	csvw_str(&w, "a=b");
	csvw_str(&w, "");
	csvw_endrec(&w);
	expect_output("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","
	    "\"'+1+cmd|' /C calc'!A0\",\"'-2+3\",\"'@SUM(A1)\",\"'\tx\","
	    "-3,+0.5,\"'-\",Peña,a=b,\n");
}

static void
test_raw(void **state)
{
	static const char html[] = "<p>\"as is\", no quoting</p>\n";

	(void)state;
	csvw_raw(&w, html, strlen(html));
	expect_output("<p>\"as is\", no quoting</p>\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_minimal_quoting, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_delimiter_and_crlf, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_record_and_printf, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_large_output, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_recfields_lengths, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_recfields, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_excel_safe, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_raw, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
