static int msync_interval(struct vm_area_struct *vma, unsigned long addr,
			unsigned long end, int flags,
			unsigned long *nr_pages_dirtied)
{
	if (file && (vma->vm_flags & VM_SHARED))
		*nr_pages_dirtied = msync_page_range(vma, addr, end);
	return ret;
}
