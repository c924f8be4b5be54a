/*
 * progress.c - the progress line on stderr (--progress)
 *
 * One line, drawn with a carriage return and never a line feed, so that
 * it is overwritten in place and erased with spaces (no terminal escape
 * sequences).  Only ever on a terminal: when stderr is not one, nothing
 * is drawn whatever the options say.  There is one line per process;
 * every message (die, error, warning, usage) erases it first, and so
 * does the CSV writer before it writes to a terminal.
 *
 * The reader calls sate_progress_tick() once per input block (1 MiB from
 * a file, up to 64 KiB from a pipe), never per record; a tick reads the
 * clock and draws at most every SATE_PROGRESS_INTERVAL milliseconds, the
 * first time that long after the start: a short run draws nothing, and
 * the rate is never that of the first few milliseconds.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sate.h"

static int err_tty = -1;	/* isatty(2), once known */
static int out_tty;		/* stdout is a terminal too */
static int width;		/* the terminal's columns */
static size_t drawn;		/* bytes of the line on screen; 0: none */

/* Milliseconds of the coarse monotonic clock (a few nanoseconds to read;
 * steps of a few milliseconds, plenty at 4 drawings a second). */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
write_all(const char *p, size_t n)
{
	ssize_t k;

	while (n > 0) {
		k = write(2, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return;		/* nowhere to report it */
		p += k;
		n -= (size_t)k;
	}
}

int
sate_progress_begin(struct sate_progress *p, int mode, int fd,
    const char *name)
{
	struct stat st;
	struct winsize ws;
	off_t at;

	memset(p, 0, sizeof *p);
	if (mode < 0)
		return 0;
	if (err_tty < 0) {
		err_tty = isatty(2);
		out_tty = isatty(1);
		width = 80;
		if (err_tty && ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			width = ws.ws_col;
	}
	if (!err_tty)
		return 0;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		/* From where the file is read: "< file" may come after a
		 * part of it was consumed. */
		at = lseek(fd, 0, SEEK_CUR);
		if (at < 0 || at > st.st_size)
			at = 0;
		p->size = (unsigned long long)(st.st_size - at);
	}
	if (mode == 0 && (p->size < SATE_PROGRESS_AUTO || out_tty))
		return 0;
	p->on = 1;
	p->name = name;
	p->t0 = p->last = now_ms();
	return 1;
}

/* "1234567" as "1,234,567" into buf (at least 32 bytes). */
static void
thousands(unsigned long long v, char *buf)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof tmp, "%llu", v), i, j = 0;

	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[j++] = ',';
		buf[j++] = tmp[i];
	}
	buf[j] = '\0';
}

size_t
sate_progress_format(char *buf, size_t size, size_t cols, const char *name,
    unsigned long long rows, unsigned long long bytes, long long ms,
    unsigned long long total)
{
	char r[32], rate[32], stats[96], pct[16] = "";
	size_t fixed, nlen, keep;
	double mbs;
	int n;

	if (size == 0)
		return 0;
	thousands(rows, r);
	if (ms > 0) {
		mbs = (double)bytes / 1e3 / (double)ms;
		snprintf(rate, sizeof rate, mbs < 10 ? "%.1f MB/s" : "%.0f MB/s",
		    mbs);
	} else {
		snprintf(rate, sizeof rate, "- MB/s");
	}
	if (total > 0)
		snprintf(pct, sizeof pct, ", %llu%%",
		    bytes >= total ? 100ULL : bytes * 100 / total);
	snprintf(stats, sizeof stats, ngettext("%s row, %s%s",
	    "%s rows, %s%s", (unsigned long)rows), r, rate, pct);

	/* Fit in cols - 1 columns (a full last column would wrap on some
	 * terminals): the name loses its head first, then goes. */
	nlen = strlen(name);
	fixed = strlen(sate_prog) + 2 + 2 + strlen(stats);
	if (cols == 0 || fixed + nlen < cols) {
		n = snprintf(buf, size, "%s: %s: %s", sate_prog, name, stats);
	} else if (fixed + 4 < cols) {
		keep = cols - 1 - fixed - 3;
		name += nlen - keep;
		while ((*name & 0xC0) == 0x80)	/* not inside a character */
			name++;
		n = snprintf(buf, size, "%s: ...%s: %s", sate_prog, name,
		    stats);
	} else {
		n = snprintf(buf, size, "%s: %s", sate_prog, stats);
		if (n > 0 && (size_t)n >= cols && cols > 1 && cols <= size) {
			buf[cols - 1] = '\0';
			n = (int)cols - 1;
		}
	}
	if (n < 0)
		return 0;
	return (size_t)n < size ? (size_t)n : size - 1;
}

void
sate_progress_tick(struct sate_progress *p, unsigned long long rows,
    unsigned long long bytes)
{
	char line[512], out[1100];
	long long now = now_ms();
	size_t n, len;

	if (now - p->last < SATE_PROGRESS_INTERVAL)
		return;
	p->last = now;
	p->drew = 1;
	len = sate_progress_format(line, sizeof line, (size_t)width, p->name,
	    rows, bytes, now - p->t0, p->size);
	out[0] = '\r';
	memcpy(out + 1, line, len);
	n = len + 1;
	/* Cover what is left of a longer line drawn before. */
	while (n < drawn + 1 && n < sizeof out)
		out[n++] = ' ';
	write_all(out, n);
	drawn = len > drawn ? len : drawn;
	if (drawn == 0)
		drawn = 1;
}

void
sate_progress_end(struct sate_progress *p)
{
	if (p->on && p->drew)
		sate_progress_clear();
	p->on = 0;
}

void
sate_progress_clear(void)
{
	char out[600];
	size_t n;

	if (drawn == 0)
		return;
	n = drawn + 2 < sizeof out ? drawn + 2 : sizeof out;
	memset(out, ' ', n);
	out[0] = '\r';
	out[n - 1] = '\r';
	write_all(out, n);
	drawn = 0;
}

void
sate_progress_before_output(int fd)
{
	if (drawn > 0 && out_tty && fd == 1)
		sate_progress_clear();
}
