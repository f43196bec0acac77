/* renamed parameters and a vendor statement before the loop */
unsigned long unmap_vmas(struct mmu_gather **tlbp,
		struct vm_area_struct *v, unsigned long from,
		unsigned long to, unsigned long *nr_accounted,
		struct zap_details *details)
{
	long zap_work = ZAP_BLOCK_SIZE;
	unsigned long start = from;

	vendor_trace_unmap(v, from, to);
	for ( ; v && v->vm_start < to; v = v->vm_next) {
		unsigned long end;

		start = max(v->vm_start, from);
		if (start >= v->vm_end)
			continue;
		if (need_resched())
			goto out;
	}
out:
	return start;
}
