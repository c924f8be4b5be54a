/*
 * curp.c - CURP validation and check digit
 *
 * A CURP (Clave Única de Registro de Población) has 18 characters:
 *
 *	1-4	letters from the surnames and given name (Ñ written X)
 *	5-10	birth date YYMMDD
 *	11	sex: H, M or X
 *	12-13	birth state, or NE (born abroad)
 *	14-16	internal consonants
 *	17	homonymy character: a digit before 2000, a letter from 2000
 *	18	check digit
 *
 * The check digit weighs the first 17 characters' indices in the
 * 37-character alphabet "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ" by
 * 18, 17, ..., 2; the digit is (10 - S mod 10) mod 10.  Ñ never appears
 * in a CURP, but it keeps its place in the alphabet, so every letter
 * after N is worth one more than in plain base 36.
 *
 * The input is bytes: a multi-byte character (UTF-8 Ñ) is no letter.
 */
#include <stddef.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sate.h"

#define CURP_LEN	18

static const char *const curp_problems[] = {
	[CURP_OK] = N_("valid"),
	[CURP_LENGTH] = N_("not 18 characters"),
	[CURP_PATTERN] = N_("not the CURP pattern"),
	[CURP_DATE] = N_("no such birth date"),
	[CURP_SEX] = N_("sex not H, M or X"),
	[CURP_STATE] = N_("unknown state code"),
	[CURP_CHECK] = N_("bad check digit")
};

static int	is_upper(char);
static int	is_digit(char);
static int	curp_value(char);
static int	digits2(const char *);
static void	put2(char *, int);
static int	is_state(const char *);
static int	days_in_month(int, int);
static int	bad_classes(const char *);
static int	check_digit(const char *);

static int
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Index + 1 of each byte in the 37-character alphabet: digits 0-9, A-N
 * 10-23, (Ñ 24), O-Z 25-36; 0 for any other byte.  A table, as the
 * check digit looks up 17 characters of every CURP read.
 */
static const unsigned char curp_index[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5,
	['5'] = 6, ['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15,
	['F'] = 16, ['G'] = 17, ['H'] = 18, ['I'] = 19, ['J'] = 20,
	['K'] = 21, ['L'] = 22, ['M'] = 23, ['N'] = 24,
	/* Ñ, 24 (+ 1), is no byte */
	['O'] = 26, ['P'] = 27, ['Q'] = 28, ['R'] = 29, ['S'] = 30,
	['T'] = 31, ['U'] = 32, ['V'] = 33, ['W'] = 34, ['X'] = 35,
	['Y'] = 36, ['Z'] = 37
};

/*
 * Character classes, a bit each, and the classes each position takes
 * (sex and state, 10-12, are checked on their own).
 */
enum { K_DIGIT = 1, K_UPPER = 2, K_VOWEL = 4, K_CONS = 8 };

#define K_V	(K_UPPER | K_VOWEL)
#define K_C	(K_UPPER | K_CONS)
static const unsigned char curp_class[256] = {
	['0'] = K_DIGIT, ['1'] = K_DIGIT, ['2'] = K_DIGIT, ['3'] = K_DIGIT,
	['4'] = K_DIGIT, ['5'] = K_DIGIT, ['6'] = K_DIGIT, ['7'] = K_DIGIT,
	['8'] = K_DIGIT, ['9'] = K_DIGIT,
	['A'] = K_V, ['B'] = K_C, ['C'] = K_C, ['D'] = K_C, ['E'] = K_V,
	['F'] = K_C, ['G'] = K_C, ['H'] = K_C, ['I'] = K_V, ['J'] = K_C,
	['K'] = K_C, ['L'] = K_C, ['M'] = K_C, ['N'] = K_C, ['O'] = K_V,
	['P'] = K_C, ['Q'] = K_C, ['R'] = K_C, ['S'] = K_C, ['T'] = K_C,
	['U'] = K_V, ['V'] = K_C, ['W'] = K_C,
	['X'] = K_C | K_VOWEL,	/* X stands for a vowel at position 2 */
	['Y'] = K_C, ['Z'] = K_C
};
#undef K_V
#undef K_C

#ifndef __SSE2__
static const unsigned char curp_need[CURP_LEN] = {
	K_UPPER, K_VOWEL, K_UPPER, K_UPPER,
	K_DIGIT, K_DIGIT, K_DIGIT, K_DIGIT, K_DIGIT, K_DIGIT,
	0, 0, 0,			/* sex and state: below */
	K_CONS, K_CONS, K_CONS,
	K_DIGIT | K_UPPER, K_DIGIT
};
#endif

/* Index of a character in the alphabet, or -1. */
static int
curp_value(char c)
{
	return curp_index[(unsigned char)c] - 1;
}

/* The value of two decimal digits already known to be digits. */
static int
digits2(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* Two decimal digits of n, 0-99. */
static void
put2(char *p, int n)
{
	p[0] = (char)('0' + n / 10);
	p[1] = (char)('0' + n % 10);
}

/*
 * The birth state codes of positions 12-13, NE for born abroad: the
 * number (1-33) of each, by its two letters; 0 for none.
 */
#define S(a, b, n)	[(a) - 'A'][(b) - 'A'] = (n)
static const unsigned char state_no[26][26] = {
	S('A', 'S', 1), S('B', 'C', 2), S('B', 'S', 3), S('C', 'C', 4),
	S('C', 'L', 5), S('C', 'M', 6), S('C', 'S', 7), S('C', 'H', 8),
	S('D', 'F', 9), S('D', 'G', 10), S('G', 'T', 11),
	S('G', 'R', 12), S('H', 'G', 13), S('J', 'C', 14),
	S('M', 'C', 15), S('M', 'N', 16), S('M', 'S', 17),
	S('N', 'T', 18), S('N', 'L', 19), S('O', 'C', 20),
	S('P', 'L', 21), S('Q', 'T', 22), S('Q', 'R', 23),
	S('S', 'P', 24), S('S', 'L', 25), S('S', 'R', 26),
	S('T', 'C', 27), S('T', 'S', 28), S('T', 'L', 29),
	S('V', 'Z', 30), S('Y', 'N', 31), S('Z', 'S', 32),
	S('N', 'E', 33)
};
#undef S

/* The same codes by their numbers (state_code[n - 1]), for curp_unpack. */
static const char state_code[33][3] = {
	"AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT",
	"GR", "HG", "JC", "MC", "MN", "MS", "NT", "NL", "OC", "PL", "QT",
	"QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS", "NE"
};

/* Whether p[0] p[1] is a state code. */
static int
is_state(const char *p)
{
	return is_upper(p[0]) && is_upper(p[1]) &&
	    state_no[p[0] - 'A'][p[1] - 'A'] != 0;
}

/* Days in a month of the Gregorian calendar; 0 for no such month. */
static int
days_in_month(int year, int month)
{
	static const int days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && (year % 4 == 0 && (year % 100 != 0 ||
	    year % 400 == 0)))
		return 29;
	return days[month - 1];
}

/*
 * Whether a character of every position but sex and state (which have
 * their own problems) is of the wrong class.  With SSE2 the first 16
 * are told at once: 1, 3, 4 letters; 2 a vowel (or X); 5-10 digits;
 * 14-16 consonants (X among them); bytes of 0x80 on, signed, are
 * neither digits nor letters.  Otherwise one table lookup each.
 */
static int
bad_classes(const char *s)
{
#ifdef __SSE2__
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i digit, upper, vowel;
	unsigned dm, um, vm, xm;

	digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
	    _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
	upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
	    _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
	vowel = _mm_or_si128(_mm_or_si128(
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('A')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('E'))), _mm_or_si128(
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('I')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('O'))),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('U'))));
	dm = (unsigned)_mm_movemask_epi8(digit);
	um = (unsigned)_mm_movemask_epi8(upper);
	vm = (unsigned)_mm_movemask_epi8(vowel);
	xm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v,
	    _mm_set1_epi8('X')));
	return (um & 0x000D) != 0x000D || ((vm | xm) & 0x0002) == 0 ||
	    (dm & 0x03F0) != 0x03F0 || (um & ~vm & 0xE000) != 0xE000 ||
	    (curp_class[(unsigned char)s[16]] & (K_DIGIT | K_UPPER)) == 0 ||
	    !is_digit(s[17]);
#else
#define K(i)	((curp_class[(unsigned char)s[i]] & curp_need[i]) == 0)
	return K(0) | K(1) | K(2) | K(3) | K(4) | K(5) | K(6) | K(7) | K(8) |
	    K(9) | K(13) | K(14) | K(15) | K(16) | K(17);
#undef K
#endif
}

/*
 * The check digit of 17 characters known to be in the alphabet (digits
 * and capital letters).  With SSE2 the values of the first 16 are
 * worked out from their bytes (a digit, or a letter: 10 on, one more
 * after N) and weighed 16 at a time; otherwise written out, the loop
 * kept by compilers being a cost on every CURP read: W(i) is the index
 * + 1 times the weight, and 18 + 17 + ... + 2 = 170 takes the + 1s back.
 */
static int
check_digit(const char *s)
{
	int sum;
#ifdef __SSE2__
	const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	const __m128i z = _mm_setzero_si128();
	__m128i val, upper, t;

	upper = _mm_cmpgt_epi8(v, _mm_set1_epi8('9'));
	val = _mm_sub_epi8(v, _mm_set1_epi8('0'));
	val = _mm_sub_epi8(val, _mm_and_si128(upper, _mm_set1_epi8(7)));
	val = _mm_sub_epi8(val, _mm_cmpgt_epi8(v, _mm_set1_epi8('N')));
	t = _mm_add_epi32(_mm_madd_epi16(_mm_unpacklo_epi8(val, z),
	    _mm_setr_epi16(18, 17, 16, 15, 14, 13, 12, 11)),
	    _mm_madd_epi16(_mm_unpackhi_epi8(val, z),
	    _mm_setr_epi16(10, 9, 8, 7, 6, 5, 4, 3)));
	t = _mm_add_epi32(t, _mm_shuffle_epi32(t, 0x4E));
	t = _mm_add_epi32(t, _mm_shuffle_epi32(t, 0xB1));
	sum = _mm_cvtsi128_si32(t) + curp_value(s[16]) * 2;
#else
#define W(i)	(curp_index[(unsigned char)s[i]] * (CURP_LEN - (i)))
	sum = W(0) + W(1) + W(2) + W(3) + W(4) + W(5) + W(6) + W(7) + W(8) +
	    W(9) + W(10) + W(11) + W(12) + W(13) + W(14) + W(15) + W(16) -
	    170;
#undef W
#endif
	return '0' + (10 - sum % 10) % 10;
}

int
curp_check_digit(const char *curp17)
{
	int i;

	for (i = 0; i < CURP_LEN - 1; i++)
		if (curp_value(curp17[i]) < 0)
			return -1;
	return check_digit(curp17);
}

/*
 * Problems are reported in this order: length, character classes (all
 * positions but 11-13), sex, state, date, check digit.
 */
enum curp_problem
curp_validate(const char *s, size_t len, char *expected)
{
	int year, month, day, digit;

	if (len != CURP_LEN)
		return CURP_LENGTH;
	if (bad_classes(s))
		return CURP_PATTERN;

	if (s[10] != 'H' && s[10] != 'M' && s[10] != 'X')
		return CURP_SEX;
	if (!is_state(s + 11))
		return CURP_STATE;

	curp_birth(s, &year, &month, &day);
	if (day < 1 || day > days_in_month(year, month))
		return CURP_DATE;

	digit = check_digit(s);	/* every character was checked above */
	if (digit != s[17]) {
		if (expected != NULL)
			*expected = (char)digit;
		return CURP_CHECK;
	}
	return CURP_OK;
}

const char *
curp_problem_str(enum curp_problem p)
{
	if ((unsigned)p < sizeof(curp_problems) / sizeof(curp_problems[0]))
		return curp_problems[p];
	return "unknown problem";
}

void
curp_birth_iso(const char *curp, char iso[11])
{
	iso[0] = is_digit(curp[16]) ? '1' : '2';
	iso[1] = is_digit(curp[16]) ? '9' : '0';
	iso[2] = curp[4];
	iso[3] = curp[5];
	iso[4] = '-';
	iso[5] = curp[6];
	iso[6] = curp[7];
	iso[7] = '-';
	iso[8] = curp[8];
	iso[9] = curp[9];
	iso[10] = '\0';
}

void
curp_birth(const char *curp, int *year, int *month, int *day)
{
	*year = (is_digit(curp[16]) ? 1900 : 2000) + digits2(curp + 4);
	*month = digits2(curp + 6);
	*day = digits2(curp + 8);
}

/*
 * A valid CURP as one number, in mixed radix: the letters of 1-4 (26
 * each), the date's year (100), month (12) and day (31), the sex (3),
 * the state (33), the consonants of 14-16 (26 each) and the homonymy
 * character (36); the check digit follows from the rest.  Below
 * 26^4 * 37200 * 3 * 33 * 26^3 * 36 < 2^60, and one to one.
 */
uint64_t
curp_pack(const char *s)
{
	/* Four short products, then one chain: each waits less. */
	uint64_t name = (((uint64_t)(s[0] - 'A') * 26 +
	    (uint64_t)(s[1] - 'A')) * 26 + (uint64_t)(s[2] - 'A')) * 26 +
	    (uint64_t)(s[3] - 'A');
	uint64_t date = ((uint64_t)digits2(s + 4) * 12 +
	    (uint64_t)(digits2(s + 6) - 1)) * 31 +
	    (uint64_t)(digits2(s + 8) - 1);
	uint64_t where = (uint64_t)(s[10] == 'H' ? 0 : s[10] == 'M' ? 1 : 2) *
	    33 + (uint64_t)(state_no[s[11] - 'A'][s[12] - 'A'] - 1);
	uint64_t rest = (((uint64_t)(s[13] - 'A') * 26 +
	    (uint64_t)(s[14] - 'A')) * 26 + (uint64_t)(s[15] - 'A')) * 36 +
	    (uint64_t)(is_digit(s[16]) ? s[16] - '0' : 10 + s[16] - 'A');

	return ((name * 37200 + date) * 99 + where) * 632736 + rest;
}

/*
 * curp_pack backwards: each part is the remainder by its radix, the
 * last part first; the check digit is worked out again.  Any v gives
 * 18 characters of the alphabet, a valid CURP when v came from
 * curp_pack.
 */
void
curp_unpack(uint64_t v, char out[19])
{
	uint64_t rest, where, date, name;
	int i, h;

	rest = v % 632736;
	v /= 632736;
	where = v % 99;
	v /= 99;
	date = v % 37200;
	name = v / 37200;

	for (i = 3; i >= 0; i--) {
		out[i] = (char)('A' + name % 26);
		name /= 26;
	}
	put2(out + 8, (int)(date % 31) + 1);
	date /= 31;
	put2(out + 6, (int)(date % 12) + 1);
	put2(out + 4, (int)(date / 12));
	out[10] = "HMX"[where / 33];
	out[11] = state_code[where % 33][0];
	out[12] = state_code[where % 33][1];
	h = (int)(rest % 36);
	out[16] = (char)(h < 10 ? '0' + h : 'A' + h - 10);
	rest /= 36;
	for (i = 15; i >= 13; i--) {
		out[i] = (char)('A' + rest % 26);
		rest /= 26;
	}
	out[17] = (char)check_digit(out);
	out[18] = '\0';
}
