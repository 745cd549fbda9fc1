// 第一种形态's measures as an act enters them: an accepted reply's (谈话函询) and a check's conclusion
// (初步核实). The kinds are the domain's own (FIRST_FORM_KINDS); the API checks each again.
import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import { MEASURE_KINDS, type MeasureKind } from '../../../../domain/fourForms';
import { FIRST_FORM_KINDS } from '../../../../domain/preliminaryChecks';
import type { FirstFormMeasure, PersonConcerned, PersonSummary } from '../../api';
import { BEIJING, dayjs } from '../../time';

const MEASURE_OPTIONS = FIRST_FORM_KINDS.map((k) => ({ value: k, label: MEASURE_KINDS[k].label }));
const today = () => dayjs().tz(BEIJING);

/** The registry's people as a Select offers them: name and title. */
export const personOptions = (people: PersonSummary[]) => people.map((p) => ({ value: p.id, label: p.title ? `${p.name}（${p.title}）` : p.name }));

/** One measure as the form holds it. */
export interface MeasureFields {
  kind: MeasureKind;
  name: string;
  title?: string;
  heldOn: dayjs.Dayjs;
  heldById: string;
}

/** The measures as the API takes them. */
export const measuresBody = (fields: MeasureFields[] = []): FirstFormMeasure[] =>
  fields.map((m) => ({ kind: m.kind, subject: { name: m.name.trim(), ...(m.title?.trim() ? { title: m.title.trim() } : {}) }, heldOn: m.heldOn.format('YYYY-MM-DD'), heldById: m.heldById }));

/**
 * The form's `measures` list: for each, its kind, the person by name and title (a new one starts as
 * `person`, the lead's first person concerned), when (not after today) and by whom (from the registry);
 * `required`: at least one.
 */
export function FirstFormMeasures({ people, person, required }: { people: PersonSummary[]; person?: PersonConcerned; required: boolean }) {
  const atLeastOne = async (_: unknown, measures?: unknown[]) => {
    if (required && !measures?.length) throw new Error('第一种形态须列明所给措施');
  };
  return (
    <Form.List name="measures" rules={[{ validator: atLeastOne }]}>
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={required ? '第一种形态措施' : '第一种形态措施（可不填）'} required={required}>
          {fields.map((field, i) => (
            <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
              <Form.Item name={[field.name, 'kind']} rules={[{ required: true, message: '请选择措施类别' }]}>
                <Select aria-label={`措施 ${i + 1} 类别`} placeholder="措施类别" options={MEASURE_OPTIONS} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写当事人姓名' }]}>
                <Input aria-label={`措施 ${i + 1} 当事人`} placeholder="当事人姓名" maxLength={100} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'title']}>
                <Input aria-label={`措施 ${i + 1} 职务`} placeholder="职务" maxLength={200} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'heldOn']} rules={[{ required: true, message: '请选择实施日期' }]}>
                <DatePicker aria-label={`措施 ${i + 1} 实施日期`} placeholder="实施日期" disabledDate={(d) => d.isAfter(today(), 'day')} allowClear={false} />
              </Form.Item>
              <Form.Item name={[field.name, 'heldById']} rules={[{ required: true, message: '请选择实施人' }]}>
                <Select aria-label={`措施 ${i + 1} 实施人`} placeholder="实施人" optionFilterProp="label" showSearch options={personOptions(people)} style={{ width: 220 }} />
              </Form.Item>
              {(!required || fields.length > 1) && <Button onClick={() => remove(field.name)}>删除</Button>}
            </Space>
          ))}
          <Button type="dashed" onClick={() => add({ name: person?.name, title: person?.title, heldOn: today() })}>
            添加措施
          </Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}
