/*
 * text.c - names as people wrote them, tidied
 *
 * Spreadsheets leave spaces around names and runs of them inside, and
 * some programs write accented letters decomposed (a + U+0301).  A name
 * is trimmed, its inner runs of spaces made one, and, when it is not
 * ASCII, put in Unicode NFC with libunistring's u8_normalize, so that
 * "José" is one string whoever typed it.  ASCII names, the most, and
 * names of precomposed Latin letters (é, ñ, ü) with no combining mark
 * take the fast path and never reach the normaliser.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <uninorm.h>

#include "sate.h"

void
buf_reserve(struct sate_buf *b, size_t n)
{
	size_t cap;

	if (n <= b->cap - b->len && b->p != NULL)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap - b->len < n)
		cap *= 2;
	b->p = xrealloc(b->p, cap);
	b->cap = cap;
}

void
buf_add_str(struct sate_buf *b, const char *s)
{
	size_t n = strlen(s) + 1;

	buf_reserve(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

void
buf_free(struct sate_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* Length of a space at s[i] (space, tab, U+00A0 no-break space), or 0. */
static size_t
space_at(const unsigned char *s, size_t i, size_t len)
{
	if (s[i] == ' ' || s[i] == '\t')
		return 1;
	if (s[i] == 0xC2 && i + 1 < len && s[i + 1] == 0xA0)
		return 2;
	return 0;
}

/* Put the n bytes at b->p + off in NFC, in place; returns the length. */
static size_t
nfc(struct sate_buf *b, size_t off, size_t n)
{
	size_t room, got;
	uint8_t *res, *out;

	/* NFC grows a UTF-8 string at most threefold (UAX #15). */
	room = 3 * n + 4;
	buf_reserve(b, n + 1 + room);
	out = (uint8_t *)b->p + off + n + 1;
	got = room;
	res = u8_normalize(UNINORM_NFC, (const uint8_t *)b->p + off, n, out,
	    &got);
	if (res == NULL)
		return n;	/* valid UTF-8 cannot fail; keep it as is */
	memmove(b->p + off, res, got);
	if (res != out)
		free(res);
	return got;
}

size_t
text_name(struct sate_buf *b, const char *s, size_t len, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t off, i, k, n = 0;
	int high = 0, gap = 0;
	char *o;

	buf_reserve(b, len + 1);
	off = b->len;
	o = b->p + off;
	for (i = 0; i < len; ) {
		if ((k = space_at(u, i, len)) != 0) {
			gap = n > 0;
			i += k;
			continue;
		}
		if (gap) {
			o[n++] = ' ';
			gap = 0;
		}
		/* U+0080-U+017F (lead bytes C2-C5: Latin-1 and Latin
		 * Extended-A, all of Spanish) is NFC already unless a
		 * combining mark (lead byte CC or CD) follows it. */
		high |= u[i] >= 0xC6;
		o[n++] = s[i++];
	}
	if (high)
		n = nfc(b, off, n);
	b->p[off + n] = '\0';
	b->len = off + n + 1;
	*outlen = n;
	return off;
}

/*
 * Bytes a name may hold as text_name writes it: 0 for most, N_SPACE for
 * a space (fine alone between words), N_LOOK for a byte to look at in
 * its place: a tab or another control character, the lead byte 0xC2
 * (U+00A0 no-break space among U+0080-U+00BF), and lead bytes that NFC
 * may change (see text_name).
 */
enum { N_SPACE = 1, N_LOOK = 2 };

static unsigned char name_class[256];

static void
name_class_init(void)
{
	int c;

	for (c = 0; c < 0x20; c++)
		name_class[c] = N_LOOK;
	name_class[' '] = N_SPACE;
	name_class[0xC2] = N_LOOK;
	for (c = 0xC6; c < 0x100; c++)
		name_class[c] = N_LOOK;
}

int
text_name_same(const char *s, size_t len)
{
	static pthread_once_t ready = PTHREAD_ONCE_INIT;
	const unsigned char *u = (const unsigned char *)s;
	unsigned char seen = 0;
	size_t i;

	(void)pthread_once(&ready, name_class_init);	/* normalize's
							   threads */
	if (len > 0 && (u[0] == ' ' || u[len - 1] == ' '))
		return 0;
	/* Gather the classes without a branch per byte. */
	for (i = 0; i < len; i++)
		seen |= name_class[u[i]];
	if (seen == 0)
		return 1;
	for (i = 0; i < len; i++) {
		if (name_class[u[i]] == 0)
			continue;
		if (u[i] == ' ' && u[i + 1] != ' ')
			continue;	/* one space between words (the last
					   byte is no space: u[i + 1] is in s) */
		if (u[i] == 0xC2 && i + 1 < len && u[i + 1] != 0xA0)
			continue;	/* U+0080-U+00BF but U+00A0 */
		return 0;	/* a tab, a run of spaces, U+00A0, or a
				   letter NFC may change */
	}
	return 1;
}

/*
 * Whether the 8 bytes of v are all under 0x61 ('a'): adding 0x1F sets a
 * byte's high bit when it is 0x61 or more, and a byte of 0x80 or more has
 * it already (a carry out of such a byte only adds to a yes).
 */
#define UNDER_A8(v) \
	(((((v) + 0x1F1F1F1F1F1F1F1FULL) | (v)) & 0x8080808080808080ULL) == 0)

int
text_ident_same(const char *s, size_t len)
{
	size_t i = 0;
	uint64_t v;

	if (len > 0 && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
	    s[len - 1] == '\t'))
		return 0;
	/* Identifiers are digits and capitals: eight bytes at a time. */
	for (; i + 8 <= len; i += 8) {
		memcpy(&v, s + i, 8);
		if (!UNDER_A8(v))
			break;
	}
	for (; i < len; i++)
		if (s[i] >= 'a' && s[i] <= 'z')
			return 0;
	return 1;
}

size_t
text_ident(const char *s, size_t len, char *out, size_t size)
{
	size_t i, n;

	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	if (len >= size)
		return (size_t)-1;
	for (i = n = 0; i < len; i++)
		out[n++] = s[i] >= 'a' && s[i] <= 'z' ?
		    (char)(s[i] - 'a' + 'A') : s[i];
	out[n] = '\0';
	return n;
}
