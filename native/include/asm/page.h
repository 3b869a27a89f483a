/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness stand-in for <asm/page.h>: everything it would bring lives in the harness's arm64 environment. */
#ifndef HARNESS_ASM_PAGE_H
#define HARNESS_ASM_PAGE_H

#include <harness/kenv.h>
#include <harness/karch.h>
#endif
