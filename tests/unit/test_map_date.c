/*
 * test_map_date.c - the hash map, the key set and the calendar
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

static void
test_map(void **state)
{
	struct sate_map *m = map_new(sizeof(long));
	char key[32];
	const char *k;
	size_t i, len;
	long *v;
	int isnew;

	(void)state;
	assert_null(map_get(m, "x", 1));
	for (i = 0; i < 100000; i++) {
		snprintf(key, sizeof key, "k%zu", i);
		v = map_put(m, key, strlen(key), &isnew);
		assert_int_equal(isnew, 1);
		assert_int_equal(*v, 0);
		*v = (long)i * 2;
	}
	assert_int_equal(map_count(m), 100000);
	v = map_put(m, "k77", 3, &isnew);
	assert_int_equal(isnew, 0);
	assert_int_equal(*v, 154);
	for (i = 0; i < 100000; i += 997) {
		snprintf(key, sizeof key, "k%zu", i);
		v = map_get(m, key, strlen(key));
		assert_non_null(v);
		assert_int_equal(*v, (long)i * 2);
		v = map_at(m, i, &k, &len);
		assert_string_equal(k, key);
		assert_int_equal(len, strlen(key));
	}
	assert_null(map_get(m, "k", 1));
	assert_null(map_get(m, "k1000000", 8));
	assert_null(map_at(m, 100000, NULL, NULL));
	/* Keys are bytes: a prefix, or one with a NUL, is another key. */
	map_put(m, "ab\0c", 4, &isnew);
	assert_int_equal(isnew, 1);
	map_put(m, "ab", 2, &isnew);
	assert_int_equal(isnew, 1);
	map_free(m);
}

static void
test_dates(void **state)
{
	struct sate_date d, e;
	char buf[11];
	long z;

	(void)state;
	assert_int_equal(sate_parse_date("2025-02-28", 10, &d), 0);
	assert_int_equal(d.y * 10000 + d.m * 100 + d.d, 20250228);
	assert_int_equal(sate_parse_date("2025-02-29", 10, &d), -1);
	assert_int_equal(sate_parse_date("2024-02-29", 10, &d), 0);
	assert_int_equal(sate_parse_date("2000-02-29", 10, &d), 0);
	assert_int_equal(sate_parse_date("1900-02-29", 10, &d), -1);
	assert_int_equal(sate_parse_date("2025-04-31", 10, &d), -1);
	assert_int_equal(sate_parse_date("2025-13-01", 10, &d), -1);
	assert_int_equal(sate_parse_date("2025-00-10", 10, &d), -1);
	assert_int_equal(sate_parse_date("31/02/2025", 10, &d), -1);
	assert_int_equal(sate_parse_date("2025-1-01", 9, &d), -1);
	assert_int_equal(sate_parse_date("2025-01-0x", 10, &d), -1);
	d.y = 1970; d.m = 1; d.d = 1;
	assert_int_equal(sate_days(&d), 0);
	d.y = 2000; d.m = 3; d.d = 1;
	assert_int_equal(sate_days(&d), 11017);	/* date -ud 2000-03-01 +%s / 86400 */
	d.y = 2026; d.m = 11; d.d = 22;
	assert_int_equal(sate_days(&d), 20779);	/* date -ud 2026-11-22 +%s / 86400 */
	/* 0001-01-01 to 9999-12-31 */
	for (z = -719162; z <= 2932896; z += 41) {
		sate_date_from_days(z, &e);
		assert_true(sate_valid_date(e.y, e.m, e.d));
		assert_int_equal(sate_days(&e), z);
	}
	d.y = 987; d.m = 6; d.d = 5;
	sate_format_date(&d, buf);
	assert_string_equal(buf, "0987-06-05");
}

/* A key set: 300,000 keys through its growth, then a reserved one. */
static void
test_seen(void **state)
{
	struct sate_seen *s = seen_new();
	const struct sate_seen_ent *e;
	uint64_t k;
	size_t i;

	(void)state;
	assert_int_equal(seen_count(s), 0);
	for (i = 0; i < 300000; i++) {
		k = (uint64_t)i * 0x9E3779B97F4AULL & (((uint64_t)1 << 62) - 1);
		assert_null(seen_add(s, k, (uint32_t)i % 7, (uint32_t)i + 1));
	}
	assert_int_equal(seen_count(s), 300000);
	for (i = 0; i < 300000; i += 101) {
		k = (uint64_t)i * 0x9E3779B97F4AULL & (((uint64_t)1 << 62) - 1);
		e = seen_add(s, k, 99, 0);
		assert_non_null(e);
		assert_int_equal(e->tag, i % 7);	/* the first, kept */
		assert_int_equal(e->num, i + 1);
	}
	assert_int_equal(seen_count(s), 300000);
	seen_free(s);

	/* 0 and the largest key are keys like any other */
	s = seen_new();
	seen_reserve(s, 10);
	assert_null(seen_add(s, 0, 1, 2));
	assert_null(seen_add(s, ((uint64_t)1 << 63) - 1, 3, 4));
	assert_null(seen_add(s, 1, 5, 6));
	e = seen_add(s, 0, 0, 0);
	assert_non_null(e);
	assert_int_equal(e->tag, 1);
	assert_int_equal(e->num, 2);
	e = seen_add(s, ((uint64_t)1 << 63) - 1, 0, 0);
	assert_non_null(e);
	assert_int_equal(e->num, 4);
	for (i = 2; i < 5000; i++)	/* past the reserve: it grows */
		assert_null(seen_add(s, i, 0, (uint32_t)i));
	assert_int_equal(seen_add(s, 1, 0, 0)->num, 6);
	assert_int_equal(seen_add(s, 4999, 0, 0)->num, 4999);
	assert_int_equal(seen_count(s), 5001);	/* 0, 1, 2^63 - 1, 2-4999 */
	seen_free(s);
}

/* Big allocations: zeroed, and kept through growth. */
static void
test_bigalloc(void **state)
{
	unsigned char *p;
	size_t i, n = (size_t)5 << 20;

	(void)state;
	assert_null(xbigalloc(0));
	p = xbigalloc(n);
	for (i = 0; i < n; i += 4093)
		assert_int_equal(p[i], 0);
	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7);
	p = xbigrealloc(p, n, 3 * n);
	for (i = 0; i < n; i++)
		if (p[i] != (unsigned char)(i * 7))
			fail_msg("byte %zu lost", i);
	assert_int_equal(p[3 * n - 1], 0);
	xbigfree(p, 3 * n);
	xbigfree(NULL, 0);
}

/*
 * The keys kept for the end (dups.c): 300,000 puts of 100,000 keys, each
 * three times, give the 200,000 repeats in the order put, each with the
 * first put of its key; enough keys for the search on two threads.
 */
static uint64_t
dkey(size_t i)
{
	return (uint64_t)i * 0x9E3779B97F4AULL & (((uint64_t)1 << 60) - 1);
}

static void
test_dups(void **state)
{
	struct sate_dups *d = dups_new();
	struct sate_dup *f;
	size_t i, n, j;

	(void)state;
	for (i = 0; i < 300000; i++)
		dups_add(d, dkey(i % 100000), (uint32_t)(i % 7),
		    (uint32_t)i + 1);
	assert_int_equal(dups_count(d), 300000);
	f = dups_find(d, UINT32_MAX, &n);
	assert_int_equal(n, 200000);
	for (j = 0; j < n; j++) {
		i = j + 100000;
		assert_int_equal(f[j].dup.num, i + 1);
		assert_true(f[j].dup.key == dkey(i % 100000));
		assert_int_equal(f[j].dup.tag, i % 7);
		assert_true(f[j].first.key == f[j].dup.key);
		assert_int_equal(f[j].first.num, i % 100000 + 1);
		assert_int_equal(f[j].first.tag, i % 100000 % 7);
	}
	free(f);
	/* up to number 150000: the repeats up to it */
	f = dups_find(d, 150000, &n);
	assert_int_equal(n, 50000);
	assert_int_equal(f[n - 1].dup.num, 150000);
	free(f);
	dups_free(d);

	/* a few, on one thread: 0, the largest CURP key, a CCT key */
	d = dups_new();
	dups_add(d, 0, 1, 2);
	dups_add(d, ((uint64_t)1 << 60) - 1, 3, 4);
	dups_add(d, (uint64_t)1 << 62 | 5, 5, 6);
	dups_add(d, 5, 7, 8);	/* not the CCT key 5 */
	f = dups_find(d, UINT32_MAX, &n);
	assert_int_equal(n, 0);
	free(f);
	dups_add(d, (uint64_t)1 << 62 | 5, 9, 10);
	dups_add(d, 0, 11, 12);
	f = dups_find(d, UINT32_MAX, &n);
	assert_int_equal(n, 2);
	assert_int_equal(f[0].dup.num, 10);
	assert_int_equal(f[0].first.num, 6);
	assert_int_equal(f[0].first.tag, 5);
	assert_int_equal(f[1].dup.num, 12);
	assert_int_equal(f[1].first.num, 2);
	assert_int_equal(f[1].first.tag, 1);
	free(f);
	dups_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_seen),
		cmocka_unit_test(test_dups),
		cmocka_unit_test(test_bigalloc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
