/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness stand-in for <linux/kvm_host.h>: the KVM types and arm64 facts the page-table code uses. */
#ifndef HARNESS_LINUX_KVM_HOST_H
#define HARNESS_LINUX_KVM_HOST_H

#include <harness/kenv.h>
#include <harness/karch.h>
#endif
