import { FIGURES, FIGURE_CODES, SECTIONS } from '../../domain/statistics';

describe('the figures of the statistics, as data', () => {
  it('come in the order the commission reports them: leads received and disposed, cases filed and closed, talks, criticism, admonishment, then the four forms, then the supervision', () => {
    expect(Object.keys(SECTIONS)).toEqual(['leads', 'cases', 'measures', 'fourForms', 'supervision']);
    expect(FIGURE_CODES.slice(0, 21)).toEqual([
      'leads.received',
      'leads.received.complaint',
      'leads.received.supervision',
      'leads.received.handover',
      'leads.disposed',
      'leads.disposed.talk_inquiry',
      'leads.disposed.preliminary_check',
      'leads.disposed.shelve',
      'leads.disposed.close',
      'cases.filed', 'cases.filedPersons', 'cases.closed', 'cases.closedPersons', 'talks', 'criticism', 'admonishment', 'fourForms', 'form1', 'form2', 'form3', 'form4']);
    // a section's figures sit together, so the report reads them in this order
    const sections = FIGURES.map((f) => f.section);
    expect(sections).toEqual([...sections].sort((a, b) => Object.keys(SECTIONS).indexOf(a) - Object.keys(SECTIONS).indexOf(b)));
  });

  it('count talks in 人次, criticism and admonishment in 人, the forms in 人次 and the processes in 件', () => {
    const unit = Object.fromEntries(FIGURES.map((f) => [f.code, f.unit]));
    expect(unit).toMatchObject({ 'leads.received': 'items', 'leads.disposed.talk_inquiry': 'itemTimes', 'cases.filed': 'items', 'cases.closedPersons': 'persons', talks: 'personTimes', criticism: 'persons', admonishment: 'persons', form1: 'personTimes', form4: 'personTimes', 'surpriseCheck.overdue': 'items' });
  });

  it('give each supervision process opened, closed and overdue, each figure its own code', () => {
    expect(FIGURE_CODES.filter((c) => c.startsWith('rectification.'))).toEqual(['rectification.opened', 'rectification.closed', 'rectification.overdue']);
    expect(FIGURES.filter((f) => f.section === 'supervision')).toHaveLength(15);
    expect(new Set(FIGURE_CODES).size).toBe(FIGURE_CODES.length);
  });
});
