import { useAppStore } from '../../state/store';
import { Panel } from './Panel';

/** What meta-learning does here, in plain words, and the data's attribution and license. */
export function AboutPanel({ onClose }: { onClose: () => void }) {
  const model = useAppStore((s) => s.model);
  const method = model?.methods.find((m) => m.name === model.appMethod);
  const list = method?.objective === 'list';
  return (
    <Panel title="About warmstart" onClose={onClose} testId="about-panel">
      <h3>The cold-start problem</h3>
      <p>
        A recommender usually needs many of your ratings before it knows your taste. A newcomer has none: that
        is the <em>cold start</em>. This page shows one way out,
        <strong> meta-learning</strong>.
      </p>
      <h3>What was learned in advance</h3>
      <p>
        Offline, the model practised on thousands of past users: again and again it was shown a few ratings of
        one person, took a few small learning steps on them, and was graded on how well it then{' '}
        {list
          ? 'ranked the whole catalog: whether the movies that person liked (4 stars or more) came out near the top'
          : 'predicted that person’s other ratings'}
        . What it learned is not one person’s taste but <em>a good starting point and a good way to learn</em>{' '}
        from a few ratings: a starting profile and step sizes from which a handful of steps lands close to
        anyone.
      </p>
      <h3>What happens when you rate</h3>
      <p>
        Your profile is a short list of numbers (a point on the map). After every rating, your browser starts
        again from the learned starting point and takes
        {method && method.innerSteps > 0 ? ` ${method.innerSteps}` : ' a few'} gradient steps to fit your
        ratings{list ? ': movies you rated highly rise in its ranking, ones you disliked sink' : ''}. The
        chart shows the {list ? 'loss' : 'error'} on your ratings falling with each step; the map shows your
        point moving. Then every movie is scored against your profile and the best ones you have not rated are
        recommended.
        {list &&
          (method?.stars
            ? ' The stars on each card come from a simpler rating model (each movie’s average, shifted by how you rate); the order comes from the ranking.'
            : ' The ranking predicts no stars, so the cards show none.')}
        {method && ` The method used is ${method.label}.`}
      </p>
      <h3>Your privacy</h3>
      <p>
        Everything runs on this page, in a background thread of your browser (TensorFlow.js on WebGPU, WebGL,
        WebAssembly or the CPU). Your ratings are kept in this browser’s local storage and never sent
        anywhere; after the model has loaded, the page makes no requests to other sites. Reset forgets them.
      </p>
      <h3>Data and license</h3>
      <p className="attribution">{model?.attribution || 'Model not loaded yet.'}</p>
      <p className="card-sub">
        The MovieLens data sets were collected by GroupLens Research at the University of Minnesota (F.
        Maxwell Harper and Joseph A. Konstan, “The MovieLens Datasets: History and Context”, ACM TiiS 5(4),
        2015). They are used here for research and education under GroupLens’s terms; this project is not
        endorsed by the University of Minnesota or GroupLens.
      </p>
      {model && (
        <p className="card-sub">
          Model trained {model.createdAt ? new Date(model.createdAt).toLocaleDateString() : ''} on{' '}
          {model.dataSource || 'its data set'}; {model.methods.length} methods shipped, embedding size{' '}
          {model.dim}.
        </p>
      )}
    </Panel>
  );
}
