/**
 * The evaluation panels: the shipped offline evaluation and the interview strategies. Loaded on
 * demand (EvalHost imports this module), so recharts, which draws only these charts, comes with
 * them and not with the page's first load.
 */
import { EvalCharts } from './EvalCharts';
import { InterviewChart } from './InterviewChart';

export function EvalPanels() {
  return (
    <>
      <EvalCharts />
      <InterviewChart />
    </>
  );
}
