/*
 * fuzz.h - what the libFuzzer harnesses share
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant: when it fails, say which before the crash. */
#define check(ok) do {							\
	if (!(ok)) {							\
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,	\
		    __LINE__, #ok);					\
		abort();						\
	}								\
} while (0)

#endif /* FUZZ_H */
