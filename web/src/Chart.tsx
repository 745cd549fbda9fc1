// Apache ECharts in React: one chart per element, its option set on every change, resized with its box
// and disposed with the component. A dozen lines of our own rather than echarts-for-react (3.0.6), a
// class component with dependencies of its own (size-sensor, fast-deep-equal) whose React 19 support
// its package does not state beyond `react >=16`; this needs nothing but echarts itself.
import { useEffect, useRef, type CSSProperties } from 'react';
import type { EChartsOption } from 'echarts';
import { PieChart } from 'echarts/charts';
import { LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// only what the console draws, so the bundle carries no more of ECharts than that
echarts.use([PieChart, TitleComponent, TooltipComponent, LegendComponent, SVGRenderer]);

export function Chart({ option, style, label }: { option: EChartsOption; style?: CSSProperties; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  useEffect(() => {
    const instance = echarts.init(box.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(box.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => chart.current?.setOption(option, { notMerge: true }), [option]);
  return <div ref={box} role="img" aria-label={label} data-testid="chart" style={{ width: '100%', height: 320, ...style }} />;
}
