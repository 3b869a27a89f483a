#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Checks that TREE holds the kernel files the backend compiles, byte for byte
# when the tree carries SOURCES.sha256. Prints "ok", or one line saying what is
# wrong (the Makefile stops with it).
tree=$1
files="arch/arm64/kvm/hyp/pgtable.c
arch/arm64/include/asm/kvm_pgtable.h
arch/arm64/kvm/hyp/nvhe/mem_protect.c
arch/arm64/kvm/hyp/nvhe/page_alloc.c
arch/arm64/kvm/hyp/include/nvhe/gfp.h
arch/arm64/kvm/hyp/include/nvhe/mem_protect.h
arch/arm64/kvm/hyp/include/nvhe/memory.h
arch/arm64/kvm/hyp/include/nvhe/mm.h"
if [ ! -d "$tree" ]; then
	echo "harness: kernel tree $tree not found (set TREE, or HARNESS_KERNEL_TREE for the tests)"
	exit 0
fi
if [ -f "$tree/SOURCES.sha256" ]; then
	if ! (cd "$tree" && sha256sum --strict --quiet -c SOURCES.sha256) >/dev/null 2>&1; then
		echo "harness: kernel tree $tree fails its SOURCES.sha256 check (cd $tree && sha256sum -c SOURCES.sha256 says which file)"
		exit 0
	fi
fi
for f in $files; do
	if [ ! -f "$tree/$f" ]; then
		echo "harness: kernel tree $tree lacks $f"
		exit 0
	fi
done
echo ok
