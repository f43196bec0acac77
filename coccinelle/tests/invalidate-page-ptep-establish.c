/* 2.6.18 do_wp_page */
static int do_wp_page(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long address, pte_t *page_table)
{
	if (likely(pte_same(*page_table, orig_pte))) {
		entry = maybe_mkwrite(pte_mkdirty(entry), vma);
		ptep_establish(vma, address, page_table, entry);
		update_mmu_cache(vma, address, entry);
	}
	return 0;
}

/* 2.6.19 page_mkclean_one, renamed locals */
static int page_mkclean_one(struct page *page, struct vm_area_struct *area)
{
	e = ptep_get_and_clear(mm, where, ptep);
	e = pte_wrprotect(pte_mkclean(e));
	ptep_establish(area, where, ptep, e);
	return 1;
}
