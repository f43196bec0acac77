/* page_referenced_one: in an else-if condition */
static int page_referenced_one(struct page *page, struct vm_area_struct *vma)
{
	int referenced = 0;

	if (vma->vm_flags & VM_LOCKED) {
		referenced++;
		*mapcount = 1;
	} else if (ptep_clear_flush_young(vma, address, pte))
		referenced++;
	return referenced;
}

/* try_to_unmap_one: inside a compound condition, renamed locals */
static int try_to_unmap_one(struct page *page, struct vm_area_struct *v)
{
	if (!migration && ((v->vm_flags & VM_LOCKED) ||
			(ptep_clear_flush_young(v, where, ptep)))) {
		ret = SWAP_FAIL;
		goto out_unmap;
	}
out_unmap:
	{
	}
	pteval = ptep_clear_flush(v, where, ptep);
	return ret;
}

/* vendor wrapper macro around the call, twice in one function */
static void try_to_unmap_cluster(unsigned long cursor, struct vm_area_struct *vma)
{
	for (; address < end; pte++, address += PAGE_SIZE) {
		if (VENDOR_LIKELY(ptep_clear_flush_young(vma, address, pte)))
			continue;
		young += ptep_clear_flush_young(vma, address + PAGE_SIZE, pte + 1);
	}
}
