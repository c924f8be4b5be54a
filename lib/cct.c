/*
 * cct.c - CCT (Clave de Centro de Trabajo) validation and check letter
 *
 * A CCT has 10 characters: the entity 01-32 (INEGI order), the
 * sostenimiento letter, the 2-letter service code, 4 digits and a check
 * letter.
 *
 * The check letter: write the first 9 characters as 12 digits (the 2
 * entity digits, each letter as two digits A = 01 ... Z = 26, the 4
 * digits); O is the sum of the digits in odd positions (1st, 3rd, ...
 * 11th), E the sum in even positions; r = (7 O + 26 E) mod 27 gives
 * 'A' + r, and 'Z' for r = 26.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sate.h"

#define CCT_LEN		10

static const char *const cct_problems[] = {
	[CCT_OK] = N_("valid"),
	[CCT_LENGTH] = N_("not 10 characters"),
	[CCT_PATTERN] =
	    N_("not the CCT pattern (2 digits, 3 letters, 4 digits, a letter)"),
	[CCT_ENTITY] = N_("entity not 01-32"),
	[CCT_CHECK] = N_("bad check letter")
};

/* Service codes (positions 4-5) and their levels. */
static const struct {
	char code[3];
	enum sate_nivel nivel;
} cct_services[] = {
	{ "JN", NIVEL_PREESCOLAR },
	{ "CC", NIVEL_PREESCOLAR },
	{ "PR", NIVEL_PRIMARIA },
	{ "PB", NIVEL_PRIMARIA },
	{ "ES", NIVEL_SECUNDARIA },
	{ "ST", NIVEL_SECUNDARIA },
	{ "TV", NIVEL_SECUNDARIA },
	{ "ML", NIVEL_ESPECIAL },
	{ "DI", NIVEL_INICIAL }
};

static const char *const nivel_names[] = {
	[NIVEL_DESCONOCIDO] = "",
	[NIVEL_INICIAL] = "inicial",
	[NIVEL_PREESCOLAR] = "preescolar",
	[NIVEL_PRIMARIA] = "primaria",
	[NIVEL_SECUNDARIA] = "secundaria",
	[NIVEL_ESPECIAL] = "especial"
};

static int	is_upper(char);
static int	is_digit(char);
static int	cct_form(const char *);

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

/* Whether the first 9 characters are DDLLLDDDD (upper-case letters). */
static int
cct_form(const char *p)
{
	int i;

	for (i = 0; i < 9; i++) {
		if (i >= 2 && i < 5) {
			if (!is_upper(p[i]))
				return 0;
		} else if (!is_digit(p[i]))
			return 0;
	}
	return 1;
}

/*
 * The 12 digits are never written out: a digit of the CCT keeps its
 * place (positions 1-2 and 9-12), and each letter's two digits fall in
 * an odd position (its tens) and the even one after it (its units).
 */
char
cct_check_letter(const char *cct9)
{
	int i, v, odd, even, r;

	if (!cct_form(cct9))
		return 0;
	odd = (cct9[0] - '0') + (cct9[5] - '0') + (cct9[7] - '0');
	even = (cct9[1] - '0') + (cct9[6] - '0') + (cct9[8] - '0');
	for (i = 2; i < 5; i++) {
		v = cct9[i] - 'A' + 1;		/* A = 01 ... Z = 26 */
		odd += v / 10;
		even += v % 10;
	}
	r = (7 * odd + 26 * even) % 27;
	return (char)(r < 26 ? 'A' + r : 'Z');
}

enum cct_problem
cct_validate(const char *s, size_t len, char *expected)
{
	int entity;
	char letter;

	if (len != CCT_LEN)
		return CCT_LENGTH;
	if (!cct_form(s) || !is_upper(s[9]))
		return CCT_PATTERN;
	entity = (s[0] - '0') * 10 + (s[1] - '0');
	if (entity < 1 || entity > 32)
		return CCT_ENTITY;
	letter = cct_check_letter(s);
	if (letter != s[9]) {
		if (expected != NULL)
			*expected = letter;
		return CCT_CHECK;
	}
	return CCT_OK;
}

const char *
cct_problem_str(enum cct_problem p)
{
	if ((unsigned)p < sizeof(cct_problems) / sizeof(cct_problems[0]))
		return cct_problems[p];
	return "unknown problem";
}

enum sate_nivel
cct_nivel(const char *cct)
{
	size_t i;

	if (strnlen(cct, 5) < 5)
		return NIVEL_DESCONOCIDO;
	for (i = 0; i < sizeof(cct_services) / sizeof(cct_services[0]); i++)
		if (cct[3] == cct_services[i].code[0] &&
		    cct[4] == cct_services[i].code[1])
			return cct_services[i].nivel;
	return NIVEL_DESCONOCIDO;
}

const char *
nivel_name(enum sate_nivel n)
{
	if ((unsigned)n < sizeof(nivel_names) / sizeof(nivel_names[0]))
		return nivel_names[n];
	return "";
}

int
nivel_grades(enum sate_nivel n, int *min, int *max)
{
	int lo, hi;

	switch (n) {
	case NIVEL_PREESCOLAR:
	case NIVEL_SECUNDARIA:
		lo = 1;
		hi = 3;
		break;
	case NIVEL_PRIMARIA:
		lo = 1;
		hi = 6;
		break;
	case NIVEL_DESCONOCIDO:
	case NIVEL_INICIAL:
	case NIVEL_ESPECIAL:
	default:
		lo = hi = 0;
		break;
	}
	if (min != NULL)
		*min = lo;
	if (max != NULL)
		*max = hi;
	return lo != 0;
}

const char *
cct_sostenimiento(const char *cct)
{
	if (strnlen(cct, 3) < 3)
		return "";
	switch (cct[2]) {
	case 'E':
		return "estatal";
	case 'D':
		return "federal";
	case 'K':
		return "conafe";
	case 'P':
		return "particular";
	default:
		return "";
	}
}

/*
 * A valid CCT as one number: its entity (100), letters (26 each) and
 * digits, in mixed radix; the check letter follows from the rest.
 * Below 100 * 26^3 * 10^4 < 2^35, and one to one.
 */
uint64_t
cct_pack(const char *s)
{
	uint64_t v = (uint64_t)((s[0] - '0') * 10 + (s[1] - '0'));
	int i;

	for (i = 2; i < 5; i++)
		v = v * 26 + (uint64_t)(s[i] - 'A');
	for (i = 5; i < 9; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	return v;
}

/* cct_pack backwards, the check letter worked out again. */
void
cct_unpack(uint64_t v, char out[11])
{
	int i;

	for (i = 8; i >= 5; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
	for (i = 4; i >= 2; i--) {
		out[i] = (char)('A' + v % 26);
		v /= 26;
	}
	v %= 100;
	out[0] = (char)('0' + v / 10);
	out[1] = (char)('0' + v % 10);
	out[9] = cct_check_letter(out);
	out[10] = '\0';
}
