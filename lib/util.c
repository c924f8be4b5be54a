/*
 * util.c - program name, messages, allocation, the shared options
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sate.h"

static pthread_t main_thread;	/* sate_init's */
static int have_main;

const char *sate_prog = "sate";

/* The options every program shares, an option a msgid. */
static const char *const common_help[] = {
	N_("  -d, --delimiter=C     input field delimiter: ',' (default), ';', 'tab' or\n"
	   "                        any single character\n"),
	N_("  -e, --encoding=ENC    input encoding: utf-8 (default), latin1 or\n"
	   "                        windows-1252 (converted to UTF-8)\n"),
	N_("      --crlf            end output lines with CRLF (for Windows programs)\n"),
	N_("      --excel-safe      write a field that starts with = + - @ TAB or CR\n"
	   "                        (and is no plain number) with a leading ' so that\n"
	   "                        a spreadsheet shows it rather than runs it\n"),
	N_("      --max-field=N     refuse fields longer than N bytes (default 1M;\n"
	   "                        suffixes K and M)\n"),
	N_("      --progress        draw rows read, MB/s and percent on stderr when\n"
	   "                        it is a terminal (by default for files of 64M\n"
	   "                        or more)\n"),
	N_("      --no-progress     never draw it\n"),
	N_("  -h, --help            print this help and exit\n"),
	N_("      --version         print the version and exit\n"),
	NULL
};

static void
close_stdout(void)
{
	int e = 0;

	sate_progress_clear();
	if (sate_out != NULL)
		csvw_flush(sate_out);
	if (fflush(stdout) != 0 || ferror(stdout))
		e = errno ? errno : EIO;
	if (fclose(stdout) != 0 && e == 0 && errno != EBADF)
		e = errno;
	if (e != 0 && e != EPIPE) {
		fprintf(stderr, _("%s: write error: %s\n"), sate_prog,
		    strerror(e));
		_exit(SATE_EXIT_IO);
	}
	if (e == EPIPE)
		_exit(SATE_EXIT_IO);
}

void
sate_init(const char *argv0)
{
	const char *p;

	main_thread = pthread_self();
	have_main = 1;
	if (argv0 != NULL && *argv0 != '\0') {
		p = strrchr(argv0, '/');
		sate_prog = p ? p + 1 : argv0;
	}
	sate_i18n_init();
	atexit(close_stdout);
}

void
sate_i18n_init(void)
{
	const char *dir = getenv("SATE_LOCALEDIR");

	/* Only these two categories: LC_NUMERIC, LC_TIME and LC_COLLATE
	 * stay "C", so strtod() and printf() keep the decimal point and
	 * dates and sort orders never change with the language.  LC_CTYPE
	 * gives gettext the terminal's character set. */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	bindtextdomain(SATE_TEXTDOMAIN, dir != NULL && *dir != '\0' ?
	    dir : LOCALEDIR);
	textdomain(SATE_TEXTDOMAIN);
}

/* One message, one line: a value quoted in it may hold a line break (a
 * quoted field), written as \n and \r. */
static void
put_oneline(const char *msg)
{
	const char *p;

	for (p = msg; *p != '\0'; p++)
		if (*p == '\n')
			fputs("\\n", stderr);
		else if (*p == '\r')
			fputs("\\r", stderr);
		else
			fputc(*p, stderr);
}

void
sate_vmsg(const char *kind, const char *fmt, va_list ap)
{
	va_list aq;
	char *msg = NULL;
	int n;

	sate_progress_clear();
	fflush(stdout);
	fprintf(stderr, "%s: ", sate_prog);
	if (kind != NULL)
		fprintf(stderr, "%s: ", kind);
	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || (msg = malloc((size_t)n + 1)) == NULL) {
		vfprintf(stderr, fmt, ap);
	} else {
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		put_oneline(msg);
		free(msg);
	}
	fputc('\n', stderr);
}

void
sate_msg(const char *kind, const char *msg)
{
	sate_progress_clear();
	fflush(stdout);
	fprintf(stderr, "%s: ", sate_prog);
	if (kind != NULL)
		fprintf(stderr, "%s: ", kind);
	put_oneline(msg);
	fputc('\n', stderr);
}

void
die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sate_vmsg(NULL, _(fmt), ap);
	va_end(ap);
	/* On a worker thread (out of memory, say) the main thread may be
	 * writing standard output: exit() would flush it from here at the
	 * same time.  End without flushing; what was written stays, the
	 * status tells the rest. */
	if (have_main && !pthread_equal(pthread_self(), main_thread))
		_exit(status);
	exit(status);
}

int
error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sate_vmsg(NULL, _(fmt), ap);
	va_end(ap);
	return -1;
}

void
warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sate_vmsg(_("warning"), _(fmt), ap);
	va_end(ap);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die(SATE_EXIT_IO, "out of memory (%zu bytes)", n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		die(SATE_EXIT_IO, "out of memory (%zu x %zu bytes)", n, size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		die(SATE_EXIT_IO, "out of memory (%zu bytes)", n);
	return q;
}

/* A huge page (x86-64, arm64 with 4K pages): the span madvised. */
#define HUGE_PAGE	((size_t)2 << 20)

static size_t
page_round(size_t n)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);

	if (n > SIZE_MAX - HUGE_PAGE)
		die(SATE_EXIT_IO, "out of memory (%zu bytes)", n);
	return (n + pg - 1) / pg * pg;
}

/* The kernel backs a region with huge pages only where asked
 * (transparent_hugepage "madvise", Debian's default); a failure only
 * costs speed. */
static void
want_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	if (n >= HUGE_PAGE)
		(void)madvise(p, n, MADV_HUGEPAGE);
#else
	(void)p, (void)n;
#endif
}

void *
xbigalloc(size_t n)
{
	void *p;

	if (n == 0)
		return NULL;
	n = page_round(n);
	p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (p == MAP_FAILED)
		die(SATE_EXIT_IO, "out of memory (%zu bytes)", n);
	want_huge(p, n);
	return p;
}

void *
xbigrealloc(void *p, size_t old, size_t n)
{
	void *q;

	if (p == NULL || old == 0)
		return xbigalloc(n);
	if (n == 0) {
		xbigfree(p, old);
		return NULL;
	}
	old = page_round(old);
	n = page_round(n);
	if (n == old)
		return p;
	q = mremap(p, old, n, MREMAP_MAYMOVE);
	if (q == MAP_FAILED)
		die(SATE_EXIT_IO, "out of memory (%zu bytes)", n);
	want_huge(q, n);
	return q;
}

void
xbigfree(void *p, size_t n)
{
	if (p != NULL && n > 0)
		(void)munmap(p, page_round(n));
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
sate_opts_init(struct sate_opts *o)
{
	o->delim = ',';
	o->enc = SATE_ENC_UTF8;
	o->crlf = 0;
	o->excel_safe = 0;
	o->max_field = SATE_MAX_FIELD_DEFAULT;
	o->progress = 0;
}

int
sate_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0' || *s == ' ' || *s == '+')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int
parse_delim(const char *s, char *d)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 ||
	    strcmp(s, "\t") == 0) {
		*d = '\t';
		return 0;
	}
	if (s[0] == '\0' || s[1] != '\0')
		return -1;
	if (s[0] == '"' || s[0] == '\n' || s[0] == '\r' ||
	    (unsigned char)s[0] >= 0x80)
		return -1;
	*d = s[0];
	return 0;
}

static int
parse_encoding(const char *s, enum sate_encoding *e)
{
	static const struct {
		const char *name;
		enum sate_encoding enc;
	} names[] = {
		{ "utf-8", SATE_ENC_UTF8 }, { "utf8", SATE_ENC_UTF8 },
		{ "latin1", SATE_ENC_LATIN1 }, { "latin-1", SATE_ENC_LATIN1 },
		{ "iso-8859-1", SATE_ENC_LATIN1 },
		{ "iso8859-1", SATE_ENC_LATIN1 },
		{ "windows-1252", SATE_ENC_CP1252 },
		{ "cp1252", SATE_ENC_CP1252 },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(s, names[i].name) == 0) {
			*e = names[i].enc;
			return 0;
		}
	return -1;
}

static int
parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	if (*end == 'K' || *end == 'k') {
		v <<= 10;
		end++;
	} else if (*end == 'M' || *end == 'm') {
		v <<= 20;
		end++;
	}
	if (*end != '\0' || v == 0 || v > ((unsigned long long)1 << 40))
		return -1;
	*out = (size_t)v;
	return 0;
}

void
sate_print_help(const char *const *help)
{
	const char *const *p, *const *q;

	for (p = help; *p != NULL; p++) {
		if (strcmp(*p, SATE_HELP_COMMON) == 0) {
			for (q = common_help; *q != NULL; q++)
				fputs(_(*q), stdout);
		} else {
			fputs(_(*p), stdout);
		}
	}
}

int
sate_common_opt(struct sate_opts *o, int c, const char *arg,
    const char *const *help)
{
	switch (c) {
	case 'd':
		if (parse_delim(arg, &o->delim) < 0)
			die(SATE_EXIT_USAGE, "bad delimiter '%s' (use one "
			    "character such as ',' or ';', or 'tab')", arg);
		return 1;
	case 'e':
		if (parse_encoding(arg, &o->enc) < 0)
			die(SATE_EXIT_USAGE, "unknown encoding '%s' (use "
			    "utf-8, latin1 or windows-1252)", arg);
		return 1;
	case SATE_OPT_CRLF:
		o->crlf = 1;
		return 1;
	case SATE_OPT_EXCEL_SAFE:
		o->excel_safe = 1;
		return 1;
	case SATE_OPT_PROGRESS:
		o->progress = 1;
		return 1;
	case SATE_OPT_NO_PROGRESS:
		o->progress = -1;
		return 1;
	case SATE_OPT_MAX_FIELD:
		if (parse_size(arg, &o->max_field) < 0)
			die(SATE_EXIT_USAGE, "bad --max-field '%s' (a size "
			    "in bytes such as 1048576, 64K or 4M)", arg);
		return 1;
	case 'h':
		sate_print_help(help);
		exit(SATE_EXIT_OK);
	case SATE_OPT_VERSION:
		printf("%s (sate) %s\n", sate_prog, SATE_VERSION);
		exit(SATE_EXIT_OK);
	default:
		return 0;
	}
}

void
sate_usage(const char *synopsis, const char *cmd)
{
	sate_progress_clear();
	fflush(stdout);
	fprintf(stderr, _("usage: %s\n"), _(synopsis));
	fprintf(stderr, _("Try '%s --help' for more information.\n"),
	    cmd ? cmd : sate_prog);
	exit(SATE_EXIT_USAGE);
}

void
sate_getopt_prepare(char **argv)
{
	argv[0] = (char *)sate_prog;
}

size_t
sate_ncores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 8 ? 8 : (size_t)n;
}
