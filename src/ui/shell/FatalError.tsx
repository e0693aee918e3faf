/** An unrecoverable error (e.g. a damaged model file), in plain words, instead of a blank page. */
export function FatalError({ message }: { message: string }) {
  return (
    <div className="card fatal" role="alert" data-testid="fatal-error">
      <h2>The recommender could not start</h2>
      <p>{message}</p>
      <p className="card-sub">
        Nothing you rated is lost: your ratings stay in this browser. Try reloading; if it keeps happening,
        the model files on this site need to be rebuilt.
      </p>
      <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
