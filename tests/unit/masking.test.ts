/**
 * Who sees a phone number in full outside the phones' own data: masked in every browse list and
 * in supervisors' exports; in full in administrators' exports of the rosters they keep.
 */
import { describe, expect, it } from 'vitest';
import { maskedFields, maskPhone, maskRecord, seesInFull } from '../../shared/masking.ts';

describe('masking personal fields', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138 1234 5678')).toBe('138****5678');
    expect(maskPhone('022-2345678')).toBe('022****5678');
    expect(maskPhone('12345')).toBe('***45');
  });

  it('masks the phone fields the descriptors mark personal', () => {
    expect(maskedFields('households')).toEqual(['phone']);
    expect(maskedFields('partyMembers')).toEqual(['phone']);
    expect(maskedFields('visits')).toEqual([]);
  });

  it('shows administrators full numbers in roster exports only', () => {
    const household = { id: 'h1', headName: '王建国', phone: '13812345678' };
    expect(maskRecord('households', household, 'admin', 'export').phone).toBe('13812345678');
    expect(maskRecord('households', household, 'admin', 'browse').phone).toBe('138****5678');
    expect(maskRecord('households', household, 'supervisor', 'export').phone).toBe('138****5678');
    expect(maskRecord('households', household, 'supervisor', 'export').headName).toBe('王建国');
    expect(household.phone).toBe('13812345678');
    expect(seesInFull('admin', 'issues', 'export')).toBe(false);
    expect(maskRecord('residents', { name: '张伟', phone: null }, 'supervisor', 'browse').phone).toBeNull();
  });
});
