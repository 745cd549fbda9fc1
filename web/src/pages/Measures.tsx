// 措施: record one (措施登记), read one, and the 台账 of the caller's units. The kinds, their forms and the
// sources are the API's own data (domain/fourForms.ts), so the console names them as the API counts them.
import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Table } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { FOUR_FORMS, MEASURE_KINDS, MEASURE_SOURCES, type MeasureKind, type MeasureSource } from '../../../domain/fourForms';
import { api, type Measure, type MeasureQuery, type RecordMeasureBody, type Unit } from '../api';
import { useSession } from '../session';
import { mayUse } from '../access';
import { BEIJING, dayjs, formatInstant } from '../time';
import { useAct } from '../useAct';
import { usePaged } from '../usePaged';

const DAY = 'YYYY-MM-DD';
const formText = (kind: MeasureKind): string => {
  const form = MEASURE_KINDS[kind].form;
  return form ? FOUR_FORMS[form].label : '不计入“四种形态”';
};
const KIND_OPTIONS = (Object.keys(MEASURE_KINDS) as MeasureKind[]).map((k) => ({ value: k, label: `${MEASURE_KINDS[k].label}（${formText(k)}）` }));
const SOURCE_OPTIONS = (Object.keys(MEASURE_SOURCES) as MeasureSource[]).map((k) => ({ value: k, label: MEASURE_SOURCES[k].label }));

const useUnits = (): Unit[] => {
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    api.units().then((u) => setUnits(u.items), () => setUnits([]));
  }, []);
  return units;
};

interface Fields {
  kind: MeasureKind;
  name: string;
  title?: string;
  unitId: string;
  heldOn: dayjs.Dayjs;
  reason: string;
  sourceKind: MeasureSource;
  sourceId?: string;
}

/** 措施登记: one talk, criticism, admonishment or sanction given to one person; the record shown once saved. */
export function RecordMeasure() {
  const [form] = Form.useForm<Fields>();
  const units = useUnits();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const kind = Form.useWatch('kind', form);
  const sourceKind = Form.useWatch('sourceKind', form);
  const today = dayjs().tz(BEIJING).format(DAY);

  const { busy: saving, error, run: save } = useAct(async (f: Fields) => {
    const body: RecordMeasureBody = {
      kind: f.kind,
      subject: { name: f.name.trim(), ...(f.title?.trim() ? { title: f.title.trim() } : {}) },
      unitId: f.unitId,
      heldOn: f.heldOn.format(DAY),
      reason: f.reason,
      source: { kind: f.sourceKind, ...(f.sourceId?.trim() ? { id: f.sourceId.trim() } : {}) },
    };
    const m = await api.recordMeasure(body);
    void message.success(`已登记${m.kindLabel}`);
    void navigate(`/measures/${encodeURIComponent(m.id)}`);
  });

  return (
    <Card title="措施登记">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Fields> form={form} layout="vertical" onFinish={(f) => void save(f)} initialValues={{ heldOn: dayjs(today), sourceKind: 'routineSupervision' }} style={{ maxWidth: 640 }}>
        <Form.Item name="kind" label="措施类别" rules={[{ required: true, message: '请选择措施类别' }]} extra={kind ? `计入：${formText(kind)}` : undefined}>
          <Select options={KIND_OPTIONS} placeholder="请选择" />
        </Form.Item>
        <Form.Item name="name" label="对象姓名" rules={[{ required: true, whitespace: true, message: '请填写对象姓名' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="title" label="职务">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="unitId" label="所在单位" rules={[{ required: true, message: '请选择所在单位' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={units.map((u) => ({ value: u.id, label: `${u.name}（${u.groupName}）` }))} placeholder="请选择" />
        </Form.Item>
        <Form.Item name="heldOn" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker disabledDate={(d) => d.format(DAY) > today} allowClear={false} />
        </Form.Item>
        <Form.Item name="reason" label="事由" rules={[{ required: true, whitespace: true, message: '请填写事由' }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="sourceKind" label="来源" rules={[{ required: true, message: '请选择来源' }]}>
          <Select options={SOURCE_OPTIONS} />
        </Form.Item>
        {sourceKind && MEASURE_SOURCES[sourceKind].idRequired && (
          <Form.Item name="sourceId" label="来源编号" rules={[{ required: true, whitespace: true, message: '请填写来源编号' }]}>
            <Input />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={saving}>
          登记
        </Button>
      </Form>
    </Card>
  );
}

/** One measure as recorded (GET /measures/{id}). */
export function MeasurePage() {
  const { id } = useParams();
  const { session } = useSession();
  const [m, setM] = useState<Measure>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api.measure(id!).then(setM, (e: Error) => setError(e.message));
  }, [id]);
  if (error) return <Alert type="error" showIcon title={error} />;
  return (
    <Card
      title="措施详情"
      loading={!m}
      extra={
        <Space>
          {session && mayUse(session, 'recordMeasure') && <Link to="/measures/new">继续登记</Link>}
          <Link to="/measures">措施台账</Link>
        </Space>
      }
    >
      {m && (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label="编号">{m.id}</Descriptions.Item>
          <Descriptions.Item label="措施类别">{m.kindLabel}</Descriptions.Item>
          <Descriptions.Item label="“四种形态”">{m.formLabel ?? '不计入'}</Descriptions.Item>
          <Descriptions.Item label="对象">{`${m.subject.name}${m.subject.title ? `（${m.subject.title}）` : ''}`}</Descriptions.Item>
          <Descriptions.Item label="所在单位">{m.unitId}</Descriptions.Item>
          <Descriptions.Item label="日期">{m.heldOn}</Descriptions.Item>
          <Descriptions.Item label="事由">{m.reason}</Descriptions.Item>
          <Descriptions.Item label="来源">{`${m.source.label}${m.source.id ? `：${m.source.id}` : ''}`}</Descriptions.Item>
          <Descriptions.Item label="登记时间">{formatInstant(m.recordedAt)}</Descriptions.Item>
          {m.supersededBy && <Descriptions.Item label="已被更正">{m.supersededBy}</Descriptions.Item>}
        </Descriptions>
      )}
    </Card>
  );
}

/** 措施台账: the caller's units' measures, newest first, by kind, unit and period. */
export function Measures() {
  const { session } = useSession();
  const units = useUnits();
  const [query, setQuery] = useState<MeasureQuery>({});
  const { items, next, loading, error, more } = usePaged((cursor) => api.measures({ ...query, cursor }), JSON.stringify(query));

  return (
    <Card title="措施台账" extra={session && mayUse(session, 'recordMeasure') && <Link to="/measures/new">登记措施</Link>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select aria-label="措施类别" allowClear placeholder="措施类别" style={{ width: 220 }} options={KIND_OPTIONS} onChange={(kind?: string) => setQuery((q) => ({ ...q, kind }))} />
        <Select aria-label="所在单位" allowClear placeholder="所在单位" style={{ width: 200 }} options={units.map((u) => ({ value: u.id, label: u.name }))} onChange={(unitId?: string) => setQuery((q) => ({ ...q, unitId }))} />
        <DatePicker.RangePicker onChange={(r) => setQuery((q) => ({ ...q, from: r?.[0]?.format(DAY), to: r?.[1]?.format(DAY) }))} />
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Table<Measure>
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: '暂无措施' }}
        columns={[
          { title: '日期', key: 'heldOn', width: 110, render: (_, m) => m.heldOn },
          { title: '措施类别', key: 'kind', render: (_, m) => <Link to={`/measures/${encodeURIComponent(m.id)}`}>{m.kindLabel}</Link> },
          { title: '“四种形态”', key: 'form', render: (_, m) => m.formLabel ?? '—' },
          { title: '对象', key: 'subject', render: (_, m) => m.subject.name },
          { title: '单位', key: 'unit', render: (_, m) => units.find((u) => u.id === m.unitId)?.name ?? m.unitId },
          { title: '来源', key: 'source', render: (_, m) => m.source.label },
        ]}
      />
      {next && (
        <Button style={{ marginTop: 16 }} onClick={more}>
          加载更多
        </Button>
      )}
    </Card>
  );
}
