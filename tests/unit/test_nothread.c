/*
 * test_nothread.c - with no thread to be had, the same results on this one
 *
 * This program's own pthread_create, which the linker takes before the C
 * library's, always fails, as it does under a limit on processes: rpipe
 * then runs each batch's work here as it is sent, and dups_find searches
 * every partition itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sate.h"

static int attempts;

int
pthread_create(pthread_t *t, const pthread_attr_t *attr,
    void *(*fn)(void *), void *arg)
{
	(void)t, (void)attr, (void)fn, (void)arg;
	attempts++;
	return EAGAIN;
}

struct tally {
	unsigned long worked, done;	/* batches */
	unsigned long next;		/* the number done expects next */
};

struct num {
	unsigned long n;
	int worked;
};

static void
work(void *arg, struct rpipe_batch *b)
{
	struct num *u = rpipe_user(b);

	((struct tally *)arg)->worked++;
	u->worked = 1;
}

static void
done(void *arg, struct rpipe_batch *b)
{
	struct tally *t = arg;
	struct num *u = rpipe_user(b);

	assert_true(u->worked);		/* work came first, here */
	assert_int_equal(u->n, t->next);
	t->next++;
	t->done++;
	u->worked = 0;
}

/* 1,000 batches of numbers, asked of one worker and of eight. */
static void
test_rpipe_here(void **state)
{
	struct tally t;
	struct rpipe_ops ops = { work, done, NULL, sizeof(struct num), NULL,
	    0, NULL };
	struct rpipe *p;
	struct num *u;
	size_t threads, i;

	(void)state;
	for (threads = 1; threads <= 8; threads += 7) {
		memset(&t, 0, sizeof t);
		ops.arg = &t;
		ops.threads = threads;
		attempts = 0;
		p = rpipe_new(&ops);
		assert_int_equal(attempts, 1);	/* the first one failed */
		for (i = 0; i < 1000; i++) {
			u = rpipe_fill(p);
			u->n = i;
			rpipe_send(p);
			/* sent means done: nothing is in flight */
			assert_int_equal(t.done, i + 1);
		}
		rpipe_free(p);
		assert_int_equal(t.worked, 1000);
		assert_int_equal(t.done, 1000);
	}
}

/* dups_find on this thread alone: 150,000 keys, past the 100,000 from
 * which it asks for a second, each put twice. */
static void
test_dups_here(void **state)
{
	struct sate_dups *d = dups_new();
	struct sate_dup *f;
	size_t i, n;

	(void)state;
	for (i = 0; i < 150000; i++)
		dups_add(d, (uint64_t)(i % 75000) * 2654435761U, 0,
		    (uint32_t)i + 1);
	attempts = 0;
	f = dups_find(d, UINT32_MAX, &n);
	assert_int_equal(attempts, 1);
	assert_int_equal(n, 75000);
	for (i = 0; i < n; i++) {
		assert_int_equal(f[i].dup.num, 75000 + i + 1);
		assert_int_equal(f[i].first.num, i + 1);
	}
	free(f);
	dups_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rpipe_here),
		cmocka_unit_test(test_dups_here),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
