/* do_wp_page, 2.6.19-2.6.26 after ptep-clear-flush-notify.cocci */
static int do_wp_page(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long address, pte_t *page_table, pmd_t *pmd,
		spinlock_t *ptl, pte_t orig_pte)
{
	pte_t entry;

	if (likely(pte_same(*page_table, orig_pte))) {
		flush_cache_page(vma, address, pte_pfn(orig_pte));
		entry = mk_pte(new_page, vma->vm_page_prot);
		entry = maybe_mkwrite(pte_mkdirty(entry), vma);
		ptep_clear_flush_notify(vma, address, page_table);
		set_pte_at(mm, address, page_table, entry);
		update_mmu_cache(vma, address, entry);
	}
	return 0;
}

/* 2.6.31 (native ptep_clear_flush_notify): a statement between, renamed locals */
static int do_wp_page_31(struct mm_struct *mm, struct vm_area_struct *area,
		unsigned long addr, pte_t *ptep)
{
	pte_t newpte;

	newpte = mk_pte(new_page, area->vm_page_prot);
	newpte = maybe_mkwrite(pte_mkdirty(newpte), area);
	ptep_clear_flush_notify(area, addr, ptep);
	page_add_new_anon_rmap(new_page, area, addr);
	vendor_trace_cow(mm, addr);
	set_pte_at(mm, addr, ptep, newpte);
	update_mmu_cache(area, addr, newpte);
	return 0;
}

/* the COW install moved into a helper */
static void wp_install_copy(struct vm_area_struct *vma, unsigned long address,
		pte_t *page_table, struct page *new_page)
{
	pte_t entry = mk_pte(new_page, vma->vm_page_prot);

	entry = maybe_mkwrite(pte_mkdirty(entry), vma);
	ptep_clear_flush_notify(vma, address, page_table);
	set_pte_at(vma->vm_mm, address, page_table, entry);
}

/* 2.6.18: ptep_establish() installs the copy; invalidate-page-ptep-establish
 * followed it with mmu_notifier_invalidate_page() */
static int do_wp_page_18(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long address, pte_t *page_table)
{
	pte_t entry;

	entry = mk_pte(new_page, vma->vm_page_prot);
	entry = maybe_mkwrite(pte_mkdirty(entry), vma);
	lazy_mmu_prot_update(entry);
	ptep_establish(vma, address, page_table, entry);
	mmu_notifier_invalidate_page(vma->vm_mm, address);
	update_mmu_cache(vma, address, entry);
	return 0;
}

/* 2.6.19 page_mkclean_one: write-protects the same page, not a COW: untouched */
static int page_mkclean_one(struct page *page, struct vm_area_struct *vma)
{
	pte_t entry;

	entry = pte_wrprotect(*pte);
	entry = pte_mkclean(entry);
	ptep_establish(vma, address, pte, entry);
	mmu_notifier_invalidate_page(vma->vm_mm, address);
	return 1;
}

/* try_to_unmap_one: a swap entry replaces the pte: untouched */
static int try_to_unmap_one(struct page *page, struct vm_area_struct *vma)
{
	pte_t pteval;

	pteval = ptep_clear_flush_notify(vma, address, pte);
	set_pte_at(mm, address, pte, swp_entry_to_pte(entry));
	return 0;
}

/* the set on one branch only: the flush must keep its notify: untouched */
static int do_wp_page_cond(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long address, pte_t *page_table)
{
	pte_t entry;

	entry = mk_pte(new_page, vma->vm_page_prot);
	ptep_clear_flush_notify(vma, address, page_table);
	if (vendor_keep_cleared(vma))
		return 0;
	set_pte_at(mm, address, page_table, entry);
	return 0;
}

/* move_ptes-like: another slot and address: untouched */
static void move_one(struct vm_area_struct *vma, unsigned long old_addr,
		unsigned long new_addr, pte_t *old_pte, pte_t *new_pte)
{
	pte_t pte;

	pte = mk_pte(page, vma->vm_page_prot);
	ptep_clear_flush_notify(vma, old_addr, old_pte);
	set_pte_at(mm, new_addr, new_pte, pte);
}
