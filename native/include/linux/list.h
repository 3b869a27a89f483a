/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness stand-in for <linux/list.h>: a circular doubly linked list with a
 * sentinel head, with the operations the buddy allocator uses. Plain stores:
 * list nodes are allocator metadata, not descriptors, and must not reach the
 * descriptor-store hook.
 */
#ifndef HARNESS_LINUX_LIST_H
#define HARNESS_LINUX_LIST_H

#include <harness/kenv.h>

struct list_head {
	struct list_head *next, *prev;
};

static inline void INIT_LIST_HEAD(struct list_head *head)
{
	head->next = head;
	head->prev = head;
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

/* Links node just before head, i.e. at the end of the list. */
static inline void list_add_tail(struct list_head *node, struct list_head *head)
{
	struct list_head *last = head->prev;

	node->next = head;
	node->prev = last;
	last->next = node;
	head->prev = node;
}

/* Unlinks node and leaves it as an empty list of its own. */
static inline void list_del_init(struct list_head *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	INIT_LIST_HEAD(node);
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)

#endif /* HARNESS_LINUX_LIST_H */
