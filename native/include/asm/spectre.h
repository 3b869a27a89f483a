/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness stand-in for <asm/spectre.h>: the hyp vector slots named by nvhe/mm.h. */
#ifndef HARNESS_ASM_SPECTRE_H
#define HARNESS_ASM_SPECTRE_H

#include <harness/kenv.h>

enum arm64_hyp_spectre_vector {
	HYP_VECTOR_DIRECT,
	HYP_VECTOR_SPECTRE_DIRECT,
	HYP_VECTOR_INDIRECT,
	HYP_VECTOR_SPECTRE_INDIRECT,
};
#endif
