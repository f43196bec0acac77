unsigned long move_page_tables(struct vm_area_struct *vma,
		unsigned long old_addr, struct vm_area_struct *new_vma,
		unsigned long new_addr, unsigned long len)
{
	for (; old_addr < old_end; old_addr += extent, new_addr += extent) {
		if (extent > LATENCY_LIMIT)
			extent = LATENCY_LIMIT;
		move_ptes(vma, old_pmd, old_addr, old_addr + extent,
				new_vma, new_pmd, new_addr);
	}
	return len + old_addr - old_end;
}

/* a call site moved into a vendor helper, in a conditional */
static void vendor_move(struct vm_area_struct *src, unsigned long from, unsigned long to)
{
	if (from != to)
		move_ptes(src, pmd, from, to, dst, dst_pmd, dst_addr);
}
