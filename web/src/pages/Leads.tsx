// 问题线索: register one (线索登记), the ledger (线索台账) and one lead (线索详情). The sources, channels and
// states are the API's own data (domain/leads.ts, domain/states.ts). The reporter (举报人) is never in an
// answer but GET /leads/{id}/reporter, which the page reads only when 查看举报人 is clicked: the API audits it.
import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Switch, Table, Tag, Timeline, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { LEAD_RULES, LEAD_SOURCES, hasReporter, mayReadReporter, type LeadSourceKind } from '../../../domain/leads';
import { LEAD_STATES } from '../../../domain/states';
import { api, type LeadDetail, type Mark, type LeadQuery, type LeadReporter, type LeadSummary, type PersonConcerned, type PersonSummary, type RegisterLeadBody, type Unit } from '../api';
import { mayUse } from '../access';
import { DeadlineText, MARKS, MarkTag } from '../marks';
import { useSession } from '../session';
import { BEIJING, dayjs, formatInstant } from '../time';
import { useAct } from '../useAct';
import { DisposalFacts } from './acts/LeadDisposal';
import { eventText, PROCESS_LABELS } from './leadTimeline';
import { consolePath } from './Tasks';

const SOURCE_KINDS = Object.keys(LEAD_SOURCES) as LeadSourceKind[];
const SOURCE_OPTIONS = SOURCE_KINDS.map((k) => ({ value: k, label: LEAD_SOURCES[k].label }));
const channelOptions = (kind: LeadSourceKind | undefined) => (kind ? Object.entries(LEAD_SOURCES[kind].channels).map(([value, label]) => ({ value, label })) : []);
const MARK_OPTIONS = (['red', 'yellow', 'green'] as const).map((m) => ({ value: m, label: MARKS[m].label }));
const STATE_OPTIONS = Object.entries(LEAD_STATES).map(([value, label]) => ({ value, label }));

/** What a lead's colour is of: its acceptance while it awaits one, then the most pressing of its open steps (the API's rule). */
const markRuleOf = (l: LeadSummary): string => (l.state === 'registered' ? `受理期限：${formatInstant(l.acceptanceDueAt)}` : '按本线索及其后续办理环节中最紧迫的待办期限');

export const leadHref = (id: string): string => `/leads/${encodeURIComponent(id)}`;

const useUnits = (): Unit[] => {
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    api.units().then((u) => setUnits(u.items), () => setUnits([]));
  }, []);
  return units;
};

/**
 * Who may handle a lead of the unit: commission staff and the members of its stationed group (the API
 * checks). Only staff and commission leaders may list people; anyone else is offered themselves.
 */
function useHandlers(groupId: string | undefined): PersonSummary[] {
  const { session } = useSession();
  const [people, setPeople] = useState<PersonSummary[]>([]);
  const self = session ? [{ id: session.person.id, name: session.person.name, title: session.person.title }] : [];
  useEffect(() => {
    if (!groupId) return;
    let current = true;
    Promise.all([api.people({ role: 'STAFF' }), api.people({ groupId })]).then(
      ([staff, group]) => current && setPeople([...group.items, ...staff.items].filter((p, i, all) => all.findIndex((q) => q.id === p.id) === i)),
      () => current && setPeople([]),
    );
    return () => void (current = false);
  }, [groupId]);
  return people.length ? people : self;
}

interface Fields {
  sourceKind: LeadSourceKind;
  channel: string;
  unitId: string;
  personsConcerned: PersonConcerned[];
  summary: string;
  realName: boolean;
  reporterName?: string;
  reporterPhone?: string;
  reporterEmail?: string;
  handlerId: string;
}

const trimmed = (v: string | undefined): string | undefined => (v?.trim() ? v.trim() : undefined);

function registerBody(f: Fields): RegisterLeadBody {
  const realName = hasReporter(f.sourceKind) && f.realName;
  return {
    source: { kind: f.sourceKind, channel: f.channel },
    unitId: f.unitId,
    personsConcerned: f.personsConcerned.map((p) => ({ name: p.name.trim(), ...(trimmed(p.title) ? { title: trimmed(p.title) } : {}) })),
    summary: f.summary,
    realName,
    ...(realName
      ? { reporter: { name: f.reporterName!.trim(), ...(trimmed(f.reporterPhone) ? { phone: trimmed(f.reporterPhone) } : {}), ...(trimmed(f.reporterEmail) ? { email: trimmed(f.reporterEmail) } : {}) } }
      : {}),
    handlerId: f.handlerId,
  };
}

/** 线索登记: where the lead came from, the unit and persons it concerns, what it says, a real-name reporter, its handler. */
export function RegisterLead() {
  const [form] = Form.useForm<Fields>();
  const units = useUnits();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const sourceKind = Form.useWatch('sourceKind', form);
  const realName = Form.useWatch('realName', form);
  const unitId = Form.useWatch('unitId', form);
  const handlers = useHandlers(units.find((u) => u.id === unitId)?.groupId);

  const { busy: saving, error, run: save } = useAct(async (f: Fields) => {
    const lead = await api.registerLead(registerBody(f));
    void message.success(`已登记问题线索 ${lead.number}`);
    void navigate(leadHref(lead.id));
  });

  return (
    <Card title="线索登记">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Fields>
        form={form}
        layout="vertical"
        onFinish={(f) => void save(f)}
        initialValues={{ personsConcerned: [{ name: '' }], realName: false }}
        onValuesChange={(changed: Partial<Fields>) => {
          if (changed.sourceKind) form.setFieldsValue({ channel: undefined, ...(hasReporter(changed.sourceKind) ? {} : { realName: false }) });
          if (changed.unitId) form.setFieldsValue({ handlerId: undefined });
        }}
        style={{ maxWidth: 720 }}
      >
        <Space align="start" wrap>
          <Form.Item name="sourceKind" label="线索来源" rules={[{ required: true, message: '请选择线索来源' }]}>
            <Select options={SOURCE_OPTIONS} placeholder="请选择" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="channel" label="来源方式" rules={[{ required: true, message: '请选择来源方式' }]}>
            <Select options={channelOptions(sourceKind)} placeholder={sourceKind ? '请选择' : '先选择线索来源'} style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Form.Item name="unitId" label="所涉单位" rules={[{ required: true, message: '请选择所涉单位' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={units.map((u) => ({ value: u.id, label: `${u.name}（${u.groupName}）` }))} placeholder="请选择" />
        </Form.Item>
        <Form.List name="personsConcerned">
          {(fields, { add, remove }) => (
            <Form.Item label="被反映人" required>
              {fields.map((field, i) => (
                <Space key={field.key} align="start" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                    <Input aria-label={`被反映人 ${i + 1} 姓名`} placeholder="姓名" style={{ width: 200 }} maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'title']}>
                    <Input aria-label={`被反映人 ${i + 1} 职务`} placeholder="职务" style={{ width: 320 }} maxLength={200} />
                  </Form.Item>
                  {fields.length > 1 && <Button onClick={() => remove(field.name)}>删除</Button>}
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ name: '' })}>
                添加被反映人
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="summary" label="反映问题摘要" rules={[{ required: true, whitespace: true, message: '请填写反映问题摘要' }]}>
          <Input.TextArea rows={4} maxLength={20_000} showCount />
        </Form.Item>
        {sourceKind && hasReporter(sourceKind) && (
          <Form.Item name="realName" label="实名举报" valuePropName="checked" extra="举报人信息单独保存，仅承办人和委领导可查看，每次查看均留痕">
            <Switch aria-label="实名举报" />
          </Form.Item>
        )}
        {sourceKind && hasReporter(sourceKind) && realName && (
          <Space align="start" wrap>
            <Form.Item name="reporterName" label="举报人姓名" rules={[{ required: true, whitespace: true, message: '实名举报须填写举报人姓名' }]}>
              <Input maxLength={100} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="reporterPhone" label="联系电话">
              <Input maxLength={50} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="reporterEmail" label="电子邮箱" rules={[{ type: 'email', message: '邮箱格式不正确' }]}>
              <Input maxLength={200} style={{ width: 240 }} />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="handlerId" label="承办人" rules={[{ required: true, message: '请选择承办人' }]} extra="所涉单位派驻组的成员或委机关干部">
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={handlers.map((p) => ({ value: p.id, label: `${p.name}${p.title ? `（${p.title}）` : ''}` }))}
            placeholder={unitId ? '请选择' : '先选择所涉单位'}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>
          登记
        </Button>
      </Form>
    </Card>
  );
}

const PAGE_SIZE = 20;
const DAY_START = (d: dayjs.Dayjs): string => dayjs.tz(d.format('YYYY-MM-DD'), BEIJING).toISOString();

/** 线索台账: the leads the caller may see, newest received first, each with its 三色预警, the counts of each colour, filtered (by colour too). */
export function Leads() {
  const { session } = useSession();
  const navigate = useNavigate();
  const units = useUnits();
  const [query, setQuery] = useState<LeadQuery>({});
  const [page, setPage] = useState(1);
  const [answer, setAnswer] = useState<{ key: string; list?: Awaited<ReturnType<typeof api.leads>>; error?: string }>();
  const key = JSON.stringify({ ...query, page });
  useEffect(() => {
    let current = true;
    api.leads({ ...query, page, pageSize: PAGE_SIZE }).then(
      (list) => current && setAnswer({ key, list }),
      (e: Error) => current && setAnswer({ key, error: e.message }),
    );
    return () => void (current = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` is the query and page
  }, [key]);
  const filter = (q: Partial<LeadQuery>) => {
    setQuery((old) => ({ ...old, ...q }));
    setPage(1);
  };
  const fresh = answer?.key === key ? answer : undefined;
  const list = fresh?.list;

  return (
    <Card title="线索台账" extra={session && mayUse(session, 'registerLead') && <Link to="/leads/new">登记线索</Link>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select aria-label="预警" allowClear placeholder="预警" style={{ width: 100 }} options={MARK_OPTIONS} onChange={(mark?: Mark) => filter({ mark })} />
        <Select aria-label="状态" allowClear placeholder="状态" style={{ width: 140 }} options={STATE_OPTIONS} onChange={(state?: string) => filter({ state })} />
        <Select aria-label="线索来源" allowClear placeholder="线索来源" style={{ width: 160 }} options={SOURCE_OPTIONS} onChange={(sourceKind?: string) => filter({ sourceKind })} />
        <Select aria-label="所涉单位" allowClear placeholder="所涉单位" style={{ width: 200 }} options={units.map((u) => ({ value: u.id, label: u.name }))} onChange={(unitId?: string) => filter({ unitId })} />
        <DatePicker.RangePicker
          aria-label="收到日期"
          placeholder={['收到日期起', '收到日期止']}
          onChange={(r) => filter({ receivedFrom: r?.[0] ? DAY_START(r[0]) : undefined, receivedTo: r?.[1] ? DAY_START(r[1].add(1, 'day')) : undefined })}
        />
      </Space>
      {list && (
        <Space style={{ marginBottom: 16 }} data-testid="lead-counts">
          <span>共 {list.total} 条</span>
          {(['red', 'yellow', 'green'] as const).map((m) => (
            <Tag key={m} color={MARKS[m].color} data-mark={m}>
              {MARKS[m].label} {list.counts[m]}
            </Tag>
          ))}
        </Space>
      )}
      {fresh?.error && <Alert type="error" showIcon title={`无法查看线索台账：${fresh.error}`} style={{ marginBottom: 16 }} />}
      <Table<LeadSummary>
        rowKey="id"
        loading={!fresh}
        dataSource={list?.items ?? []}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        locale={{ emptyText: '暂无问题线索' }}
        columns={[
          { title: '预警', key: 'mark', width: 64, render: (_, l) => <MarkTag task={{ mark: l.mark, markRule: markRuleOf(l) }} /> },
          { title: '编号', key: 'number', render: (_, l) => <Link to={leadHref(l.id)}>{l.number}</Link> },
          { title: '来源', key: 'source', render: (_, l) => l.source.label },
          { title: '所涉单位', key: 'unit', render: (_, l) => l.unit.name },
          { title: '被反映人', key: 'persons', render: (_, l) => l.personsConcerned.map((p) => p.name).join('、') },
          { title: '收到时间', key: 'receivedAt', render: (_, l) => formatInstant(l.receivedAt) },
          { title: '状态', key: 'state', render: (_, l) => l.stateLabel },
        ]}
        onRow={(l) => ({ style: { cursor: 'pointer' }, onClick: () => void navigate(leadHref(l.id)) })}
      />
    </Card>
  );
}

const RULE_TEXT = (r: { workingDays: number; rule: string; confidence: string }) => `收到之日起 ${r.workingDays} 个工作日（节假日不计）；依据 ${r.rule} ${r.confidence}`;

/** 线索详情: the lead as registered, its deadlines and what they counted, its timeline; the reporter only on click, for those allowed. */
export function LeadPage() {
  const { id = '' } = useParams();
  const { session } = useSession();
  const [lead, setLead] = useState<LeadDetail>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api.lead(id).then(setLead, (e: Error) => setError(e.message));
  }, [id]);
  if (error) return <Alert type="error" showIcon title={`无法查看该线索：${error}`} />;
  const mayRead = !!lead && !!session && lead.reporterOnFile && mayReadReporter(session.person.id, session.person.roles.map((p) => p.role), lead.handlerId);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="线索详情" loading={!lead} extra={<Link to="/leads">线索台账</Link>}>
        {lead && (
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label="编号">{lead.number}</Descriptions.Item>
            <Descriptions.Item label="来源">{lead.source.label}</Descriptions.Item>
            {lead.raisedFrom.findingId && <Descriptions.Item label="发现的问题">{lead.raisedFrom.findingTitle ?? lead.raisedFrom.findingId}</Descriptions.Item>}
            {lead.raisedFrom.workflowId && <Descriptions.Item label="发现于">{lead.raisedFrom.workflowId}</Descriptions.Item>}
            <Descriptions.Item label="所涉单位">{lead.unit.name}</Descriptions.Item>
            <Descriptions.Item label="被反映人">{lead.personsConcerned.map((p) => `${p.name}${p.title ? `（${p.title}）` : ''}`).join('、')}</Descriptions.Item>
            <Descriptions.Item label="反映问题摘要">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{lead.summary}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label="实名举报">{lead.realName ? '是' : '否'}</Descriptions.Item>
            <Descriptions.Item label="收到时间">{formatInstant(lead.receivedAt)}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <Space>
                {lead.stateLabel}
                <MarkTag task={{ mark: lead.mark, markRule: markRuleOf(lead) }} />
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label="受理或转办期限">
              {lead.state === 'registered' ? <DeadlineText at={lead.acceptanceDueAt} rule={RULE_TEXT(LEAD_RULES.acceptance)} /> : `${formatInstant(lead.acceptanceDueAt)}（已${lead.acceptedAt ? '受理' : '转办'}）`}
            </Descriptions.Item>
            {lead.receiptNotice && (
              <Descriptions.Item label="告知受理情况期限">
                {lead.receiptNotice.toldAt ? `已于 ${formatInstant(lead.receiptNotice.toldAt)} 告知` : <DeadlineText at={lead.receiptNotice.dueAt} rule={RULE_TEXT(LEAD_RULES.receiptNotice)} />}
              </Descriptions.Item>
            )}
            {lead.acceptedAt && <Descriptions.Item label="受理时间">{formatInstant(lead.acceptedAt)}</Descriptions.Item>}
          </Descriptions>
        )}
      </Card>
      {lead && <DisposalCard lead={lead} me={session?.person.id} />}
      {mayRead && <ReporterCard leadId={lead.id} />}
      {lead && (
        <Card title="办理过程">
          <Timeline
            items={lead.timeline.map((e, i) => ({
              key: `${i}`,
              content: (
                <>
                  {e.process !== 'lead' && <Tag>{PROCESS_LABELS[e.process]}</Tag>}
                  <Typography.Text strong>{eventText(e)}</Typography.Text> <Typography.Text type="secondary">{formatInstant(e.at)}</Typography.Text>
                </>
              ),
            }))}
          />
        </Card>
      )}
    </Space>
  );
}

/**
 * 线索处置: the disposal as it stands, the ones sent back, the result notice, and every open step with
 * who owes it and what its deadline counts; the signed-in person's own steps open from here.
 */
function DisposalCard({ lead, me }: { lead: LeadDetail; me: string | undefined }) {
  return (
    <Card title="线索处置">
      {lead.disposal ? <DisposalFacts disposal={lead.disposal} /> : <Typography.Paragraph type="secondary">尚未拟处置</Typography.Paragraph>}
      {lead.sentBack.length > 0 && (
        <Descriptions column={1} bordered size="small" style={{ marginBottom: 24 }}>
          {lead.sentBack.map((b, i) => (
            <Descriptions.Item key={i} label={`第${i + 1}次退回`}>{`${b.by.name} 于 ${formatInstant(b.at)} 退回：${b.reason}`}</Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {lead.processes.length > 0 && (
        <Descriptions column={1} bordered size="small" title="后续办理" style={{ marginBottom: 24 }}>
          {lead.processes.map((p) => (
            <Descriptions.Item key={p.kind} label={PROCESS_LABELS[p.kind]}>
              {p.kind === 'case' ? `${p.id}：${p.stateLabel}` : p.stateLabel}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {(lead.closedAt || lead.resultNotice) && (
        <Descriptions column={1} bordered size="small" style={{ marginBottom: 24 }}>
          {lead.closedAt && <Descriptions.Item label="了结时间">{formatInstant(lead.closedAt)}</Descriptions.Item>}
          {lead.resultNotice && (
            <Descriptions.Item label="告知处理结果">{lead.resultNotice.toldAt ? `已于 ${formatInstant(lead.resultNotice.toldAt)} 告知` : `应于 ${formatInstant(lead.resultNotice.dueAt)} 前告知`}</Descriptions.Item>
          )}
        </Descriptions>
      )}
      <Table
        rowKey="kind"
        size="small"
        pagination={false}
        dataSource={lead.openSteps}
        locale={{ emptyText: '没有待办事项' }}
        columns={[
          { title: '待办事项', key: 'what', render: (_, s) => (s.owner?.id === me ? <Link to={consolePath(s.page)}>{s.what}</Link> : s.what) },
          { title: '办理人', key: 'owner', render: (_, s) => s.owner?.name ?? '—' },
          { title: '期限', key: 'due', render: (_, s) => <DeadlineText at={s.dueAt} rule={s.dueRule} /> },
          { title: '预警', key: 'mark', render: (_, s) => <MarkTag task={s} /> },
        ]}
      />
    </Card>
  );
}

/** 查看举报人: read on click, never on opening the page; the API records every read (lead.reporter_read). */
function ReporterCard({ leadId }: { leadId: string }) {
  const [reporter, setReporter] = useState<LeadReporter>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const read = () => {
    setBusy(true);
    api.leadReporter(leadId).then(setReporter, (e: Error) => setError(e.message)).finally(() => setBusy(false));
  };
  return (
    <Card title="举报人信息">
      {error && <Alert type="error" showIcon title={`无法查看举报人：${error}`} style={{ marginBottom: 16 }} />}
      {reporter ? (
        <>
          <Alert type="warning" showIcon title="本次查看已留痕（记入审计日志）" style={{ marginBottom: 16 }} />
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label="姓名">{reporter.name}</Descriptions.Item>
            <Descriptions.Item label="联系电话">{reporter.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="电子邮箱">{reporter.email ?? '—'}</Descriptions.Item>
            {reporter.unit && <Descriptions.Item label="工作单位">{reporter.unit}</Descriptions.Item>}
            {reporter.address && <Descriptions.Item label="地址">{reporter.address}</Descriptions.Item>}
          </Descriptions>
        </>
      ) : (
        <Space>
          <Button onClick={read} loading={busy}>
            查看举报人
          </Button>
          <Typography.Text type="secondary">举报人信息严格保密，每次查看均留痕</Typography.Text>
        </Space>
      )}
    </Card>
  );
}
