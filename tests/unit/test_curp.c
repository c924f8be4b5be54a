/*
 * test_curp.c - unit tests of lib/curp.c
 *
 * Every "valid" CURP below that is not one of the verified examples of
 * domain.md section 3 was invented for these tests; its check digit was
 * computed independently of lib/curp.c (with awk, by the alphabet
 * 0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ and weights 18..2), and the sum
 * is written next to it: "S = value*weight + ...".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "sate.h"

static enum curp_problem	check(const char *, char *);
static int	base36_digit(const char *);

/* curp_validate on a NUL-terminated string. */
static enum curp_problem
check(const char *s, char *expected)
{
	return curp_validate(s, strlen(s), expected);
}

/*
 * The check digit a plain base-36 table (no Ñ: O = 24, Z = 35) would give;
 * the wrong method that some published code uses.
 */
static int
base36_digit(const char *s)
{
	int i, v, sum;

	sum = 0;
	for (i = 0; i < 17; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			v = s[i] - '0';
		else
			v = s[i] - 'A' + 10;
		sum += v * (18 - i);
	}
	return '0' + (10 - sum % 10) % 10;
}

/* The verified CURPs of domain.md section 3. */
static const char *const verified[] = {
	"BOXW310820HNERXN09",
	"SABC560626MDFLRN01",
	"XARA891014HJCNDL02",
	"OXAR970122MVZXLS09",
	"AAPC881008HMCLRH04",
	"VEMM800814MCSLNR03",
	"PEHL891014HJCRRS00"
};

/*
 * Invented CURPs, check digits computed by hand (awk):
 *
 * LOPJ100507HJCPRNA2  S = 21*18 + 25*17 + 26*16 + 19*15 + 1*14 + 0*13
 *   + 0*12 + 5*11 + 0*10 + 7*9 + 17*8 + 19*7 + 12*6 + 26*5 + 28*4
 *   + 23*3 + 10*2 = 2308 -> (10 - 8) mod 10 = 2   (born 2010-05-07)
 * HERM040229MPLRRRB1  S = 17*18 + 14*17 + 28*16 + 22*15 + 0*14 + 4*13
 *   + 0*12 + 2*11 + 2*10 + 9*9 + 22*8 + 26*7 + 21*6 + 28*5 + 28*4
 *   + 28*3 + 11*2 = 2339 -> 1   (born 2004-02-29, a leap day)
 * CASA951203XOCSNL09  S = 12*18 + 10*17 + 29*16 + 10*15 + 9*14 + 5*13
 *   + 1*12 + 2*11 + 0*10 + 3*9 + 34*8 + 25*7 + 12*6 + 29*5 + 23*4
 *   + 21*3 + 0*2 = 2071 -> 9   (sex X, born 1995-12-03)
 * GUTD020815XNLTRNA1  S = 16*18 + 31*17 + 30*16 + 13*15 + 0*14 + 2*13
 *   + 0*12 + 8*11 + 1*10 + 5*9 + 34*8 + 23*7 + 21*6 + 30*5 + 28*4
 *   + 23*3 + 10*2 = 2569 -> 1   (sex X, born 2002-08-15)
 * SAMJ880415HNEMHN08  S = 29*18 + 10*17 + 22*16 + 19*15 + 8*14 + 8*13
 *   + 0*12 + 4*11 + 1*10 + 5*9 + 17*8 + 23*7 + 14*6 + 22*5 + 17*4
 *   + 23*3 + 0*2 = 2272 -> 8   (NE: born abroad, 1988-04-15)
 * ROVE121130MYNDLVA2  S = 28*18 + 25*17 + 32*16 + 14*15 + 1*14 + 2*13
 *   + 1*12 + 1*11 + 3*10 + 0*9 + 22*8 + 35*7 + 23*6 + 13*5 + 21*4
 *   + 32*3 + 10*2 = 2568 -> 2   (born 2012-11-30)
 */
static const struct {
	const char *curp;
	int year, month, day;
} invented[] = {
	{ "LOPJ100507HJCPRNA2", 2010, 5, 7 },
	{ "HERM040229MPLRRRB1", 2004, 2, 29 },
	{ "CASA951203XOCSNL09", 1995, 12, 3 },
	{ "GUTD020815XNLTRNA1", 2002, 8, 15 },
	{ "SAMJ880415HNEMHN08", 1988, 4, 15 },
	{ "ROVE121130MYNDLVA2", 2012, 11, 30 }
};

/*
 * The birth state codes of domain.md section 3, in its order, which is
 * their numbers' (AS 1 ... ZS 32, NE 33).
 */
static const char *const states[] = {
	"AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG",
	"GT", "GR", "HG", "JC", "MC", "MN", "MS", "NT", "NL", "OC",
	"PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ",
	"YN", "ZS", "NE"
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static void
test_verified_valid(void **state)
{
	size_t i;
	char e;

	(void)state;
	for (i = 0; i < NELEM(verified); i++) {
		e = '?';
		assert_int_equal(check(verified[i], &e), CURP_OK);
		assert_int_equal(e, '?');	/* left alone */
	}
}

static void
test_verified_check_digit(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(verified); i++)
		assert_int_equal(curp_check_digit(verified[i]),
		    verified[i][17]);
}

/*
 * The worked example of domain.md: BOXW310820HNERXN0 has S = 2551,
 * digit (10 - 1) mod 10 = 9.  Also the same with the check digit position
 * missing (17 characters and a NUL): only 17 are read.
 */
static void
test_worked_example(void **state)
{
	(void)state;
	assert_int_equal(curp_check_digit("BOXW310820HNERXN0"), '9');
	assert_int_equal(curp_check_digit("BOXW310820HNERXN09"), '9');
}

static void
test_invented_valid(void **state)
{
	size_t i;
	int y, m, d;

	(void)state;
	for (i = 0; i < NELEM(invented); i++) {
		assert_int_equal(check(invented[i].curp, NULL), CURP_OK);
		assert_int_equal(curp_check_digit(invented[i].curp),
		    invented[i].curp[17]);
		curp_birth(invented[i].curp, &y, &m, &d);
		assert_int_equal(y, invented[i].year);
		assert_int_equal(m, invented[i].month);
		assert_int_equal(d, invented[i].day);
	}
}

/*
 * Ñ keeps index 24 in the alphabet.  OXAR970122MVZXLS0 holds O, R, V, Z,
 * X, S (all after N): with it S = 2831 -> 9; in plain base 36 each of
 * those is one less and S = 2760 -> 0.  The CURP must validate with 9.
 */
static void
test_alphabet_has_enye(void **state)
{
	char e;

	(void)state;
	assert_int_equal(check("OXAR970122MVZXLS09", NULL), CURP_OK);
	assert_int_equal(base36_digit("OXAR970122MVZXLS09"), '0');
	assert_int_not_equal(base36_digit("OXAR970122MVZXLS09"), '9');
	e = 0;
	assert_int_equal(check("OXAR970122MVZXLS00", &e), CURP_CHECK);
	assert_int_equal(e, '9');
	/* BOXW...: base 36 gives S = 2494 -> 6, not 9 */
	assert_int_equal(base36_digit("BOXW310820HNERXN09"), '6');
	/* A CURP with no letter after N agrees in both (AAPC...: 4). */
	assert_int_equal(base36_digit("AAPC881008HMCLRH04"), '4');
}

static void
test_check_digit_bad_chars(void **state)
{
	(void)state;
	assert_int_equal(curp_check_digit("boxw310820hnerxn0"), -1);
	assert_int_equal(curp_check_digit("BOXW310820HNERXN"), -1); /* NUL */
	assert_int_equal(curp_check_digit("BOXW-10820HNERXN0"), -1);
	assert_int_equal(curp_check_digit("MU\xC3\x91" "310820HNERXN0"), -1);
	assert_int_equal(curp_check_digit(""), -1);
}

static void
test_wrong_digit(void **state)
{
	char e;

	(void)state;
	e = 0;
	assert_int_equal(check("SABC560626MDFLRN02", &e), CURP_CHECK);
	assert_int_equal(e, '1');
	e = 0;
	assert_int_equal(check("BOXW310820HNERXN06", &e), CURP_CHECK);
	assert_int_equal(e, '9');
	e = 0;
	assert_int_equal(check("PEHL891014HJCRRS09", &e), CURP_CHECK);
	assert_int_equal(e, '0');
	/* expected may be NULL */
	assert_int_equal(check("SABC560626MDFLRN02", NULL), CURP_CHECK);
}

/*
 * SABC560230MDFLRN09: 1956-02-30 with its own correct digit, so the date
 * is the only problem.  S = 29*18 + 10*17 + 11*16 + 12*15 + 5*14 + 6*13
 * + 0*12 + 2*11 + 3*10 + 0*9 + 22*8 + 13*7 + 15*6 + 21*5 + 28*4 + 23*3
 * + 0*2 = 1891 -> 9.
 */
static void
test_feb_30(void **state)
{
	char e;

	(void)state;
	assert_int_equal(curp_check_digit("SABC560230MDFLRN0"), '9');
	e = '?';
	assert_int_equal(check("SABC560230MDFLRN09", &e), CURP_DATE);
	assert_int_equal(e, '?');
	/* the verified one with the wrong digit: still the date first */
	assert_int_equal(check("SABC560230MDFLRN01", NULL), CURP_DATE);
}

/*
 * 29 February and the century from position 17 (a letter: 2000s).
 *
 * PEMA000229HDFRRNA1: 2000-02-29 exists (2000 is divisible by 400).
 *   S = 26*18 + 14*17 + 22*16 + 10*15 + 0*14 + 0*13 + 0*12 + 2*11 + 2*10
 *   + 9*9 + 17*8 + 13*7 + 15*6 + 28*5 + 28*4 + 23*3 + 10*2 = 1989 -> 1
 * PEMA010229HDFRRNA8: 2001-02-29 does not.
 *   S = 1989 + 1*13 (the 1 of "01" at weight 13) = 2002 -> 8
 * PEMA000229HDFRRN01: the digit 0 at position 17 means 1900, and
 *   1900-02-29 does not exist (divisible by 100, not by 400).
 *   S = 1989 - 10*2 = 1969 -> 1
 */
static void
test_leap_years(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(curp_check_digit("PEMA000229HDFRRNA"), '1');
	assert_int_equal(curp_check_digit("PEMA010229HDFRRNA"), '8');
	assert_int_equal(curp_check_digit("PEMA000229HDFRRN0"), '1');

	assert_int_equal(check("PEMA000229HDFRRNA1", NULL), CURP_OK);
	curp_birth("PEMA000229HDFRRNA1", &y, &m, &d);
	assert_int_equal(y, 2000);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);

	assert_int_equal(check("PEMA010229HDFRRNA8", NULL), CURP_DATE);
	assert_int_equal(check("PEMA000229HDFRRN01", NULL), CURP_DATE);
	curp_birth("PEMA000229HDFRRN01", &y, &m, &d);
	assert_int_equal(y, 1900);

	/* 2004-02-29 (HERM...) is a leap day too */
	assert_int_equal(check("HERM040229MPLRRRB1", NULL), CURP_OK);
}

/* Impossible months and days; the check digit is not reached. */
static void
test_bad_dates(void **state)
{
	(void)state;
	assert_int_equal(check("SABC560026MDFLRN01", NULL), CURP_DATE);
	assert_int_equal(check("SABC561326MDFLRN01", NULL), CURP_DATE);
	assert_int_equal(check("SABC560600MDFLRN01", NULL), CURP_DATE);
	assert_int_equal(check("SABC560631MDFLRN01", NULL), CURP_DATE);
	assert_int_equal(check("SABC561232MDFLRN01", NULL), CURP_DATE);
	assert_int_equal(check("SABC569926MDFLRN01", NULL), CURP_DATE);
}

static void
test_sex(void **state)
{
	(void)state;
	assert_int_equal(check("SABC560626QDFLRN01", NULL), CURP_SEX);
	assert_int_equal(check("SABC560626hDFLRN01", NULL), CURP_SEX);
	assert_int_equal(check("SABC5606261DFLRN01", NULL), CURP_SEX);
	/* X is valid: CASA951203XOCSNL09, S = 2071 (see above) */
	assert_int_equal(check("CASA951203XOCSNL09", NULL), CURP_OK);
}

static void
test_state(void **state)
{
	(void)state;
	assert_int_equal(check("SABC560626MZZLRN01", NULL), CURP_STATE);
	assert_int_equal(check("SABC560626MdfLRN01", NULL), CURP_STATE);
	assert_int_equal(check("SABC560626MD1LRN01", NULL), CURP_STATE);
	assert_int_equal(check("SABC560626MXXLRN01", NULL), CURP_STATE);
	/*
	 * SABC560626MZZLRN04 has the right digit for its characters (S =
	 * 2266 -> 4), so the state is its only problem.
	 */
	assert_int_equal(curp_check_digit("SABC560626MZZLRN0"), '4');
	assert_int_equal(check("SABC560626MZZLRN04", NULL), CURP_STATE);
	/* NE, born abroad */
	assert_int_equal(check("SAMJ880415HNEMHN08", NULL), CURP_OK);
}

static void
test_length(void **state)
{
	char e;

	(void)state;
	e = '?';
	assert_int_equal(check("SABC560626MDFLRN0", &e), CURP_LENGTH);
	assert_int_equal(check("SABC560626MDFLRN011", &e), CURP_LENGTH);
	assert_int_equal(check("", &e), CURP_LENGTH);
	assert_int_equal(e, '?');
	/* the length given counts, not the NUL */
	assert_int_equal(curp_validate("SABC560626MDFLRN01X", 18, NULL),
	    CURP_OK);
	assert_int_equal(curp_validate("SABC560626MDFLRN01", 17, NULL),
	    CURP_LENGTH);
	/* an Ñ in UTF-8 makes 19 bytes */
	assert_int_equal(check("MU\xC3\x91" "A560626MDFLRN01", NULL),
	    CURP_LENGTH);
}

static void
test_pattern(void **state)
{
	(void)state;
	/* lower case */
	assert_int_equal(check("sabc560626mdflrn01", NULL), CURP_PATTERN);
	assert_int_equal(check("SABC560626MDFlRN01", NULL), CURP_PATTERN);
	/* position 2 not a vowel or X */
	assert_int_equal(check("SBBC560626MDFLRN01", NULL), CURP_PATTERN);
	/* a digit in the letters, a letter in the date */
	assert_int_equal(check("SA1C560626MDFLRN01", NULL), CURP_PATTERN);
	assert_int_equal(check("SABC56O626MDFLRN01", NULL), CURP_PATTERN);
	/* a vowel among the internal consonants */
	assert_int_equal(check("SABC560626MDFARN01", NULL), CURP_PATTERN);
	assert_int_equal(check("SABC560626MDFLRE01", NULL), CURP_PATTERN);
	/* position 17 not a digit or letter, position 18 a letter */
	assert_int_equal(check("SABC560626MDFLRN-1", NULL), CURP_PATTERN);
	assert_int_equal(check("SABC560626MDFLRN0A", NULL), CURP_PATTERN);
	/* non-ASCII: UTF-8 Ñ (2 bytes) in an 18-byte string */
	assert_int_equal(check("SA\xC3\x91" "560626MDFLRN01", NULL),
	    CURP_PATTERN);
	assert_int_equal(check("SABC560626MDF\xC3\x91RN1", NULL),
	    CURP_PATTERN);
	/* a NUL inside the given length */
	assert_int_equal(curp_validate("SABC560626MDFLRN0\0", 18, NULL),
	    CURP_PATTERN);
	/* spaces are not trimmed */
	assert_int_equal(check(" SABC560626MDFLRN0", NULL), CURP_PATTERN);
}

/*
 * The order problems are reported in: length, pattern, sex, state, date,
 * check digit.
 */
static void
test_order(void **state)
{
	(void)state;
	/* pattern before sex */
	assert_int_equal(check("sabc560626QDFLRN01", NULL), CURP_PATTERN);
	/* sex before state */
	assert_int_equal(check("SABC560626QZZLRN01", NULL), CURP_SEX);
	/* sex and state before date */
	assert_int_equal(check("SABC560230QDFLRN01", NULL), CURP_SEX);
	assert_int_equal(check("SABC560230MZZLRN01", NULL), CURP_STATE);
	/* date before check digit */
	assert_int_equal(check("SABC560230MDFLRN05", NULL), CURP_DATE);
}

static void
test_problem_str(void **state)
{
	(void)state;
	assert_string_equal(curp_problem_str(CURP_LENGTH),
	    "not 18 characters");
	assert_string_equal(curp_problem_str(CURP_PATTERN),
	    "not the CURP pattern");
	assert_string_equal(curp_problem_str(CURP_DATE),
	    "no such birth date");
	assert_string_equal(curp_problem_str(CURP_SEX), "sex not H, M or X");
	assert_string_equal(curp_problem_str(CURP_STATE),
	    "unknown state code");
	assert_string_equal(curp_problem_str(CURP_CHECK), "bad check digit");
	assert_non_null(curp_problem_str(CURP_OK));
	assert_non_null(curp_problem_str((enum curp_problem)99));
}

static void
test_birth(void **state)
{
	int y, m, d;

	(void)state;
	curp_birth("BOXW310820HNERXN09", &y, &m, &d);
	assert_int_equal(y, 1931);
	assert_int_equal(m, 8);
	assert_int_equal(d, 20);
	curp_birth("OXAR970122MVZXLS09", &y, &m, &d);
	assert_int_equal(y, 1997);
	assert_int_equal(m, 1);
	assert_int_equal(d, 22);
	curp_birth("ROVE121130MYNDLVA2", &y, &m, &d);
	assert_int_equal(y, 2012);
	assert_int_equal(m, 11);
	assert_int_equal(d, 30);
}

static void
test_birth_iso(void **state)
{
	char iso[11];

	(void)state;
	curp_birth_iso("BOXW310820HNERXN09", iso);
	assert_string_equal(iso, "1931-08-20");
	curp_birth_iso("PEMA000229HDFRRNA1", iso);	/* A: born 2000 */
	assert_string_equal(iso, "2000-02-29");
}

/*
 * curp_pack: a worked example, its parts by hand from the mixed radix of
 * lib/curp.c (letters A = 0 ... Z = 25; YY, MM - 1, DD - 1; sex H = 0,
 * M = 1, X = 2; states by their order, NE = 32; homonymy 0-9, A = 10):
 *   BOXW -> ((1 * 26 + 14) * 26 + 23) * 26 + 22 = 27660
 *   31 08 20 -> (31 * 12 + 7) * 31 + 19 = 11768
 *   H NE -> 0 * 33 + 32 = 32
 *   RXN 0 -> ((17 * 26 + 23) * 26 + 13) * 36 + 0 = 435708
 */
static void
test_pack_worked(void **state)
{
	(void)state;
	assert_true(curp_pack("BOXW310820HNERXN09") ==
	    ((27660ULL * 37200 + 11768) * 99 + 32) * 632736 + 435708);
	/* the least: AAAA 00 01 01 H AS BBB 0 */
	assert_true(curp_pack("AAAA000101HASBBB0") ==
	    ((1ULL * 26 + 1) * 26 + 1) * 36);
}

struct packed {
	uint64_t v;
	char s[19];
};

static int
cmp_packed(const void *a, const void *b)
{
	const struct packed *x = a, *y = b;

	return x->v < y->v ? -1 : x->v > y->v;
}

/*
 * The verified CURPs and every valid CURP one character away from one
 * of them (the check digit made right again), each with its packed
 * value; v holds 8 * 18 * 36.  The number of them.
 */
static size_t
pack_variants(struct packed *v)
{
	static const char alpha[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	char c[19];
	size_t i, n = 0, pos, a;
	int d;

	for (i = 0; i < NELEM(verified); i++)
		for (pos = 0; pos < 17; pos++)
			for (a = 0; a < sizeof alpha - 1; a++) {
				memcpy(c, verified[i], 19);
				c[pos] = alpha[a];
				if ((d = curp_check_digit(c)) < 0)
					continue;
				c[17] = (char)d;
				if (curp_validate(c, 18, NULL) != CURP_OK)
					continue;
				v[n].v = curp_pack(c);
				memcpy(v[n++].s, c, 19);
			}
	return n;
}

/*
 * One to one: every CURP of pack_variants packs below 2^60, and two
 * that pack alike are the same CURP.
 */
static void
test_pack_distinct(void **state)
{
	static struct packed v[8 * 18 * 36];
	size_t i, n;

	(void)state;
	n = pack_variants(v);
	assert_true(n > 1000);
	qsort(v, n, sizeof v[0], cmp_packed);
	for (i = 0; i < n; i++) {
		assert_true(v[i].v < (uint64_t)1 << 60);
		if (i > 0 && v[i].v == v[i - 1].v)
			assert_string_equal(v[i].s, v[i - 1].s);
	}
}

/*
 * curp_unpack gives back every CURP of pack_variants exactly: its 18
 * characters, check digit included, and the NUL.
 */
static void
test_unpack_variants(void **state)
{
	static struct packed v[8 * 18 * 36];
	char out[19];
	size_t i, n;

	(void)state;
	n = pack_variants(v);
	assert_true(n > 1000);
	for (i = 0; i < n; i++) {
		memset(out, '#', sizeof out);
		curp_unpack(v[i].v, out);
		assert_memory_equal(out, v[i].s, 19);
	}
}

/*
 * curp_unpack on the numbers of test_pack_worked, worked by hand, and
 * on the greatest (26^4 * 37200 * 99 * 632736 - 1 =
 * 1064863818582220799); the check digits by awk:
 *   AAAA000101HASBBB0  S = 10*18 + 10*17 + 10*16 + 10*15 + 0*14 + 0*13
 *     + 0*12 + 1*11 + 0*10 + 1*9 + 17*8 + 10*7 + 29*6 + 11*5 + 11*4
 *     + 11*3 + 0*2 = 1192 -> 8
 *   ZZZZ991231XNEZZZZ  S = 36*18 + 36*17 + 36*16 + 36*15 + 9*14 + 9*13
 *     + 1*12 + 2*11 + 3*10 + 1*9 + 34*8 + 23*7 + 14*6 + 36*5 + 36*4
 *     + 36*3 + 36*2 = 3713 -> 7
 * (the last is no valid CURP, Z not being a vowel, but it is what the
 * greatest number stands for).
 */
static void
test_unpack_worked(void **state)
{
	char out[19];

	(void)state;
	curp_unpack(((27660ULL * 37200 + 11768) * 99 + 32) * 632736 + 435708,
	    out);
	assert_memory_equal(out, "BOXW310820HNERXN09", 19);
	curp_unpack(((1ULL * 26 + 1) * 26 + 1) * 36, out);
	assert_memory_equal(out, "AAAA000101HASBBB08", 19);
	curp_unpack(1064863818582220799ULL, out);
	assert_memory_equal(out, "ZZZZ991231XNEZZZZ7", 19);
	assert_true(curp_pack(out) == 1064863818582220799ULL);
}

/*
 * The state numbers curp_pack takes (lib/curp.c's state_no) and the
 * codes curp_unpack gives them back as (its state_code) agree with
 * domain.md's order, and so with each other, for all 33: BOXW310820H,
 * a state and RXN0 pack with the state's number - 1 as the part after
 * the sex H (0), and that part unpacks to the state.
 */
static void
test_unpack_states(void **state)
{
	char c[19], out[19];
	size_t n;
	int d;

	(void)state;
	assert_int_equal(NELEM(states), 33);
	for (n = 0; n < NELEM(states); n++) {
		memcpy(c, "BOXW310820HNERXN09", 19);
		c[11] = states[n][0];
		c[12] = states[n][1];
		d = curp_check_digit(c);
		assert_true(d >= '0' && d <= '9');
		c[17] = (char)d;
		assert_int_equal(curp_validate(c, 18, NULL), CURP_OK);
		assert_true(curp_pack(c) / 632736 % 99 == n);
		curp_unpack(((27660ULL * 37200 + 11768) * 99 + n) * 632736 +
		    435708, out);
		assert_memory_equal(out, c, 19);
	}
}

/*
 * A reference, written from domain.md section 3 without lib/curp.c's
 * tables or shortcuts: whether s (18 bytes) is a valid CURP.
 */
static int
ref_valid(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	static const char alpha[] = "0123456789ABCDEFGHIJKLMN_OPQRSTUVWXYZ";
	int i, y, m, d, sum = 0, ok = 0;

#define UP(c)	((c) >= 'A' && (c) <= 'Z')
#define DIG(c)	((c) >= '0' && (c) <= '9')
#define VOW(c)	((c) == 'A' || (c) == 'E' || (c) == 'I' || (c) == 'O' || \
		 (c) == 'U')
	if (!UP(s[0]) || !(VOW(s[1]) || s[1] == 'X') || !UP(s[2]) ||
	    !UP(s[3]))
		return 0;
	for (i = 4; i < 10; i++)
		if (!DIG(s[i]))
			return 0;
	if (s[10] != 'H' && s[10] != 'M' && s[10] != 'X')
		return 0;
	for (i = 0; i < (int)NELEM(states); i++)
		ok |= s[11] == states[i][0] && s[12] == states[i][1];
	if (!ok)
		return 0;
	for (i = 13; i < 16; i++)
		if (!UP(s[i]) || VOW(s[i]))
			return 0;
	if (!(DIG(s[16]) || UP(s[16])) || !DIG(s[17]))
		return 0;
	y = (DIG(s[16]) ? 1900 : 2000) + (s[4] - '0') * 10 + (s[5] - '0');
	m = (s[6] - '0') * 10 + (s[7] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1)
		return 0;
	if (d > mdays[m - 1] + (m == 2 && y % 4 == 0 &&
	    (y % 100 != 0 || y % 400 == 0)))
		return 0;
	for (i = 0; i < 17; i++)
		sum += (int)(strchr(alpha, s[i]) - alpha) * (18 - i);
	return s[17] - '0' == (10 - sum % 10) % 10;
#undef UP
#undef DIG
#undef VOW
}

/*
 * curp_validate against the reference on 300,000 CURPs one or two
 * bytes from a valid one (letters, digits, lower case, spaces, bytes
 * of 0x80 on), a third of them with the check digit made right again.
 */
static void
test_against_reference(void **state)
{
	static const char bytes[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "AEIOUXHMN aez\x80\xc3\xd1-";
	static const char alpha[] = "0123456789ABCDEFGHIJKLMN_OPQRSTUVWXYZ";
	uint32_t x = 12345;
	char c[19];
	size_t i, k, nvalid = 0;
	int j, sum;

	(void)state;
	for (i = 0; i < 300000; i++) {
		memcpy(c, verified[i % NELEM(verified)], 19);
		for (k = 0; k < 1 + i % 2; k++) {
			x = x * 1103515245 + 12345;
			c[(x >> 8) % 18] = bytes[(x >> 16) % (sizeof bytes - 1)];
		}
		if (i % 3 == 0) {
			for (j = 0, sum = 0; j < 17; j++) {
				const char *p = strchr(alpha, c[j]);

				if (c[j] == '\0' || p == NULL || c[j] == '_')
					break;
				sum += (int)(p - alpha) * (18 - j);
			}
			if (j == 17)
				c[17] = (char)('0' + (10 - sum % 10) % 10);
		}
		if (ref_valid(c) != (curp_validate(c, 18, NULL) == CURP_OK))
			fail_msg("%.18s: reference %d", c, ref_valid(c));
		nvalid += ref_valid(c);
	}
	assert_true(nvalid > 20000);	/* both kinds, many of each */
	assert_true(nvalid < 280000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verified_valid),
		cmocka_unit_test(test_verified_check_digit),
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_invented_valid),
		cmocka_unit_test(test_alphabet_has_enye),
		cmocka_unit_test(test_check_digit_bad_chars),
		cmocka_unit_test(test_wrong_digit),
		cmocka_unit_test(test_feb_30),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_bad_dates),
		cmocka_unit_test(test_sex),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_birth_iso),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_pattern),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_problem_str),
		cmocka_unit_test(test_birth),
		cmocka_unit_test(test_pack_worked),
		cmocka_unit_test(test_pack_distinct),
		cmocka_unit_test(test_unpack_variants),
		cmocka_unit_test(test_unpack_worked),
		cmocka_unit_test(test_unpack_states),
		cmocka_unit_test(test_against_reference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
