/**
 * Bar charts for the dashboard, from Chart.js with only the parts a bar chart needs registered
 * (tree-shaken), in a chunk of its own loaded by the dashboard alone.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  values: number[];
}

const COLOURS = ['#b71c1c', '#1565c0', '#2e7d32', '#8a4b00'];

export function drawBarChart(canvas: HTMLCanvasElement, labels: string[], series: Series[]): () => void {
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((one, index) => ({
        label: one.label,
        data: one.values,
        backgroundColor: COLOURS[index % COLOURS.length] as string,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: series.length > 1 } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
  return () => chart.destroy();
}
