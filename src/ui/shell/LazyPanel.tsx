/**
 * A panel whose code loads on demand (React.lazy inside): `loading` stands in its place until the
 * chunk arrives; a chunk that cannot be loaded (offline before it was saved, a deploy that replaced
 * it) is said by `failed` in the panel's place, and the page stays. Shared by the evaluation
 * panels, the training panel and New arrivals.
 */
import { Component, Suspense, type ReactNode } from 'react';

interface Props {
  loading: ReactNode;
  failed: (message: string) => ReactNode;
  children: ReactNode;
}

/** Catches a failed load of the chunk: the panel says so instead of the page going blank. */
class LoadFailed extends Component<Omit<Props, 'loading'>, { error: string | null }> {
  override state = { error: null as string | null };
  static getDerivedStateFromError(e: unknown) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  override render() {
    return this.state.error === null ? this.props.children : this.props.failed(this.state.error);
  }
}

export function LazyPanel({ loading, failed, children }: Props) {
  return (
    <LoadFailed failed={failed}>
      <Suspense fallback={loading}>{children}</Suspense>
    </LoadFailed>
  );
}
