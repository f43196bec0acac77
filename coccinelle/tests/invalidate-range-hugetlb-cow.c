/* 2.6.18-2.6.25: the new pte goes straight over the present one */
static int hugetlb_cow(struct mm_struct *mm, struct vm_area_struct *vma,
			unsigned long address, pte_t *ptep, pte_t pte)
{
	struct page *old_page, *new_page;

	old_page = pte_page(pte);
	new_page = alloc_huge_page(vma, address);
	if (!new_page) {
		page_cache_release(old_page);
		return VM_FAULT_OOM;
	}
	spin_unlock(&mm->page_table_lock);
	copy_huge_page(new_page, old_page, address);
	spin_lock(&mm->page_table_lock);

	ptep = huge_pte_offset(mm, address & HPAGE_MASK);
	if (likely(pte_same(*ptep, pte))) {
		set_huge_pte_at(mm, address, ptep,
				make_huge_pte(vma, new_page, 1));
		new_page = old_page;
	}
	page_cache_release(new_page);
	return VM_FAULT_MINOR;
}

/* 2.6.26: cleared and flushed first; renamed locals, a vendor statement */
static int hugetlb_cow_26(struct mm_struct *m, struct vm_area_struct *area,
			unsigned long addr, pte_t *hp, pte_t pte)
{
	copy_huge_page(new_page, old_page, addr, area);
	spin_lock(&m->page_table_lock);
	hp = huge_pte_offset(m, addr & HPAGE_MASK);
	if (likely(pte_same(huge_ptep_get(hp), pte))) {
		vendor_trace_hcow(m, addr);
		huge_ptep_clear_flush(area, addr, hp);
		set_huge_pte_at(m, addr, hp, make_huge_pte(area, new_page, 1));
		new_page = old_page;
	}
	return 0;
}

/* a function that already opens a range is left alone */
static int hugetlb_cow_done(struct mm_struct *mm, unsigned long address, pte_t *ptep)
{
	copy_huge_page(new_page, old_page, address);
	mmu_notifier_invalidate_range_start(mm, address & HPAGE_MASK,
					    (address & HPAGE_MASK) + HPAGE_SIZE);
	set_huge_pte_at(mm, address, ptep, make_huge_pte(vma, new_page, 1));
	mmu_notifier_invalidate_range_end(mm, address & HPAGE_MASK,
					  (address & HPAGE_MASK) + HPAGE_SIZE);
	return 0;
}

/* no copy: a fault installing a fresh huge page is not a replacement */
static int hugetlb_no_page(struct mm_struct *mm, unsigned long address, pte_t *ptep)
{
	set_huge_pte_at(mm, address, ptep, make_huge_pte(vma, page, 1));
	return 0;
}

/* 2.6.27-2.6.31: the huge page size comes from the vma's hstate */
static int hugetlb_cow_27(struct mm_struct *mm, struct vm_area_struct *vma,
			unsigned long address, pte_t *ptep, pte_t pte)
{
	struct hstate *h = hstate_vma(vma);

	copy_huge_page(new_page, old_page, address, vma);
	spin_lock(&mm->page_table_lock);
	ptep = huge_pte_offset(mm, address & huge_page_mask(h));
	if (likely(pte_same(huge_ptep_get(ptep), pte))) {
		/* Break COW */
		huge_ptep_clear_flush(vma, address, ptep);
		set_huge_pte_at(mm, address, ptep,
				make_huge_pte(vma, new_page, 1));
		new_page = old_page;
	}
	return 0;
}
