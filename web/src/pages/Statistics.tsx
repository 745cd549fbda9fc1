// 统计: the figures of a period as the API reports them, section by section, each openable into its
// records; the four forms' shares as a chart; the same report as an .xlsx.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Drawer, Form, Select, Space, Table, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { api, statisticsXlsxHref, type Group, type StatisticsFigure, type StatisticsQuery, type StatisticsRecord, type StatisticsReport, type Unit } from '../api';
import { Chart } from '../Chart';
import { BEIJING, dayjs } from '../time';
import { usePaged } from '../usePaged';

const DAY = 'YYYY-MM-DD';
/** This year, from 1 January to today, in Beijing. */
const thisYear = (): StatisticsQuery => {
  const today = dayjs().tz(BEIJING);
  return { from: today.startOf('year').format(DAY), to: today.format(DAY) };
};

/** The figures that carry a share: the four forms, each in 人次. */
const formFigures = (report: StatisticsReport | undefined): StatisticsFigure[] =>
  report?.sections.flatMap((s) => s.figures.filter((f) => f.share !== undefined)) ?? [];

export function Statistics() {
  const [query, setQuery] = useState<StatisticsQuery>(thisYear);
  const [report, setReport] = useState<StatisticsReport>();
  const [error, setError] = useState<string>();
  const [groups, setGroups] = useState<Group[]>([]);
  const [units, setUnits] = useState<Unit[]>([]);
  const [opened, setOpened] = useState<StatisticsFigure>();

  useEffect(() => {
    api.groups().then((g) => setGroups(g.items), () => setGroups([]));
  }, []);
  useEffect(() => {
    api.units({ groupId: query.groupId }).then((u) => setUnits(u.items), () => setUnits([]));
  }, [query.groupId]);
  useEffect(() => {
    let current = true;
    api.statistics(query).then(
      (r) => current && (setReport(r), setError(undefined)),
      (e: Error) => current && (setReport(undefined), setError(`无法查看统计：${e.message}`)),
    );
    return () => void (current = false);
  }, [query]);

  const forms = formFigures(report);
  const option = useMemo<EChartsOption>(
    () => ({
      title: { text: '“四种形态”占比', left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'item', formatter: '{b}：{c} 人次（{d}%）' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          label: { formatter: (p) => `${p.name}\n${forms.find((f) => f.label === p.name)?.shareText ?? ''}` },
          data: forms.map((f) => ({ name: f.label, value: f.value })),
        },
      ],
    }),
    [forms],
  );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title="统计" extra={
          report && (
            <Button href={statisticsXlsxHref(query)} download>
              下载 .xlsx
            </Button>
          )
        }>
        <Form layout="inline">
          <Form.Item label="统计期间">
            <DatePicker.RangePicker
              allowClear={false}
              value={[dayjs(query.from), dayjs(query.to)]}
              onChange={(range) => range?.[0] && range[1] && setQuery((q) => ({ ...q, from: range[0]!.format(DAY), to: range[1]!.format(DAY) }))}
            />
          </Form.Item>
          <Form.Item label="派驻组">
            <Select
              aria-label="派驻组"
              allowClear
              placeholder="全部"
              style={{ width: 160 }}
              value={query.groupId}
              options={groups.map((g) => ({ value: g.id, label: g.name }))}
              onChange={(groupId?: string) => setQuery((q) => ({ ...q, groupId, unitId: undefined }))}
            />
          </Form.Item>
          <Form.Item label="驻在单位">
            <Select
              aria-label="驻在单位"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部"
              style={{ width: 200 }}
              value={query.unitId}
              options={units.map((u) => ({ value: u.id, label: u.name }))}
              onChange={(unitId?: string) => setQuery((q) => ({ ...q, unitId }))}
            />
          </Form.Item>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon title={error} />}
      {report && (
        <Card>
          <div data-testid="four-forms-chart">
            <Chart option={option} label="“四种形态”占比图" />
          </div>
        </Card>
      )}
      {report?.sections.map((section) => (
        <Card key={section.code} title={section.label}>
          <Table<StatisticsFigure>
            rowKey="code"
            pagination={false}
            dataSource={section.figures}
            columns={[
              { title: '指标', key: 'label', render: (_, f) => f.label },
              { title: '统计口径', key: 'unitLabel', width: 100, render: (_, f) => f.unitLabel },
              {
                title: '数值',
                key: 'value',
                width: 100,
                render: (_, f) => (
                  <Button type="link" aria-label={`${f.label} 明细`} onClick={() => setOpened(f)} style={{ padding: 0 }}>
                    {f.value}
                  </Button>
                ),
              },
              { title: '占比', key: 'share', width: 100, render: (_, f) => f.shareText ?? '—' },
            ]}
          />
        </Card>
      ))}
      <Drawer title={opened ? `${opened.label}（${opened.value} ${opened.unitLabel}）明细` : ''} size={640} open={!!opened} onClose={() => setOpened(undefined)} destroyOnHidden>
        {opened && <FigureRecords records={opened.records} unitName={(id) => units.find((u) => u.id === id)?.name ?? id} />}
      </Drawer>
    </Space>
  );
}

/** The records one figure counts, newest first, a page at a time (GET /statistics/records). */
function FigureRecords({ records, unitName }: { records: string; unitName: (id: string) => string }) {
  const { items, next, loading, error, more } = usePaged((cursor) => api.statisticsRecords(records, cursor), records);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<StatisticsRecord>
        rowKey={(r) => `${r.kind}:${r.id}`}
        loading={loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: '暂无记录' }}
        columns={[
          { title: '日期', key: 'on', width: 110, render: (_, r) => r.on },
          { title: '类别', key: 'kindLabel', width: 120, render: (_, r) => r.kindLabel },
          { title: '对象 / 事项', key: 'title', render: (_, r) => r.title },
          { title: '单位', key: 'unitId', width: 110, render: (_, r) => (r.unitId ? unitName(r.unitId) : '—') },
        ]}
      />
      {next && (
        <Button onClick={more} loading={loading}>
          加载更多
        </Button>
      )}
      <Typography.Text type="secondary">共已显示 {items.length} 条</Typography.Text>
    </Space>
  );
}
