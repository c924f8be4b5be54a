/*
 * test_rpipe.c - records through the second thread and back, in order
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

/* What each record should come back as: its fields joined by '|'. */
struct want {
	char **s;
	unsigned long *line;
	size_t n, cap;
	size_t done;		/* records checked by done() */
};

/* A batch's results: each record rebuilt, joined. */
struct res {
	struct sate_buf joined;	/* NUL-separated */
};

static void
join(struct sate_buf *b, const struct sate_rec *rec)
{
	size_t i;

	for (i = 0; i < rec->n; i++) {
		assert_int_equal(rec->f[i].p[rec->f[i].len], '\0');
		buf_reserve(b, rec->f[i].len + 2);
		memcpy(b->p + b->len, rec->f[i].p, rec->f[i].len);
		b->len += rec->f[i].len;
		b->p[b->len++] = i + 1 < rec->n ? '|' : '\0';
	}
	if (rec->n == 0) {
		buf_reserve(b, 1);
		b->p[b->len++] = '\0';
	}
}

static void
work(void *arg, struct rpipe_batch *b)
{
	struct res *u = rpipe_user(b);
	size_t i;

	(void)arg;
	u->joined.len = 0;
	for (i = 0; i < rpipe_nrec(b); i++)
		join(&u->joined, rpipe_rec(b, i));
}

static void
done(void *arg, struct rpipe_batch *b)
{
	struct want *w = arg;
	struct res *u = rpipe_user(b);
	const char *s = u->joined.p;
	size_t i;

	for (i = 0; i < rpipe_nrec(b); i++) {
		assert_true(w->done < w->n);
		assert_int_equal(rpipe_line(b, i), w->line[w->done]);
		assert_string_equal(s, w->s[w->done]);
		s += strlen(s) + 1;
		w->done++;
	}
}

static void
res_free(void *user)
{
	struct res *u = user;

	buf_free(&u->joined);
}

/* 20,000 records, plain and not (quoted, with commas, quotes and line
 * breaks inside), of 1 to 40-odd bytes a field; drained halfway. */
static void
order(size_t threads)
{
	struct sate_buf csv = { NULL, 0, 0 }, j = { NULL, 0, 0 };
	struct want w = { NULL, NULL, 0, 0, 0 };
	struct rpipe_ops ops = { work, done, res_free, sizeof(struct res),
	    NULL, threads, NULL };
	struct sate_opts o;
	struct sate_rec *rec;
	struct rpipe *p;
	struct csvr *r;
	size_t i, nplain = 0;
	char row[256];
	int rc;

	ops.arg = &w;
	buf_reserve(&csv, 32);
	memcpy(csv.p, "a,b,c\n", 6);
	csv.len = 6;
	for (i = 0; i < 20000; i++) {
		if (i % 7 == 3)
			snprintf(row, sizeof row,
			    "\"x,%zu\",\"say \"\"hi\"\"\",\"two\nlines\"\n", i);
		else if (i % 11 == 5)
			snprintf(row, sizeof row, ",,\n");
		else
			snprintf(row, sizeof row, "%zu,%.*s,ñandú %zu\n", i,
			    (int)(i % 45), "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", i * 31);
		buf_reserve(&csv, strlen(row));
		memcpy(csv.p + csv.len, row, strlen(row));
		csv.len += strlen(row);
	}
	sate_opts_init(&o);
	r = csvr_open_mem(csv.p, csv.len, "t.csv", &o, CSVR_QUIET);
	assert_non_null(r);
	p = rpipe_new(&ops);
	while ((rc = csvr_next(r, &rec)) != 0) {
		assert_int_equal(rc, 1);
		j.len = 0;
		join(&j, rec);
		if (w.n == w.cap) {
			w.cap = w.cap ? 2 * w.cap : 1024;
			w.s = realloc(w.s, w.cap * sizeof *w.s);
			w.line = realloc(w.line, w.cap * sizeof *w.line);
			assert_non_null(w.s);
			assert_non_null(w.line);
		}
		w.s[w.n] = xstrdup(j.p);
		w.line[w.n++] = rec->line;
		nplain += rec->plain != 0;
		rpipe_add(p, rec);
		if (w.n == 10000) {
			rpipe_drain(p);
			assert_int_equal(w.done, 10000);
		}
	}
	rpipe_free(p);
	assert_int_equal(w.n, 20000);
	assert_int_equal(w.done, 20000);
	assert_true(nplain > 10000 && nplain < 20000);	/* both kinds */
	/* the header is line 1; record 3 takes lines 5 and 6 */
	assert_int_equal(w.line[3], 5);
	assert_int_equal(w.line[4], 7);
	for (i = 0; i < w.n; i++)
		free(w.s[i]);
	free(w.s);
	free(w.line);
	buf_free(&j);
	buf_free(&csv);
	csvr_close(r);
}

static void
test_order(void **state)
{
	(void)state;
	order(1);
}

/* With several workers, batches worked on at once and finished in any
 * order: done still sees them in the order sent. */
static void
test_order_threads(void **state)
{
	(void)state;
	order(2);
	order(3);
	order(8);
	order(100);	/* as many as there may be: 8 */
}

/* A record bigger than a batch's byte budget goes alone, whole. */
static void
test_big(void **state)
{
	struct want w = { NULL, NULL, 0, 0, 0 };
	struct rpipe_ops ops = { work, done, res_free, sizeof(struct res),
	    NULL, 0, NULL };
	struct sate_field f[2];
	struct sate_rec rec = { f, 2, 0, 1 };
	struct rpipe *p;
	char *big = xmalloc(3 << 20);
	size_t i;

	(void)state;
	ops.arg = &w;
	w.cap = 8;
	w.s = xcalloc(w.cap, sizeof *w.s);
	w.line = xcalloc(w.cap, sizeof *w.line);
	memset(big, 'z', 3 << 20);
	/* one run: "q" NUL big NUL */
	big[0] = 'q';
	big[1] = '\0';
	big[(3 << 20) - 1] = '\0';
	f[0].p = big;
	f[0].len = 1;
	f[1].p = big + 2;
	f[1].len = (3 << 20) - 3;
	p = rpipe_new(&ops);
	for (i = 0; i < 3; i++) {
		rec.line = 2 + i;
		w.line[w.n] = rec.line;
		w.s[w.n] = xmalloc((3 << 20) + 1);
		w.s[w.n][0] = 'q';
		w.s[w.n][1] = '|';
		memcpy(w.s[w.n] + 2, big + 2, (3 << 20) - 2);
		w.n++;
		rpipe_add(p, &rec);
	}
	rpipe_free(p);
	assert_int_equal(w.done, 3);
	for (i = 0; i < w.n; i++)
		free(w.s[i]);
	free(w.s);
	free(w.line);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_order_threads),
		cmocka_unit_test(test_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
