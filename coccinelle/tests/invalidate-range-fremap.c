/* 2.6.23+: populate_range */
long sys_remap_file_pages(unsigned long start, unsigned long size)
{
	err = populate_range(mm, vma, start, size, pgoff);
	if (!err && !(flags & MAP_NONBLOCK))
		make_pages_present(start, start+size);
	return err;
}

/* before 2.6.23: the ->populate method, compound start address */
static int do_file_page(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long address)
{
	pgoff = pte_to_pgoff(orig_pte);
	err = vma->vm_ops->populate(vma, address & PAGE_MASK, PAGE_SIZE,
					vma->vm_page_prot, pgoff, 0);
	return err;
}

/* a compound length */
static int vendor_populate(struct vm_area_struct *v, unsigned long a, unsigned long n)
{
	int ret;

	ret = v->vm_ops->populate(v, a, n << PAGE_SHIFT, v->vm_page_prot, 0, 0);
	return ret;
}
