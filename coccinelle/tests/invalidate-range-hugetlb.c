void __unmap_hugepage_range(struct vm_area_struct *v, unsigned long s,
			    unsigned long e)
{
	struct mm_struct *mm = v->vm_mm;
	LIST_HEAD(page_list);

	BUG_ON(s & ~HPAGE_MASK);
	spin_lock(&mm->page_table_lock);
	for (address = s; address < e; address += HPAGE_SIZE) {
		pte = huge_ptep_get_and_clear(mm, address, ptep);
		list_add(&page->lru, &page_list);
	}
	spin_unlock(&mm->page_table_lock);
	vendor_hugetlb_stat(mm);
	flush_tlb_range(v, s, e);
	list_for_each_entry_safe(page, tmp, &page_list, lru)
		put_page(page);
}

/* the wrapper without a flush is not touched */
void unmap_hugepage_range(struct vm_area_struct *vma, unsigned long start,
			  unsigned long end)
{
	spin_lock(&vma->vm_file->f_mapping->i_mmap_lock);
	__unmap_hugepage_range(vma, start, end);
	spin_unlock(&vma->vm_file->f_mapping->i_mmap_lock);
}
