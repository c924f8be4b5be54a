/*
 * date.c - calendar dates (YYYY-MM-DD) and day arithmetic
 */
#include <time.h>

#include "sate.h"

int
sate_valid_date(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}

static int
digits(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
sate_parse_date(const char *s, size_t len, struct sate_date *d)
{
	struct sate_date t;

	if (len != 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &t.y) < 0 || digits(s + 5, 2, &t.m) < 0 ||
	    digits(s + 8, 2, &t.d) < 0 || !sate_valid_date(t.y, t.m, t.d))
		return -1;
	*d = t;
	return 0;
}

/* Days from civil, after Howard Hinnant's algorithm. */
long
sate_days(const struct sate_date *d)
{
	long y = d->y - (d->m <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d->m + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d->d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
sate_date_from_days(long z, struct sate_date *d)
{
	long era, doe, yoe, y, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d->d = (int)(doy - (153 * mp + 2) / 5 + 1);
	d->m = (int)(mp < 10 ? mp + 3 : mp - 9);
	d->y = (int)(y + (d->m <= 2));
}

void
sate_today(struct sate_date *d)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	d->y = tm.tm_year + 1900;
	d->m = tm.tm_mon + 1;
	d->d = tm.tm_mday;
}

void
sate_format_date(const struct sate_date *d, char buf[11])
{
	int v[3] = { d->y, d->m, d->d }, w[3] = { 4, 2, 2 };
	int i, k, n, p = 0;

	for (i = 0; i < 3; i++) {
		n = v[i];
		for (k = w[i] - 1; k >= 0; k--) {
			buf[p + k] = (char)('0' + n % 10);
			n /= 10;
		}
		p += w[i];
		if (i < 2)
			buf[p++] = '-';
	}
	buf[10] = '\0';
}
