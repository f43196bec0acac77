/* try_to_unmap_one: the plain shape, result assigned */
static int try_to_unmap_one(struct page *page, struct vm_area_struct *vma)
{
	pte_t pteval;

	flush_cache_page(vma, address, page_to_pfn(page));
	pteval = ptep_clear_flush(vma, address, pte);
	if (pte_dirty(pteval))
		set_page_dirty(page);
	return 0;
}

/* renamed locals, two calls in one function, one in a conditional */
static void try_to_unmap_cluster(unsigned long cursor, struct vm_area_struct *area)
{
	unsigned long addr2;
	pte_t *ptep, old;

	for (; addr2 < end; ptep++, addr2 += PAGE_SIZE) {
		if (ptep_clear_flush_young(area, addr2, ptep))
			continue;
		if (area->vm_flags & VM_LOCKED)
			old = ptep_clear_flush(area, addr2, ptep);
		else
			ptep_clear_flush(area, addr2, ptep);
	}
}

/* do_wp_page: statement form, vendor statement between flush and set */
static int do_wp_page(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long address, pte_t *page_table)
{
	ptep_clear_flush(vma, address, page_table);
	vendor_trace_cow(mm, address);
	set_pte_at(mm, address, page_table, entry);
	return 0;
}

/* the call inside a macro argument */
static void page_mkclean_one(struct page *page, struct vm_area_struct *vma)
{
	pte_t entry;

	VENDOR_TRACE(entry = ptep_clear_flush(vma, address, pte));
	entry = pte_wrprotect(entry);
}

/* a function that already opens a range is covered: untouched */
static void move_ptes(struct vm_area_struct *vma, unsigned long a, unsigned long e)
{
	mmu_notifier_invalidate_range_start(vma->vm_mm, a, e);
	pte = ptep_clear_flush(vma, a, old_pte);
	mmu_notifier_invalidate_range_end(vma->vm_mm, a, e);
}
