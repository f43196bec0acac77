/* renamed locals, unlikely() around the copy, a vendor counter */
int copy_page_range(struct mm_struct *child, struct mm_struct *parent,
		struct vm_area_struct *area)
{
	pgd_t *spgd, *dpgd;
	unsigned long next;
	unsigned long a = area->vm_start;
	unsigned long e = area->vm_end;

	if (is_vm_hugetlb_page(area))
		return copy_hugetlb_page_range(child, parent, area);

	dpgd = pgd_offset(child, a);
	spgd = pgd_offset(parent, a);
	do {
		next = pgd_addr_end(a, e);
		vendor_fork_stat++;
		if (pgd_none_or_clear_bad(spgd))
			continue;
		if (unlikely(copy_pud_range(child, parent, dpgd, spgd,
					    area, a, next)))
			return -ENOMEM;
	} while (dpgd++, spgd++, a = next, a != e);
	return 0;
}
