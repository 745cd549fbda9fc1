import { FORM_NUMBERS, FOUR_FORMS, MEASURE_KINDS, MEASURE_KIND_KEYS, formShares, kindsOfForm, percentText } from '../../domain/fourForms';

describe('the four forms and the kinds of measure, as data', () => {
  it('names each form with what 第五条 lists under it and the rule it comes from', () => {
    expect(FORM_NUMBERS.map((f) => FOUR_FORMS[f].label)).toEqual(['第一种形态', '第二种形态', '第三种形态', '第四种形态']);
    for (const f of FORM_NUMBERS) expect(FOUR_FORMS[f].rule.source).toContain('第五条');
  });

  it('maps every kind to its form, so each form is counted from some kind', () => {
    expect(kindsOfForm(1)).toEqual(['reminder_talk', 'criticism', 'ordered_self_examination', 'written_self_criticism', 'admonishment']);
    expect(kindsOfForm(2)).toEqual(['light_sanction', 'organisational_adjustment']);
    expect(kindsOfForm(3)).toEqual(['heavy_sanction', 'major_post_adjustment']);
    expect(kindsOfForm(4)).toEqual(['criminal_referral']);
    // an integrity talk prevents; it disposes of no one
    expect(MEASURE_KINDS.integrity_talk.form).toBeNull();
  });

  it('counts talks in 人次 and the other measures in 人', () => {
    expect(MEASURE_KIND_KEYS.filter((k) => MEASURE_KINDS[k].unit === 'personTimes')).toEqual(['reminder_talk', 'integrity_talk']);
    expect(MEASURE_KINDS.criticism.unit).toBe('persons');
    expect(MEASURE_KINDS.admonishment.unit).toBe('persons');
  });

  it('gives each kind a zh-CN label and a rule with its confidence', () => {
    for (const k of MEASURE_KIND_KEYS) {
      expect(MEASURE_KINDS[k].label).toMatch(/[\u4e00-\u9fff]/);
      expect(['✔', '◐']).toContain(MEASURE_KINDS[k].rule.confidence);
    }
  });
});

describe('each form’s share', () => {
  it('is exact where the counts divide evenly', () => {
    expect(formShares({ 1: 6, 2: 2, 3: 1, 4: 1 })).toEqual({ 1: 600, 2: 200, 3: 100, 4: 100 });
  });

  it('adds up to 100.0% where rounding would lose a tenth, the tenth going to the largest remainder', () => {
    // 1/3 each of three forms: 333.33… → 333, 333, 333 and the last tenth to form 1 (ties to the lower form)
    expect(formShares({ 1: 1, 2: 1, 3: 1, 4: 0 })).toEqual({ 1: 334, 2: 333, 3: 333, 4: 0 });
    // 2/7 = 285.71, 4/7 = 571.43, 1/7 = 142.86: floors 285 + 571 + 142 = 998, so +1 to forms 1 (.71) and 3 (.86)
    expect(formShares({ 1: 2, 2: 4, 3: 1, 4: 0 })).toEqual({ 1: 286, 2: 571, 3: 143, 4: 0 });
    const shares = formShares({ 1: 345, 2: 7, 3: 3, 4: 1 });
    expect(FORM_NUMBERS.reduce((s, f) => s + shares[f], 0)).toBe(1000);
  });

  it('is zero for every form when nothing is counted', () => {
    expect(formShares({ 1: 0, 2: 0, 3: 0, 4: 0 })).toEqual({ 1: 0, 2: 0, 3: 0, 4: 0 });
  });

  it('reads as a percent with one decimal', () => {
    expect(percentText(1000)).toBe('100.0%');
    expect(percentText(334)).toBe('33.4%');
    expect(percentText(0)).toBe('0.0%');
  });
});
