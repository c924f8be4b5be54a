/*
 * test_cct.c - unit tests of lib/cct.c
 *
 * Check letters not taken from domain.md were computed independently of
 * lib/cct.c (with awk); the arithmetic is written next to each: the 12
 * digits, O (odd positions), E (even positions), 7*O + 26*E mod 27.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "sate.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static enum cct_problem	check(const char *, char *);

static enum cct_problem
check(const char *s, char *expected)
{
	return cct_validate(s, strlen(s), expected);
}

/*
 * Fixtures, each with its level and sostenimiento:
 *
 * 11DES0004S  (domain.md) 11 04 05 19 0004: O = 2, E = 23,
 *             14 + 598 = 612, 612 mod 27 = 18 -> S
 * 31ABJ0001X  (domain.md) 31 01 02 10 0001: O = 4, E = 5,
 *             28 + 130 = 158, 158 mod 27 = 23 -> X
 * 15EJN0123R  15 05 10 14 0123: O = 1+0+1+1+0+2 = 5, E = 5+5+0+4+1+3 = 18,
 *             35 + 468 = 503, 503 mod 27 = 17 -> R      (preescolar)
 * 15EPR0456W  15 05 16 18 0456: O = 1+0+1+1+0+5 = 8, E = 5+5+6+8+4+6 = 34,
 *             56 + 884 = 940, 940 mod 27 = 22 -> W      (primaria)
 * 15EES0789D  15 05 05 19 0789: O = 1+0+0+1+0+8 = 10,
 *             E = 5+5+5+9+7+9 = 40, 70 + 1040 = 1110,
 *             1110 mod 27 = 3 -> D                       (secundaria)
 * 09DPR1234J  09 04 16 18 1234: O = 0+0+1+1+1+3 = 6, E = 9+4+6+8+2+4 = 33,
 *             42 + 858 = 900, 900 mod 27 = 9 -> J        (federal primaria)
 * 21DST0042U  21 04 19 20 0042: O = 2+0+1+2+0+4 = 9, E = 1+4+9+0+0+2 = 16,
 *             63 + 416 = 479, 479 mod 27 = 20 -> U       (secundaria técnica)
 * 15KJN0007L  15 11 10 14 0007: O = 1+1+1+1+0+0 = 4, E = 5+1+0+4+0+7 = 17,
 *             28 + 442 = 470, 470 mod 27 = 11 -> L       (CONAFE preescolar)
 * 14PPR0310I  14 16 16 18 0310: O = 1+1+1+1+0+1 = 5, E = 4+6+6+8+3+0 = 27,
 *             35 + 702 = 737, 737 mod 27 = 8 -> I        (particular)
 * 15EML0021T  15 05 13 12 0021: O = 1+0+1+1+0+2 = 5, E = 5+5+3+2+0+1 = 16,
 *             35 + 416 = 451, 451 mod 27 = 19 -> T       (CAM, especial)
 * 15DDI0005H  15 04 04 09 0005: O = 1+0+0+0+0+0 = 1, E = 5+4+4+9+0+5 = 27,
 *             7 + 702 = 709, 709 mod 27 = 7 -> H         (inicial)
 * 09DTV0016O  09 04 20 22 0016: O = 0+0+2+2+0+1 = 5, E = 9+4+0+2+0+6 = 21,
 *             35 + 546 = 581, 581 mod 27 = 14 -> O       (telesecundaria)
 * 32EPB0001M  32 05 16 02 0001: O = 3+0+1+0+0+0 = 4, E = 2+5+6+2+0+1 = 16,
 *             28 + 416 = 444, 444 mod 27 = 12 -> M       (primaria, PB)
 * 15EPR0015Z  15 05 16 18 0015: O = 4, E = 29, 28 + 754 = 782,
 *             782 mod 27 = 26 -> Z (r = 26)
 * 15EPR0016Z  15 05 16 18 0016: O = 4, E = 30, 28 + 780 = 808,
 *             808 mod 27 = 25 -> Z (r = 25)
 */
static const struct {
	const char *cct;
	enum sate_nivel nivel;
	const char *sost;
} fixtures[] = {
	{ "11DES0004S", NIVEL_SECUNDARIA, "federal" },
	{ "31ABJ0001X", NIVEL_DESCONOCIDO, "" },
	{ "15EJN0123R", NIVEL_PREESCOLAR, "estatal" },
	{ "15EPR0456W", NIVEL_PRIMARIA, "estatal" },
	{ "15EES0789D", NIVEL_SECUNDARIA, "estatal" },
	{ "09DPR1234J", NIVEL_PRIMARIA, "federal" },
	{ "21DST0042U", NIVEL_SECUNDARIA, "federal" },
	{ "15KJN0007L", NIVEL_PREESCOLAR, "conafe" },
	{ "14PPR0310I", NIVEL_PRIMARIA, "particular" },
	{ "15EML0021T", NIVEL_ESPECIAL, "estatal" },
	{ "15DDI0005H", NIVEL_INICIAL, "federal" },
	{ "09DTV0016O", NIVEL_SECUNDARIA, "federal" },
	{ "32EPB0001M", NIVEL_PRIMARIA, "estatal" },
	{ "15EPR0015Z", NIVEL_PRIMARIA, "estatal" },
	{ "15EPR0016Z", NIVEL_PRIMARIA, "estatal" }
};

static void
test_worked_examples(void **state)
{
	(void)state;
	assert_int_equal(cct_check_letter("11DES0004"), 'S');
	assert_int_equal(cct_check_letter("31ABJ0001"), 'X');
	assert_int_equal(check("11DES0004S", NULL), CCT_OK);
	assert_int_equal(check("31ABJ0001X", NULL), CCT_OK);
	/*
	 * The weights swapped (26*O + 7*E) would give 52 + 161 = 213,
	 * 213 mod 27 = 24 -> Y for 11DES0004: not what we compute.
	 */
	assert_int_not_equal(cct_check_letter("11DES0004"), 'Y');
}

static void
test_fixtures(void **state)
{
	size_t i;
	char e;

	(void)state;
	for (i = 0; i < NELEM(fixtures); i++) {
		e = '?';
		assert_int_equal(check(fixtures[i].cct, &e), CCT_OK);
		assert_int_equal(e, '?');
		assert_int_equal(cct_check_letter(fixtures[i].cct),
		    fixtures[i].cct[9]);
		assert_int_equal(cct_nivel(fixtures[i].cct),
		    fixtures[i].nivel);
		assert_string_equal(cct_sostenimiento(fixtures[i].cct),
		    fixtures[i].sost);
	}
}

static void
test_wrong_letter(void **state)
{
	char e;

	(void)state;
	e = 0;
	assert_int_equal(check("11DES0004A", &e), CCT_CHECK);
	assert_int_equal(e, 'S');
	e = 0;
	assert_int_equal(check("31ABJ0001Y", &e), CCT_CHECK);
	assert_int_equal(e, 'X');
	e = 0;
	assert_int_equal(check("15EPR0015Y", &e), CCT_CHECK);
	assert_int_equal(e, 'Z');
	/*
	 * A changed digit: 15 05 16 18 0457, O = 8, E = 35, 56 + 910 = 966,
	 * 966 mod 27 = 21 -> V, no longer W.
	 */
	e = 0;
	assert_int_equal(check("15EPR0457W", &e), CCT_CHECK);
	assert_int_equal(e, 'V');
	assert_int_equal(check("11DES0004A", NULL), CCT_CHECK);
}

static void
test_entity(void **state)
{
	char e;

	(void)state;
	e = '?';
	assert_int_equal(check("00DES0004S", &e), CCT_ENTITY);
	assert_int_equal(check("33DES0004S", &e), CCT_ENTITY);
	assert_int_equal(check("99DES0004S", &e), CCT_ENTITY);
	assert_int_equal(e, '?');
	/* 01 and 32 are entities; 32EPB0001M is valid (see above) */
	assert_int_equal(check("32EPB0001M", NULL), CCT_OK);
	/* 01 04 05 19 0004: O = 1, E = 23, 7 + 598 = 605, mod 27 = 11 -> L */
	assert_int_equal(check("01DES0004L", NULL), CCT_OK);
}

static void
test_length(void **state)
{
	(void)state;
	assert_int_equal(check("11DES0004", NULL), CCT_LENGTH);
	assert_int_equal(check("11DES0004SS", NULL), CCT_LENGTH);
	assert_int_equal(check("", NULL), CCT_LENGTH);
	assert_int_equal(cct_validate("11DES0004SX", 10, NULL), CCT_OK);
}

static void
test_pattern(void **state)
{
	(void)state;
	assert_int_equal(check("11des0004s", NULL), CCT_PATTERN);
	assert_int_equal(check("11DES0004s", NULL), CCT_PATTERN);
	assert_int_equal(check("11dES0004S", NULL), CCT_PATTERN);
	assert_int_equal(check("1ADES0004S", NULL), CCT_PATTERN);
	assert_int_equal(check("11D3S0004S", NULL), CCT_PATTERN);
	assert_int_equal(check("11DES000AS", NULL), CCT_PATTERN);
	assert_int_equal(check("11DES00041", NULL), CCT_PATTERN);
	assert_int_equal(check(" 1DES0004S", NULL), CCT_PATTERN);
	/* UTF-8 Ñ (2 bytes) for a letter: 10 bytes, not the pattern */
	assert_int_equal(check("11D\xC3\x91" "0004S", NULL), CCT_PATTERN);
	assert_int_equal(check("11D\xC3\x91" "004S", NULL), CCT_LENGTH);
	assert_int_equal(cct_validate("11DES0004\0", 10, NULL), CCT_PATTERN);
	/* pattern before entity */
	assert_int_equal(check("00des0004s", NULL), CCT_PATTERN);
}

static void
test_check_letter_bad(void **state)
{
	(void)state;
	assert_int_equal(cct_check_letter("11des0004"), 0);
	assert_int_equal(cct_check_letter("1XDES0004"), 0);
	assert_int_equal(cct_check_letter("11D3S0004"), 0);
	assert_int_equal(cct_check_letter("11DES000A"), 0);
	assert_int_equal(cct_check_letter("11DES"), 0);
	assert_int_equal(cct_check_letter(""), 0);
	/* the entity range is cct_validate's business */
	assert_int_not_equal(cct_check_letter("99DES0004"), 0);
}

static void
test_nivel(void **state)
{
	(void)state;
	assert_int_equal(cct_nivel("15EJN0123R"), NIVEL_PREESCOLAR);
	assert_int_equal(cct_nivel("15ECC0001A"), NIVEL_PREESCOLAR);
	assert_int_equal(cct_nivel("15EPR0456W"), NIVEL_PRIMARIA);
	assert_int_equal(cct_nivel("15EPB0001A"), NIVEL_PRIMARIA);
	assert_int_equal(cct_nivel("15EES0789D"), NIVEL_SECUNDARIA);
	assert_int_equal(cct_nivel("15EST0001A"), NIVEL_SECUNDARIA);
	assert_int_equal(cct_nivel("15ETV0001A"), NIVEL_SECUNDARIA);
	assert_int_equal(cct_nivel("15EML0021T"), NIVEL_ESPECIAL);
	assert_int_equal(cct_nivel("15DDI0005H"), NIVEL_INICIAL);
	assert_int_equal(cct_nivel("15ADG0001A"), NIVEL_DESCONOCIDO);
	assert_int_equal(cct_nivel("15EZP0001A"), NIVEL_DESCONOCIDO);
	assert_int_equal(cct_nivel("15Ejn0123R"), NIVEL_DESCONOCIDO);
	/* short strings are read no further than their NUL */
	assert_int_equal(cct_nivel("15EP"), NIVEL_DESCONOCIDO);
	assert_int_equal(cct_nivel("15EJN"), NIVEL_PREESCOLAR);
	assert_int_equal(cct_nivel(""), NIVEL_DESCONOCIDO);
}

static void
test_nivel_name(void **state)
{
	(void)state;
	assert_string_equal(nivel_name(NIVEL_INICIAL), "inicial");
	assert_string_equal(nivel_name(NIVEL_PREESCOLAR), "preescolar");
	assert_string_equal(nivel_name(NIVEL_PRIMARIA), "primaria");
	assert_string_equal(nivel_name(NIVEL_SECUNDARIA), "secundaria");
	assert_string_equal(nivel_name(NIVEL_ESPECIAL), "especial");
	assert_string_equal(nivel_name(NIVEL_DESCONOCIDO), "");
	assert_string_equal(nivel_name((enum sate_nivel)42), "");
}

static void
test_nivel_grades(void **state)
{
	int lo, hi;

	(void)state;
	lo = hi = -1;
	assert_int_equal(nivel_grades(NIVEL_PREESCOLAR, &lo, &hi), 1);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 3);
	assert_int_equal(nivel_grades(NIVEL_PRIMARIA, &lo, &hi), 1);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 6);
	assert_int_equal(nivel_grades(NIVEL_SECUNDARIA, &lo, &hi), 1);
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 3);
	assert_int_equal(nivel_grades(NIVEL_INICIAL, &lo, &hi), 0);
	assert_int_equal(nivel_grades(NIVEL_ESPECIAL, &lo, &hi), 0);
	assert_int_equal(nivel_grades(NIVEL_DESCONOCIDO, &lo, &hi), 0);
	assert_int_equal(nivel_grades((enum sate_nivel)42, &lo, &hi), 0);
	assert_int_equal(nivel_grades(NIVEL_PRIMARIA, NULL, NULL), 1);
}

static void
test_sostenimiento(void **state)
{
	(void)state;
	assert_string_equal(cct_sostenimiento("15EPR0456W"), "estatal");
	assert_string_equal(cct_sostenimiento("09DPR1234J"), "federal");
	assert_string_equal(cct_sostenimiento("15KJN0007L"), "conafe");
	assert_string_equal(cct_sostenimiento("14PPR0310I"), "particular");
	assert_string_equal(cct_sostenimiento("31ABJ0001X"), "");
	assert_string_equal(cct_sostenimiento("15ePR0456W"), "");
	assert_string_equal(cct_sostenimiento("15"), "");
	assert_string_equal(cct_sostenimiento(""), "");
}

static void
test_problem_str(void **state)
{
	(void)state;
	assert_string_equal(cct_problem_str(CCT_LENGTH), "not 10 characters");
	assert_string_equal(cct_problem_str(CCT_PATTERN),
	    "not the CCT pattern (2 digits, 3 letters, 4 digits, a letter)");
	assert_string_equal(cct_problem_str(CCT_ENTITY), "entity not 01-32");
	assert_string_equal(cct_problem_str(CCT_CHECK), "bad check letter");
	assert_non_null(cct_problem_str(CCT_OK));
	assert_non_null(cct_problem_str((enum cct_problem)99));
}

/*
 * Every valid CCT one character from one of four fixtures (check
 * letter made right), each base once, into c (room for 4 * 9 * 36);
 * the number of them.
 */
static size_t
pack_variants(char (*c)[11])
{
	static const char *const base[] = {
		"11DES0004S", "15EJN0123R", "15EPR0456W", "15EES0789D"
	};
	static const char alpha[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	size_t i, n = 0, pos, a;

	for (i = 0; i < NELEM(base); i++)
		for (pos = 0; pos < 9; pos++)
			for (a = 0; a < sizeof alpha - 1; a++) {
				memcpy(c[n], base[i], 11);
				if (pos > 0 && c[n][pos] == alpha[a])
					continue;	/* the base once */
				c[n][pos] = alpha[a];
				c[n][9] = cct_check_letter(c[n]);
				if (check(c[n], NULL) != CCT_OK)
					continue;
				n++;
			}
	return n;
}

/*
 * cct_pack: 15EPR0456W by hand, the letters A = 0 ... Z = 25:
 * ((15 * 26 + 4) * 26 + 15) * 26 + 17 = 266751, then the digits 0456.
 * And one to one: every CCT of pack_variants packs to its own number,
 * below 2^35.
 */
static void
test_pack(void **state)
{
	static char c[4 * 9 * 36][11];
	static uint64_t v[4 * 9 * 36];
	size_t i, j, n;

	(void)state;
	assert_true(cct_pack("15EPR0456W") == 266751ULL * 10000 + 456);
	n = pack_variants(c);
	assert_true(n > 100);
	for (i = 0; i < n; i++)
		v[i] = cct_pack(c[i]);
	for (i = 0; i < n; i++) {
		assert_true(v[i] < (uint64_t)1 << 35);
		for (j = 0; j < i; j++)
			assert_true(v[i] != v[j]);
	}
}

/*
 * cct_unpack: the number of test_pack by hand, the least (0: 00 01 01
 * 01 0000, O = 0, E = 3, 78 mod 27 = 24 -> Y) and the greatest
 * (100 * 26^3 * 10^4 - 1 = 17575999999: 99 26 26 26 9999, O = 33,
 * E = 45, 231 + 1170 = 1401, 1401 mod 27 = 24 -> Y); and every CCT of
 * pack_variants back exactly, its 10 characters and the NUL.
 */
static void
test_unpack(void **state)
{
	static char c[4 * 9 * 36][11];
	char out[11];
	size_t i, n;

	(void)state;
	cct_unpack(266751ULL * 10000 + 456, out);
	assert_memory_equal(out, "15EPR0456W", 11);
	cct_unpack(0, out);
	assert_memory_equal(out, "00AAA0000Y", 11);
	cct_unpack(17575999999ULL, out);
	assert_memory_equal(out, "99ZZZ9999Y", 11);
	assert_true(cct_pack(out) == 17575999999ULL);
	n = pack_variants(c);
	assert_true(n > 100);
	for (i = 0; i < n; i++) {
		memset(out, '#', sizeof out);
		cct_unpack(cct_pack(c[i]), out);
		assert_memory_equal(out, c[i], 11);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_examples),
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_wrong_letter),
		cmocka_unit_test(test_entity),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_check_letter_bad),
		cmocka_unit_test(test_nivel),
		cmocka_unit_test(test_nivel_name),
		cmocka_unit_test(test_nivel_grades),
		cmocka_unit_test(test_sostenimiento),
		cmocka_unit_test(test_problem_str),
		cmocka_unit_test(test_pack),
		cmocka_unit_test(test_unpack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
