int apply_to_page_range(struct mm_struct *m, unsigned long a,
			unsigned long sz, pte_fn_t fn, void *data)
{
	pgd_t *pgd;
	unsigned long next;
	unsigned long last = a + sz;
	int err;

	BUG_ON(a >= last);
	pgd = pgd_offset(m, a);
	do {
		next = pgd_addr_end(a, last);
		err = apply_to_pud_range(m, pgd, a, next, fn, data);
		if (err)
			break;
	} while (pgd++, a = next, a != last);
	return err;
}
