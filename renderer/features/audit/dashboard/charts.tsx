import { useMemo, type ReactElement } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, type YAxisTickContentProps } from 'recharts';

// The dashboards draw seven charts at once, so each is kept cheap: no animation, and axes that
// never ask the DOM how wide a label is (recharts measures every tick label it might hide or wrap;
// a numeric `interval` and plain <text> ticks skip that).

const hues = ['blue', 'orange', 'teal', 'grape', 'lime', 'red', 'cyan', 'pink', 'yellow', 'indigo', 'green', 'violet'];

/** A theme colour for the `index`th series, distinct for the first 24 (then repeating). */
export function seriesColor(index: number): string {
  const hue = hues[index % hues.length];
  const shade = Math.floor(index / hues.length) % 2 === 0 ? 6 : 9;
  return `var(--mantine-color-${hue}-${shade})`;
}

/**
 * Fills the card's width. The initial size lets the chart draw on the dashboards' first render,
 * before its container is measured, so that `onRendered` a frame later finds every chart drawn.
 * (jsdom measures everything as 0 × 0; there the chart is left out, without a warning.)
 */
function Frame(props: { height: number; children: ReactElement }) {
  return (
    <ResponsiveContainer width="100%" height={props.height} initialDimension={{ width: 520, height: props.height }}>
      {props.children}
    </ResponsiveContainer>
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
  return (
    <Frame height={300}>
      <LineChart data={data} title={props.title} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="period" tickFormatter={props.formatPeriod} interval={Math.ceil(periods.length / 10) - 1} fontSize={11} />
        <YAxis allowDecimals={false} width={40} interval={0} fontSize={11} />
        <Tooltip labelFormatter={(label) => props.formatPeriod(String(label))} formatter={tooltipFormatter(props.formatCount)} itemSorter="dataKey" />
        <Legend wrapperStyle={{ fontSize: 11 }} itemSorter="dataKey" />
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
  const rowHeight = props.stacked ? 26 : 8 + 14 * series.length;
  const withLegend = series.length > 1;
  return (
    <Frame height={rows.length * rowHeight + (withLegend ? 64 : 36)}>
      <BarChart data={data} layout="vertical" title={props.title} margin={{ top: 4, right: 16, bottom: 0, left: 0 }} barCategoryGap={4}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" domain={props.domain ?? [0, 'auto']} tickFormatter={props.format} interval={0} fontSize={11} />
        <YAxis type="category" dataKey="name" width={120} interval={0} tick={NameTick} />
        <Tooltip formatter={tooltipFormatter(props.format)} itemSorter="dataKey" />
        {withLegend && <Legend wrapperStyle={{ fontSize: 11 }} itemSorter="dataKey" />}
        {series.map((bar, index) => (
          <Bar key={index} dataKey={seriesKey(index)} name={bar.name} fill={bar.color} stackId={props.stacked ? 'stack' : undefined} isAnimationActive={false} />
        ))}
      </BarChart>
    </Frame>
  );
}
