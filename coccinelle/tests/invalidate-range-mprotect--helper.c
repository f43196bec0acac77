/* a vendor helper without the hugetlb branch, renamed locals */
static void vendor_reprotect(struct vm_area_struct *v, unsigned long s, unsigned long e)
{
	vendor_log(v);
	change_protection(v, s, e, v->vm_page_prot, 0);
}
