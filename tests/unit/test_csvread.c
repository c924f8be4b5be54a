/*
 * test_csvread.c - the CSV reader, fed from memory buffers
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sate.h"

static struct sate_opts opts;
static int mode;	/* 0, or CSVR_LIBCSV_ONLY: every test runs in both */

static int
setup(void **state)
{
	(void)state;
	sate_opts_init(&opts);
	return 0;
}

static int
libcsv_only(void **state)
{
	(void)state;
	mode = CSVR_LIBCSV_ONLY;
	return 0;
}

static struct csvr *
open_str(const char *s)
{
	return csvr_open_mem(s, strlen(s), "t.csv", &opts, CSVR_QUIET | mode);
}

static struct csvr *
open_buf(const char *s, size_t n)
{
	return csvr_open_mem(s, n, "t.csv", &opts, CSVR_QUIET | mode);
}

/* Read one record and compare its fields with the NULL-ended list. */
static void
expect_rec(struct csvr *r, unsigned long line, ...)
{
	struct sate_rec *rec;
	va_list ap;
	const char *want;
	size_t i = 0;

	assert_int_equal(csvr_next(r, &rec), 1);
	assert_int_equal(rec->line, line);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < rec->n);
		assert_int_equal(rec->f[i].len, strlen(want));
		assert_memory_equal(rec->f[i].p, want, strlen(want));
		assert_int_equal(rec->f[i].p[rec->f[i].len], '\0');
		i++;
	}
	va_end(ap);
	assert_int_equal(rec->n, i);
}

static void
expect_eof(struct csvr *r)
{
	struct sate_rec *rec;

	assert_int_equal(csvr_next(r, &rec), 0);
	assert_int_equal(csvr_next(r, &rec), 0);
}

/* Expect an error from csvr_next with this message. */
static void
expect_error(struct csvr *r, const char *msg, int fatal)
{
	struct sate_rec *rec;

	assert_int_equal(csvr_next(r, &rec), -1);
	assert_string_equal(csvr_errmsg(r), msg);
	assert_int_equal(csvr_fatal(r), fatal);
	assert_int_equal(csvr_status(r), SATE_EXIT_DATA);
}

/* Expect csvr_open to fail with this message. */
static void
expect_open_error(const char *s, size_t n, const char *msg)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *saved, *mem;
	struct csvr *r;

	/* Without CSVR_QUIET the message goes to stderr: catch it. */
	mem = open_memstream(&out, &outlen);
	assert_non_null(mem);
	saved = stderr;
	stderr = mem;
	r = csvr_open_mem(s, n, "t.csv", &opts, mode);
	stderr = saved;
	fclose(mem);
	assert_null(r);
	assert_int_equal(csvr_open_status(), SATE_EXIT_DATA);
	assert_string_equal(out, msg);
	free(out);
}

static void
test_simple(void **state)
{
	struct csvr *r = open_str("a,b,c\n1,2,3\nx,,z\n");

	(void)state;
	assert_non_null(r);
	assert_int_equal(csvr_ncols(r), 3);
	assert_string_equal(csvr_colname(r, 2), "c");
	expect_rec(r, 2, "1", "2", "3", NULL);
	expect_rec(r, 3, "x", "", "z", NULL);
	expect_eof(r);
	assert_int_equal(csvr_records(r), 2);
	csvr_close(r);
}

static void
test_bom_crlf(void **state)
{
	struct csvr *r = open_str("\xEF\xBB\xBF\"cct\",n\r\n15EPR0001A,1\r\n");

	(void)state;
	assert_non_null(r);
	assert_string_equal(csvr_colname(r, 0), "cct");
	assert_string_equal(csvr_rawname(r, 0), "cct");
	expect_rec(r, 2, "15EPR0001A", "1", NULL);
	expect_eof(r);
	csvr_close(r);
}

static void
test_quoted(void **state)
{
	struct csvr *r = open_str("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n"
	    "\"two\nlines\",\"three\r\n\n\nlines\"\nlast,1\n");

	(void)state;
	expect_rec(r, 2, "x,y", "say \"hi\"", NULL);
	expect_rec(r, 3, "two\nlines", "three\r\n\n\nlines", NULL);
	expect_rec(r, 8, "last", "1", NULL);
	expect_eof(r);
	csvr_close(r);
}

static void
test_spaces_kept(void **state)
{
	struct csvr *r = open_str("a,b\n  x ,\t y\t\n");

	(void)state;
	expect_rec(r, 2, "  x ", "\t y\t", NULL);
	expect_eof(r);
	csvr_close(r);
}

static void
test_last_line_unterminated(void **state)
{
	struct csvr *r = open_str("a,b\n1,2\n3,\"4\"");

	(void)state;
	expect_rec(r, 2, "1", "2", NULL);
	expect_rec(r, 3, "3", "4", NULL);
	expect_eof(r);
	csvr_close(r);
}

static void
test_blank_lines(void **state)
{
	struct csvr *r = open_str("\n\na,b\n\n1,2\r\n\r\n\n3,4\n\n");

	(void)state;
	expect_rec(r, 5, "1", "2", NULL);
	expect_rec(r, 8, "3", "4", NULL);
	expect_eof(r);
	csvr_close(r);
}

static void
test_empty_fields(void **state)
{
	struct csvr *r = open_str("a,b,c\n,,\n\"\",\"\",\n");

	(void)state;
	expect_rec(r, 2, "", "", "", NULL);
	expect_rec(r, 3, "", "", "", NULL);
	expect_eof(r);
	csvr_close(r);
}

static void
test_cr_only(void **state)
{
	struct csvr *r = open_str("a,b\r1,2\r3,4\r");

	(void)state;
	expect_rec(r, 2, "1", "2", NULL);
	expect_rec(r, 3, "3", "4", NULL);
	expect_eof(r);
	csvr_close(r);
}

static void
test_delimiters(void **state)
{
	struct csvr *r;
	struct sate_rec *rec;

	(void)state;
	opts.delim = ';';
	r = open_str("a;b\n1,5;2\n1,5;\"x;y\"\n");
	/* Read without quotes, but a comma writer would need them. */
	assert_int_equal(csvr_next(r, &rec), 1);
	assert_string_equal(rec->f[0].p, "1,5");
	assert_false(rec->plain);
	expect_rec(r, 3, "1,5", "x;y", NULL);
	expect_eof(r);
	csvr_close(r);
	opts.delim = '\t';
	r = open_str("a\tb\n1 2\t3\n");
	expect_rec(r, 2, "1 2", "3", NULL);
	expect_eof(r);
	csvr_close(r);
}

static void
test_aliases(void **state)
{
	struct csvr *r = open_str("CV_CCT,NOMBRECT,ZONAESCOLA,AluNombre,"
	    "AluApePat,Ciclo_Escolar,Desc_Turno,\xC3\x91o Se,Grado\n");
	static const char *const want[] = { "cct", "escuela", "zona",
	    "nombre", "primer_apellido", "ciclo", "turno", "no_se",
	    "grado" };
	size_t i;

	(void)state;
	assert_non_null(r);
	assert_int_equal(csvr_ncols(r), 9);
	for (i = 0; i < 9; i++)
		assert_string_equal(csvr_colname(r, i), want[i]);
	assert_string_equal(csvr_rawname(r, 0), "CV_CCT");
	assert_int_equal(csvr_col(r, "escuela"), 1);
	assert_int_equal(csvr_col(r, "curp"), -1);
	expect_eof(r);
	csvr_close(r);
	r = open_str("CLAVECCT\n");
	assert_string_equal(csvr_colname(r, 0), "cct");
	csvr_close(r);
	r = open_str("clave_cct\n");
	assert_string_equal(csvr_colname(r, 0), "cct");
	csvr_close(r);
}

static void
test_require(void **state)
{
	static const char *const names[] = { "cct", "grado", NULL };
	struct csvr *r = open_str("grado,CV_CCT\n");
	int idx[2];

	(void)state;
	assert_int_equal(csvr_require(r, names, idx), 0);
	assert_int_equal(idx[0], 1);
	assert_int_equal(idx[1], 0);
	csvr_close(r);
}

static void
test_duplicate_header(void **state)
{
	(void)state;
	expect_open_error("cct,x,CV_CCT\n", 13,
	    "sate: t.csv:1: duplicate column 'cct' (columns 1 'cct' and 3 "
	    "'CV_CCT')\n");
	expect_open_error("a,,b\n", 5,
	    "sate: t.csv:1: column 2 of the header has no name\n");
}

static void
test_empty_input(void **state)
{
	struct csvr *r;

	(void)state;
	expect_open_error("", 0,
	    "sate: t.csv: empty input (a header line was expected)\n");
	expect_open_error("\n\r\n", 3,
	    "sate: t.csv: empty input (a header line was expected)\n");
	r = csvr_open_mem("", 0, "t.csv", &opts, CSVR_EMPTY_OK | mode);
	assert_non_null(r);
	assert_int_equal(csvr_ncols(r), 0);
	expect_eof(r);
	csvr_close(r);
	r = open_str("a,b\n");
	assert_non_null(r);
	expect_eof(r);
	csvr_close(r);
}

static void
test_unterminated_quote(void **state)
{
	struct csvr *r = open_str("a,b\n1,2\n3,\"open\nmore\nstill\n");

	(void)state;
	expect_rec(r, 2, "1", "2", NULL);
	expect_error(r, "t.csv:3: column 'b': quoted field not closed: the "
	    "quote opened on line 3 runs to the end of the input", 1);
	expect_error(r, "t.csv:3: column 'b': quoted field not closed: the "
	    "quote opened on line 3 runs to the end of the input", 1);
	csvr_close(r);
}

static void
test_stray_quote(void **state)
{
	struct csvr *r = open_str("a,b,c\n1,x\"y,3\n");

	(void)state;
	expect_error(r, "t.csv:2: column 'b': stray quote: a quote inside "
	    "an unquoted field, or text after a closing quote (quote the "
	    "whole field and double the quotes inside it)", 1);
	csvr_close(r);
	r = open_str("a,b\n\"x\"y,2\n");
	expect_error(r, "t.csv:2: column 'a': stray quote: a quote inside "
	    "an unquoted field, or text after a closing quote (quote the "
	    "whole field and double the quotes inside it)", 1);
	csvr_close(r);
}

static void
test_field_count(void **state)
{
	struct csvr *r = open_str("a,b,c\n1,2\n1,2,3\n1,2,3,4\n");

	(void)state;
	expect_error(r, "t.csv:2: 2 fields, but the header has 3", 0);
	expect_rec(r, 3, "1", "2", "3", NULL);
	expect_error(r, "t.csv:4: 4 fields, but the header has 3", 0);
	expect_eof(r);
	csvr_close(r);
}

static void
test_nul(void **state)
{
	static const char in[] = "a,b\n1,x\0y\n";
	struct csvr *r = open_buf(in, sizeof in - 1);

	(void)state;
	expect_error(r, "t.csv:2: column 'b': NUL byte in the data (is the "
	    "file UTF-16 or binary?)", 1);
	csvr_close(r);
}

static void
test_invalid_utf8(void **state)
{
	struct csvr *r = open_str("a,nombre\n1,Pe\xF1" "a\n2,ok\n"
	    "3,\xE2\x82\n4,\xED\xA0\x80\n5,\xC0\xAF\n6,\xE2\x82\xAC\n");

	(void)state;
	expect_error(r, "t.csv:2: column 'nombre': invalid UTF-8 (byte "
	    "0xF1); if the file is Latin-1 or Windows-1252, use --encoding "
	    "latin1", 0);
	expect_rec(r, 3, "2", "ok", NULL);
	expect_error(r, "t.csv:4: column 'nombre': invalid UTF-8 (byte "
	    "0xE2); if the file is Latin-1 or Windows-1252, use --encoding "
	    "latin1", 0);
	expect_error(r, "t.csv:5: column 'nombre': invalid UTF-8 (byte "
	    "0xED); if the file is Latin-1 or Windows-1252, use --encoding "
	    "latin1", 0);
	expect_error(r, "t.csv:6: column 'nombre': invalid UTF-8 (byte "
	    "0xC0); if the file is Latin-1 or Windows-1252, use --encoding "
	    "latin1", 0);
	expect_rec(r, 7, "6", "\xE2\x82\xAC", NULL);
	expect_eof(r);
	csvr_close(r);
}

static void
test_latin1(void **state)
{
	struct csvr *r;

	(void)state;
	opts.enc = SATE_ENC_LATIN1;
	r = open_str("a,nombre\n1,Pe\xF1" "a N\xFA\xF1" "ez\n");
	assert_non_null(r);
	expect_rec(r, 2, "1", "Pe\xC3\xB1" "a N\xC3\xBA\xC3\xB1" "ez", NULL);
	expect_eof(r);
	csvr_close(r);
	opts.enc = SATE_ENC_CP1252;
	r = open_str("a\n\x80\n");
	expect_rec(r, 2, "\xE2\x82\xAC", NULL);
	expect_eof(r);
	csvr_close(r);
	expect_open_error("a\n\x81\n", 4, "sate: t.csv: byte 0x81 at offset "
	    "2 is not windows-1252 (try --encoding latin1)\n");
}

static void
test_utf16(void **state)
{
	(void)state;
	expect_open_error("\xFF\xFE" "a\0,\0b\0", 8, "sate: t.csv: input is "
	    "UTF-16 (it starts with a UTF-16 byte order mark; convert it "
	    "first: iconv -f UTF-16 -t UTF-8)\n");
}

static void
test_field_cap(void **state)
{
	size_t n = 3 << 20, i;
	char *big = malloc(n + 16);
	struct csvr *r;
	struct sate_rec *rec;

	(void)state;
	assert_non_null(big);
	memcpy(big, "a,b\n1,", 6);
	for (i = 6; i < n; i++)
		big[i] = 'x';
	big[n] = '\n';
	/* 1 MiB by default: refused. */
	r = open_buf(big, n + 1);
	expect_error(r, "t.csv:2: column 'b': field longer than the cap of "
	    "1048576 bytes (raise it with --max-field)", 1);
	csvr_close(r);
	/* A quoted one too. */
	big[6] = '"';
	big[n - 1] = '"';
	r = open_buf(big, n + 1);
	expect_error(r, "t.csv:2: column 'b': field longer than the cap of "
	    "1048576 bytes (raise it with --max-field)", 1);
	csvr_close(r);
	/* With a cap of 4 MiB: read whole. */
	opts.max_field = 4 << 20;
	r = open_buf(big, n + 1);
	assert_int_equal(csvr_next(r, &rec), 1);
	assert_int_equal(rec->f[1].len, n - 8);
	expect_eof(r);
	csvr_close(r);
	/* Exactly at the cap: accepted. */
	opts.max_field = n - 6;
	big[6] = 'x';
	big[n - 1] = 'x';
	r = open_buf(big, n + 1);
	assert_int_equal(csvr_next(r, &rec), 1);
	assert_int_equal(rec->f[1].len, n - 6);
	csvr_close(r);
	opts.max_field = n - 7;
	r = open_buf(big, n + 1);
	assert_int_equal(csvr_next(r, &rec), -1);
	csvr_close(r);
	free(big);
}

static void
test_many_records_across_blocks(void **state)
{
	size_t n = 200000, i, len = 0;
	char *buf = malloc(n * 16 + 16);
	struct csvr *r;
	struct sate_rec *rec;
	unsigned long want = 2;

	(void)state;
	len += (size_t)sprintf(buf, "k,v\n");
	for (i = 0; i < n; i++)
		len += (size_t)sprintf(buf + len, "%zu,\"v\nw\"\n", i);
	r = open_buf(buf, len);
	for (i = 0; i < n; i++) {
		assert_int_equal(csvr_next(r, &rec), 1);
		assert_int_equal(rec->line, want);
		assert_int_equal(strtoul(rec->f[0].p, NULL, 10), i);
		assert_string_equal(rec->f[1].p, "v\nw");
		want += 2;
	}
	expect_eof(r);
	csvr_close(r);
	free(buf);
}

/* Findings of the fuzzer (tests/fuzz/fuzz_csvread.c): the fast path and
 * libcsv must tell the same story. */
static void
test_fuzz_findings(void **state)
{
	struct csvr *r;

	(void)state;
	/* A field over the cap outranks bad UTF-8 in an earlier field. */
	opts.max_field = 16;
	r = open_str("a,b\n\xae" "1,pppppppppppppppppppppppppppppppppppp90\n");
	expect_error(r, "t.csv:2: column 'b': field longer than the cap of "
	    "16 bytes (raise it with --max-field)", 1);
	csvr_close(r);
	/* The first field over the cap is the one named, even when it is
	 * within libcsv's slack and a later one is far over. */
	r = open_str("as,x\nBOXW55555555555555555555555,"
	    "))))555555555555555555555555555555555555555\n");
	expect_error(r, "t.csv:2: column 'as': field longer than the cap of "
	    "16 bytes (raise it with --max-field)", 1);
	csvr_close(r);
	opts.max_field = SATE_MAX_FIELD_DEFAULT;
	/* A bare CR ends a record inside a line and a quote opens the
	 * next: refused, never read as a record that runs on. */
	r = open_str("a,b\n1,2\r\"x,y\n3,4\n5,6\n");
	expect_error(r, "t.csv:2: a carriage return (CR) ends a record inside "
	    "the line (the file mixes line ends; convert it with dos2unix)", 1);
	csvr_close(r);
}

static void
test_error_location(void **state)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *saved, *mem;
	struct csvr *r = open_str("cct,faltas\nx,1\ny,x5\n");
	struct sate_rec *rec;

	(void)state;
	assert_int_equal(csvr_next(r, &rec), 1);
	assert_int_equal(csvr_next(r, &rec), 1);
	mem = open_memstream(&out, &outlen);
	saved = stderr;
	stderr = mem;
	assert_int_equal(csvr_error(r, 1, "'%s' is not a whole number",
	    rec->f[1].p), -1);
	csvr_warning(r, -1, "odd");
	stderr = saved;
	fclose(mem);
	assert_string_equal(out, "sate: t.csv:3: column 'faltas': 'x5' is "
	    "not a whole number\nsate: warning: t.csv:3: odd\n");
	free(out);
	csvr_close(r);
}

/*
 * Chunks (csvr_chunk): what a file read in chunks of every size from 1
 * byte to 48, each by a reader of its own (and the rest by csvr_next
 * when the chunker gives up), gives exactly what it gives read in one
 * piece: the same records on the same lines, the same errors, the same
 * stop.
 */
static void
put_str(struct sate_buf *t, const char *s, size_t n)
{
	buf_reserve(t, n + 1);
	memcpy(t->p + t->len, s, n);
	t->len += n;
	t->p[t->len] = '\0';
}

/* The records of r, then its error when one stops it, into t; returns
 * whether a fatal error stopped it. */
static int
transcribe(struct csvr *r, struct sate_buf *t)
{
	struct sate_rec *rec;
	char num[32];
	size_t i;
	int rc;

	while ((rc = csvr_next(r, &rec)) != 0) {
		if (rc < 0) {
			put_str(t, "E ", 2);
			put_str(t, csvr_errmsg(r), strlen(csvr_errmsg(r)));
			put_str(t, "\n", 1);
			if (csvr_fatal(r))
				return 1;
			continue;
		}
		snprintf(num, sizeof num, "%lu:", rec->line);
		put_str(t, num, strlen(num));
		for (i = 0; i < rec->n; i++) {
			put_str(t, "[", 1);
			put_str(t, rec->f[i].p, rec->f[i].len);
			put_str(t, "]", 1);
		}
		put_str(t, "\n", 1);
	}
	return 0;
}

static void
transcribe_chunked(const char *s, size_t n, size_t size, struct sate_buf *t)
{
	struct csvr *r = open_buf(s, n), *k = NULL;
	struct csvr_chunk c = { NULL, 0, 0, 0 };
	int rc = 0, fatal = 0;

	assert_non_null(r);
	csvr_set_chunk_size(r, size);
	while (!fatal && csvr_can_chunk(r) && (rc = csvr_chunk(r, &c)) > 0) {
		if (k == NULL)
			k = csvr_chunk_reader(r);
		csvr_chunk_load(k, &c);
		fatal = transcribe(k, t);
	}
	assert_true(rc >= 0);
	if (!fatal)
		transcribe(r, t);
	csvr_chunk_free(&c);
	csvr_close(k);
	csvr_close(r);
}

static void
expect_same_chunked(const char *s, size_t n)
{
	struct sate_buf whole = { NULL, 0, 0 }, part = { NULL, 0, 0 };
	struct csvr *r = open_buf(s, n);
	size_t size;

	assert_non_null(r);
	put_str(&whole, "", 0);
	transcribe(r, &whole);
	csvr_close(r);
	for (size = 1; size <= 48; size++) {
		part.len = 0;
		put_str(&part, "", 0);
		transcribe_chunked(s, n, size, &part);
		if (strcmp(whole.p, part.p) != 0)
			fail_msg("chunks of %zu bytes of \"%s\":\n%s\n"
			    "in one piece:\n%s", size, s, part.p, whole.p);
	}
	buf_free(&whole);
	buf_free(&part);
}

static void
test_chunks(void **state)
{
	static const char *const inputs[] = {
		"a,b\n1,2\n3,4\n5,6\n",
		"a,b\r\n1,2\r\n\r\n3,4\r\n5,6",
		"\xEF\xBB\xBF" "a,b\n\n\n1,2\n3,4\n",
		"a,b\r1,2\r3,4\r",
		"a,b\n\"x\ny\",2\n\"q\"\"\n\"\"r\",\"\"\n3,\"4\n\n5\"\n7,8\n",
		"a,b\n1,2\n3\n4,5,6\n7,8\n",
		"a,b\n1,2\n\xC3(,x\n3,4\n",
		"a,b\n1,2\n3,x\"y\n5,6\n\"7\",8\n",
		"a,b\n1,2\n\"3,4\n5,6\n",
		"a,b\n1,2\n\"3\"x,4\n5,6\n",
		"a,b\n1,2\n3,4\r5,6\n7,8\n",
		"a,b\n1,\"2\r\n3\"\r\n4,5\r\n",
		"a,b\n1,2\n3,4",
		"a,b\n",
		"a,b",
		"a,b\n\n\n",
		"nombre,curp\n\"P\xC3\xA9rez, Ana\",X\nL\xC3\xB3pez,Y\n",
	};
	static const char *const capped[] = {
		"a,b\n1,2\n3,123456789012345678901234567890\n5,6\n",
		"a,b\n1,2\n3,\"1234567890\n1234567890\n1234567890\"\n5,6\n",
		"a,b\n1,2\n3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,"
		"1,2,3,4\n5,6\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++)
		expect_same_chunked(inputs[i], strlen(inputs[i]));
	/* a NUL stops it */
	expect_same_chunked("a,b\n1,2\n3,\0\n5,6\n", 16);
	/* fields past the cap, quoted or not: chunks give up on them */
	opts.max_field = 4;
	for (i = 0; i < sizeof capped / sizeof capped[0]; i++)
		expect_same_chunked(capped[i], strlen(capped[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_simple, setup),
		cmocka_unit_test_setup(test_bom_crlf, setup),
		cmocka_unit_test_setup(test_quoted, setup),
		cmocka_unit_test_setup(test_spaces_kept, setup),
		cmocka_unit_test_setup(test_last_line_unterminated, setup),
		cmocka_unit_test_setup(test_blank_lines, setup),
		cmocka_unit_test_setup(test_empty_fields, setup),
		cmocka_unit_test_setup(test_cr_only, setup),
		cmocka_unit_test_setup(test_delimiters, setup),
		cmocka_unit_test_setup(test_aliases, setup),
		cmocka_unit_test_setup(test_require, setup),
		cmocka_unit_test_setup(test_duplicate_header, setup),
		cmocka_unit_test_setup(test_empty_input, setup),
		cmocka_unit_test_setup(test_unterminated_quote, setup),
		cmocka_unit_test_setup(test_stray_quote, setup),
		cmocka_unit_test_setup(test_field_count, setup),
		cmocka_unit_test_setup(test_nul, setup),
		cmocka_unit_test_setup(test_invalid_utf8, setup),
		cmocka_unit_test_setup(test_latin1, setup),
		cmocka_unit_test_setup(test_utf16, setup),
		cmocka_unit_test_setup(test_field_cap, setup),
		cmocka_unit_test_setup(test_many_records_across_blocks,
		    setup),
		cmocka_unit_test_setup(test_fuzz_findings, setup),
		cmocka_unit_test_setup(test_error_location, setup),
		cmocka_unit_test_setup(test_chunks, setup),
	};

	int fails;

	fails = cmocka_run_group_tests_name("fast path", tests, NULL, NULL);
	fails += cmocka_run_group_tests_name("libcsv only", tests,
	    libcsv_only, NULL);
	return fails;
}
