int mprotect_fixup(struct vm_area_struct *vma, unsigned long start,
		   unsigned long end, unsigned long newflags)
{
	vma->vm_flags = newflags;
	if (is_vm_hugetlb_page(vma))
		hugetlb_change_protection(vma, start, end, vma->vm_page_prot);
	else
		change_protection(vma, start, end, vma->vm_page_prot, dirty_accountable);
	vm_stat_account(mm, oldflags, vma->vm_file, -nrpages);
	return 0;
}
