import { Group, Text } from '@mantine/core';
import { useLayoutEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, type XAxisTickContentProps, type YAxisTickContentProps } from 'recharts';

// The dashboards draw seven charts at once, so each is kept cheap: no animation, each chart drawn
// once at its real size, and nothing that asks the DOM how wide a label is (recharts measures
// every tick label it might hide or wrap, for the axes and again for the grid; a numeric
// `interval`, plain <text> ticks and no grid lines computed that are not drawn skip that). Its
// legend is HTML beside the chart rather than recharts' <Legend>, which measures itself and draws
// the chart again to make room; its tooltip is mounted when a pointer or the keyboard first comes
// to the chart, as recharts' <Tooltip> measures itself and follows the chart's state even unseen.

const hues = ['blue', 'orange', 'teal', 'grape', 'lime', 'red', 'cyan', 'pink', 'yellow', 'indigo', 'green', 'violet'];

/** A theme colour for the `index`th series, distinct for the first 24 (then repeating). */
export function seriesColor(index: number): string {
  const hue = hues[index % hues.length];
  const shade = Math.floor(index / hues.length) % 2 === 0 ? 6 : 9;
  return `var(--mantine-color-${hue}-${shade})`;
}

/**
 * Fills the card's width. Its box is laid out first, at the chart's height, and measured in a
 * layout effect, so the chart's first layout is at its real width (started at a guessed width,
 * every chart was laid out again when ResponsiveContainer measured it) and is done before the
 * dashboards' `onRendered` a frame later. Resizes are ResponsiveContainer's. (jsdom measures
 * everything as 0 × 0; there the chart is left out.)
 */
function Frame(props: { height: number; onVisit: () => void; children: ReactElement }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => setWidth(Math.round(box.current?.getBoundingClientRect().width ?? 0)), []);
  return (
    <div ref={box} style={{ height: props.height }} onPointerEnter={props.onVisit} onFocus={props.onVisit}>
      {width > 0 && (
        <ResponsiveContainer width="100%" height={props.height} initialDimension={{ width, height: props.height }}>
          {props.children}
        </ResponsiveContainer>
      )}
    </div>
  );
}

const noLines = () => [];

/** Whether a pointer or the keyboard has come to the chart yet, and the handler that records it. */
function useVisited(): [boolean, () => void] {
  const [visited, setVisited] = useState(false);
  return [visited, () => setVisited(true)];
}

/** The series' colours and names, in the order given. */
function SeriesLegend(props: { series: { name: string; color: string }[] }) {
  return (
    <Group component="ul" gap="xs" justify="center" m={0} p={0} style={{ listStyle: 'none' }}>
      {props.series.map((item, index) => (
        <Group component="li" key={index} gap={4} wrap="nowrap">
          <span aria-hidden style={{ width: 10, height: 10, borderRadius: 2, background: item.color }} />
          <Text span fz={11}>
            {item.name}
          </Text>
        </Group>
      ))}
    </Group>
  );
}

/** Where recharts puts a tick label's baseline for its vertical anchor, as its <Text> does. */
const baselineShift = { start: '0.71em', middle: '0.355em', end: '0' } as const;

/** A tick label as plain <text>, formatted by the axis' `tickFormatter`. */
function PlainTick(props: XAxisTickContentProps | YAxisTickContentProps) {
  const value = props.payload.value;
  return (
    <text className={props.className} x={props.x} y={props.y} dy={baselineShift[props.verticalAnchor]} textAnchor={props.textAnchor} fontSize={11} fill="currentColor">
      {props.tickFormatter ? props.tickFormatter(value, props.index) : String(value)}
    </text>
  );
}

/** A case manager's name beside their bar, shortened to fit the axis; the tables have it in full. */
function NameTick(props: YAxisTickContentProps) {
  const name = String(props.payload.value);
  return (
    <text x={props.x} y={props.y} dy={4} textAnchor="end" fontSize={11} fill="currentColor">
      {name.length > 18 ? `${name.slice(0, 17)}…` : name}
    </text>
  );
}

/** A series' data key; zero-padded so that sorting by key keeps the series in the order given. */
function seriesKey(index: number): string {
  return `s${String(index).padStart(3, '0')}`;
}

function tooltipFormatter(format: (value: number) => string) {
  return (value: unknown) => (typeof value === 'number' ? format(value) : '—');
}

/** One line per case manager: rulings in each period (day or week). */
export function RulingsChart(props: {
  title: string;
  periods: string[];
  series: { name: string; counts: readonly number[] }[];
  formatPeriod: (day: string) => string;
  formatCount: (count: number) => string;
}) {
  const { periods, series } = props;
  const [visited, visit] = useVisited();
  const data = useMemo(
    () =>
      periods.map((period, index) => {
        const row: Record<string, string | number> = { period };
        series.forEach((line, lineIndex) => {
          row[seriesKey(lineIndex)] = line.counts[index] ?? 0;
        });
        return row;
      }),
    [periods, series],
  );
  const legend = useMemo(() => series.map((line, index) => ({ name: line.name, color: seriesColor(index) })), [series]);
  return (
    <>
      <Frame height={270} onVisit={visit}>
        <LineChart data={data} title={props.title} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} verticalCoordinatesGenerator={noLines} />
          <XAxis dataKey="period" tickFormatter={props.formatPeriod} interval={Math.ceil(periods.length / 10) - 1} tick={PlainTick} />
          <YAxis allowDecimals={false} width={40} interval={0} tick={PlainTick} />
          {visited && <Tooltip labelFormatter={(label) => props.formatPeriod(String(label))} formatter={tooltipFormatter(props.formatCount)} itemSorter="dataKey" />}
          {series.map((line, index) => (
            <Line
              key={index}
              dataKey={seriesKey(index)}
              name={line.name}
              type="linear"
              stroke={seriesColor(index)}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </Frame>
      <SeriesLegend series={legend} />
    </>
  );
}

/** A row of {@link HorizontalBars}: its label and one value per series (null: nothing to show). */
export interface BarRow {
  name: string;
  values: (number | null)[];
}

/**
 * Horizontal bars, one row per case manager (and the team), one bar per series, or the series
 * stacked when `stacked` (the outcome mix, whose shares add up to 1).
 */
export function HorizontalBars(props: {
  title: string;
  rows: BarRow[];
  series: { name: string; color: string }[];
  format: (value: number) => string;
  stacked?: boolean;
  domain?: [number, number];
}) {
  const { rows, series } = props;
  const data = useMemo(
    () =>
      rows.map((row) => {
        const datum: Record<string, string | number | null> = { name: row.name };
        row.values.forEach((value, index) => {
          datum[seriesKey(index)] = value;
        });
        return datum;
      }),
    [rows],
  );
  const [visited, visit] = useVisited();
  const rowHeight = props.stacked ? 26 : 8 + 14 * series.length;
  return (
    <>
      <Frame height={rows.length * rowHeight + 36} onVisit={visit}>
        <BarChart data={data} layout="vertical" title={props.title} margin={{ top: 4, right: 16, bottom: 0, left: 0 }} barCategoryGap={4}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} horizontalCoordinatesGenerator={noLines} />
          <XAxis type="number" domain={props.domain ?? [0, 'auto']} tickFormatter={props.format} interval={0} tick={PlainTick} />
          <YAxis type="category" dataKey="name" width={120} interval={0} tick={NameTick} />
          {visited && <Tooltip formatter={tooltipFormatter(props.format)} itemSorter="dataKey" />}
          {series.map((bar, index) => (
            <Bar key={index} dataKey={seriesKey(index)} name={bar.name} fill={bar.color} stackId={props.stacked ? 'stack' : undefined} isAnimationActive={false} />
          ))}
        </BarChart>
      </Frame>
      {series.length > 1 && <SeriesLegend series={series} />}
    </>
  );
}
