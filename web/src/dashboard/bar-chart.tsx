import { createEffect, createMemo, createUniqueId, For, onCleanup, onMount } from 'solid-js';
// Only what a horizontal bar chart needs, so the rest of Chart.js is tree-shaken away. This module
// is imported by the dashboard page alone, so Chart.js loads with that page's chunk only.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type Plugin } from 'chart.js';
import { formatNumber, formatPercent, locale } from '../i18n/locale.ts';
import { ratio, type ChartRow } from './dashboard-data.ts';
import { strings } from './strings.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** Height of one bar's band, in CSS pixels. */
const bandHeight = 28;

/** The page's design tokens (styles.css), so the canvas matches the HTML around it. */
function designTokens() {
  const style = getComputedStyle(document.documentElement);
  const token = (name: string) => style.getPropertyValue(name).trim();
  return {
    bar: token('--accent'),
    // "其他" is several units together: grey, not another hue, so no one has to tell colours apart.
    combinedBar: '#8c959f',
    text: token('--text'),
    muted: token('--muted'),
    line: token('--line'),
    font: style.fontFamily,
  };
}

/** Writes each bar's count at its end: the numbers are readable without hovering. */
function countLabels(color: string, font: string): Plugin<'bar'> {
  return {
    id: 'devolveCountLabels',
    afterDatasetsDraw(chart) {
      const values = chart.data.datasets[0]?.data ?? [];
      const { ctx } = chart;
      ctx.save();
      ctx.fillStyle = color;
      ctx.font = `13px ${font}`;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      chart.getDatasetMeta(0).data.forEach((bar, index) => {
        const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
        ctx.fillText(formatNumber(Number(values[index] ?? 0)), x + 6, y);
      });
      ctx.restore();
    },
  };
}

/**
 * A titled horizontal bar chart with its figures as a table (for screen readers, keyboard users
 * and anyone who wants exact numbers). `tableRows` can list more than the chart shows, e.g. every
 * unit where the chart shows the largest and "其他". Redraws when the rows or the language change.
 */
export function BarChartFigure(props: {
  title: string;
  category: string;
  rows: readonly ChartRow[];
  tableRows?: readonly ChartRow[];
  note?: string;
}) {
  const headingId = createUniqueId();
  const t = () => strings().charts;
  const tableRows = () => props.tableRows ?? props.rows;
  const total = createMemo(() => tableRows().reduce((sum, row) => sum + row.count, 0));
  let canvas!: HTMLCanvasElement;

  onMount(() => {
    const tokens = designTokens();
    const chart = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [{ data: [], backgroundColor: [], maxBarThickness: 20 }] },
      plugins: [countLabels(tokens.text, tokens.font)],
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        // Room on the right for the count written after the longest bar.
        layout: { padding: { right: 56 } },
        font: { family: tokens.font },
        scales: {
          x: {
            beginAtZero: true,
            grid: { color: tokens.line },
            border: { display: false },
            ticks: { color: tokens.muted, precision: 0, callback: (value) => formatNumber(Number(value)) },
          },
          y: {
            grid: { display: false },
            ticks: { color: tokens.text, autoSkip: false, font: { family: tokens.font, size: 13 } },
          },
        },
        plugins: {
          tooltip: {
            displayColors: false,
            callbacks: { label: (item) => formatNumber(item.parsed.x ?? 0) },
          },
        },
      },
    });
    onCleanup(() => chart.destroy());

    createEffect(() => {
      const rows = props.rows;
      const dataset = chart.data.datasets[0]!;
      chart.data.labels = rows.map((row) => row.label);
      dataset.data = rows.map((row) => row.count);
      dataset.backgroundColor = rows.map((row) => (row.combined ? tokens.combinedBar : tokens.bar));
      // Tick and tooltip numbers are formatted at draw time: redraw in the new language.
      chart.options.locale = locale();
      chart.update();
    });
  });

  return (
    <figure class="chart" aria-labelledby={headingId}>
      <h3 id={headingId}>{props.title}</h3>
      {props.note && <p class="chart-note muted">{props.note}</p>}
      <div class="chart-canvas" style={{ height: `${props.rows.length * bandHeight + 40}px` }}>
        <canvas ref={canvas} role="img" aria-label={t().canvasLabel(props.title)} />
      </div>
      <details class="chart-table">
        <summary>{t().showTable}</summary>
        <table class="data-table">
          <caption class="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.category}</th>
              <th scope="col" class="num">
                {t().count}
              </th>
              <th scope="col" class="num">
                {t().share}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={tableRows()}>
              {(row) => (
                <tr>
                  <th scope="row">{row.label}</th>
                  <td class="num">{formatNumber(row.count)}</td>
                  <td class="num">{formatPercent(ratio(row.count, total()))}</td>
                </tr>
              )}
            </For>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t().total}</th>
              <td class="num">{formatNumber(total())}</td>
              <td class="num">{formatPercent(1)}</td>
            </tr>
          </tfoot>
        </table>
      </details>
    </figure>
  );
}
