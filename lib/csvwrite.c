/*
 * csvwrite.c - the buffered CSV writer
 *
 * Minimal RFC 4180 quoting, one large buffer, every write checked.
 * libcsv's own writer quotes every field, so it is not used.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sate.h"

#define OUT_SIZE (256 << 10)

static struct csvw stdout_writer;
struct csvw *sate_out;

void
csvw_init(struct csvw *w, int fd, char delim, int crlf)
{
	w->fd = fd;
	w->delim = delim;
	w->crlf = crlf;
	w->excel_safe = 0;
	w->nfield = 0;
	w->empty1 = 0;
	w->len = 0;
	w->cap = OUT_SIZE;
	w->buf = xmalloc(w->cap);
}

void
csvw_init_mem(struct csvw *w, const struct csvw *like)
{
	csvw_init(w, -1, like->delim, like->crlf);
	w->excel_safe = like->excel_safe;
}

void
csvw_setup(const struct sate_opts *o)
{
	if (sate_out == NULL) {
		csvw_init(&stdout_writer, 1, ',', o ? o->crlf : 0);
		sate_out = &stdout_writer;
	} else if (o != NULL) {
		sate_out->crlf = o->crlf;
	}
	if (o != NULL)
		sate_out->excel_safe = o->excel_safe;
}

void
csvw_flush(struct csvw *w)
{
	size_t off = 0;
	ssize_t n;

	if (w->fd < 0) {	/* in memory: room, not a write */
		if (w->cap > SIZE_MAX / 2)
			die(SATE_EXIT_IO, "out of memory");
		w->cap *= 2;
		w->buf = xrealloc(w->buf, w->cap);
		return;
	}
	if (w->len > 0)
		sate_progress_before_output(w->fd);
	while (off < w->len) {
		n = write(w->fd, w->buf + off, w->len - off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE)	/* the reader went away */
				_exit(SATE_EXIT_IO);
			w->len = 0;
			die(SATE_EXIT_IO, "write error: %s", strerror(errno));
		}
		off += (size_t)n;
	}
	w->len = 0;
}

static inline void
put(struct csvw *w, const char *p, size_t n)
{
	while (n > w->cap - w->len) {
		size_t k = w->cap - w->len;

		memcpy(w->buf + w->len, p, k);
		w->len += k;
		p += k;
		n -= k;
		csvw_flush(w);
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static inline void
putc1(struct csvw *w, char c)
{
	if (w->len == w->cap)
		csvw_flush(w);
	w->buf[w->len++] = c;
}

char
csvw_delim(const struct csvw *w)
{
	return w->delim;
}

void
csvw_raw(struct csvw *w, const char *p, size_t len)
{
	put(w, p, len);
}

/* Whether the 8 bytes of v hold the byte c (Hacker's Delight). */
#define HAS_BYTE(v, c) \
	((((v) ^ (0x0101010101010101ULL * (c))) - 0x0101010101010101ULL) & \
	~((v) ^ (0x0101010101010101ULL * (c))) & 0x8080808080808080ULL)

static int
needs_quotes(const struct csvw *w, const char *p, size_t len)
{
	const unsigned char d = (unsigned char)w->delim;
	size_t i = 0;
	uint64_t v;
	char c;

	if (len == 0)
		return 0;
	if (p[0] == ' ' || p[len - 1] == ' ')
		return 1;
	for (; i + 8 <= len; i += 8) {
		memcpy(&v, p + i, 8);
		if (HAS_BYTE(v, d) || HAS_BYTE(v, '"') || HAS_BYTE(v, '\n') ||
		    HAS_BYTE(v, '\r'))
			return 1;
	}
	for (; i < len; i++) {
		c = p[i];
		if (c == w->delim || c == '"' || c == '\n' || c == '\r')
			return 1;
	}
	return 0;
}

/* Whether a spreadsheet would take the field for a formula: it starts
 * with = + - @ TAB or CR, and is not a plain number (-3, +0.5). */
static int
formula_like(const char *p, size_t len)
{
	size_t i = 1;
	int digits = 0;

	if (len == 0 || strchr("=+-@\t\r", p[0]) == NULL || p[0] == '\0')
		return 0;
	if (p[0] != '-' && p[0] != '+')
		return 1;
	for (; i < len && p[i] >= '0' && p[i] <= '9'; i++)
		digits++;
	if (i < len && p[i] == '.')
		for (i++; i < len && p[i] >= '0' && p[i] <= '9'; i++)
			digits++;
	return i < len || digits == 0;
}

void
csvw_field(struct csvw *w, const char *p, size_t len)
{
	const char *q;

	if (w->nfield++ > 0)
		putc1(w, w->delim);
	else
		w->empty1 = len == 0;
	if (w->excel_safe && formula_like(p, len)) {
		putc1(w, '"');
		putc1(w, '\'');
	} else if (!needs_quotes(w, p, len)) {
		put(w, p, len);
		return;
	} else
		putc1(w, '"');
	while ((q = memchr(p, '"', len)) != NULL) {
		put(w, p, (size_t)(q - p) + 1);
		putc1(w, '"');
		len -= (size_t)(q - p) + 1;
		p = q + 1;
	}
	put(w, p, len);
	putc1(w, '"');
}

void
csvw_str(struct csvw *w, const char *s)
{
	csvw_field(w, s, strlen(s));
}

void
csvw_long(struct csvw *w, long v)
{
	char buf[24], *p = buf + sizeof buf;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	csvw_field(w, p, (size_t)(buf + sizeof buf - p));
}

void
csvw_printf(struct csvw *w, const char *fmt, ...)
{
	char buf[512], *p = buf;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		die(SATE_EXIT_IO, "output formatting failed");
	if ((size_t)n >= sizeof buf) {
		p = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(p, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	csvw_field(w, p, (size_t)n);
	if (p != buf)
		free(p);
}

void
csvw_endrec(struct csvw *w)
{
	/* A record of one empty field is "": a blank line is no record. */
	if (w->nfield == 1 && w->empty1)
		put(w, "\"\"", 2);
	if (w->crlf)
		putc1(w, '\r');
	putc1(w, '\n');
	w->nfield = 0;
	w->empty1 = 0;
}

void
csvw_rec(struct csvw *w, const struct sate_field *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		csvw_field(w, f[i].p, f[i].len);
	csvw_endrec(w);
}

/*
 * Copy the n bytes of the plain record fields [from, to) at base to out,
 * each NUL between them (where the reader ended a field) made a comma.
 * The reader rejects NUL in data, so every NUL there is an end.
 */
static void
copy_joined(char *out, const char *base, size_t n,
    const struct sate_rec *rec, size_t from, size_t to)
{
#ifdef __SSE2__
	const __m128i comma = _mm_set1_epi8(',');
	__m128i v;
	size_t i = 0;

	(void)rec, (void)from, (void)to;
	if (n >= 16) {
		for (; i + 16 <= n; i += 16) {
			v = _mm_loadu_si128((const __m128i *)(const void *)
			    (base + i));
			v = _mm_or_si128(v, _mm_and_si128(comma,
			    _mm_cmpeq_epi8(v, _mm_setzero_si128())));
			_mm_storeu_si128((__m128i *)(void *)(out + i), v);
		}
		if (i < n) {	/* the last 16, again in part */
			v = _mm_loadu_si128((const __m128i *)(const void *)
			    (base + n - 16));
			v = _mm_or_si128(v, _mm_and_si128(comma,
			    _mm_cmpeq_epi8(v, _mm_setzero_si128())));
			_mm_storeu_si128((__m128i *)(void *)
			    (out + n - 16), v);
		}
		return;
	}
	for (; i < n; i++)
		out[i] = base[i] != '\0' ? base[i] : ',';
#else
	size_t i;

	memcpy(out, base, n);
	for (i = from; i + 1 < to; i++)
		out[(size_t)(rec->f[i].p - base) + rec->f[i].len] = ',';
#endif
}

void
csvw_recfields(struct csvw *w, const struct sate_rec *rec, size_t from,
    size_t to)
{
	const char *base;
	size_t i, n, at;

	if (from >= to)
		return;
	if (!rec->plain || w->delim != ',' || w->excel_safe) {
		for (i = from; i < to; i++)
			csvw_field(w, rec->f[i].p, rec->f[i].len);
		return;
	}
	/* The fields of a plain record lie one after another in the
	 * reader's block, each ended by a NUL where its delimiter was. */
	base = rec->f[from].p;
	n = (size_t)(rec->f[to - 1].p + rec->f[to - 1].len - base);
	if (w->nfield > 0)
		putc1(w, ',');
	else
		w->empty1 = n == 0;
	w->nfield += (int)(to - from);
	if (n > w->cap - w->len)
		csvw_flush(w);
	if (n > w->cap - w->len) {
		for (i = from; i < to; i++) {
			if (i > from)
				putc1(w, ',');
			put(w, rec->f[i].p, rec->f[i].len);
		}
		return;
	}
	at = w->len;
	copy_joined(w->buf + at, base, n, rec, from, to);
	w->len += n;
}

void
csvw_vrawf(struct csvw *w, const char *fmt, va_list ap)
{
	char buf[1024], *p = buf;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n < 0)
		die(SATE_EXIT_IO, "output formatting failed");
	if ((size_t)n >= sizeof buf) {
		p = xmalloc((size_t)n + 1);
		vsnprintf(p, (size_t)n + 1, fmt, aq);
	}
	va_end(aq);
	put(w, p, (size_t)n);
	if (p != buf)
		free(p);
}

void
csvw_rawf(struct csvw *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	csvw_vrawf(w, fmt, ap);
	va_end(ap);
}
