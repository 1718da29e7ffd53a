import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** What a reader sees instead of a page that failed to render: in their language, with a way back and a retry. */
const Crashed = ({ onRetry }: { onRetry: () => void }) => {
  const { t } = useTranslation();
  return (
    <div data-testid="page-crashed">
      <h1>{t('app.crashed')}</h1>
      <p role="alert">{t('app.crashedText')}</p>
      <p className="actions">
        <button type="button" onClick={onRetry}>
          {t('app.retry')}
        </button>{' '}
        <Link to="/">{t('app.home')}</Link>
      </p>
    </div>
  );
};

/**
 * Around the routes: a page that throws while rendering (a malformed answer, a chunk that failed to load, a bug)
 * shows "something went wrong" under the site's header and navigation instead of React unmounting everything
 * (a blank page). A new address (`resetKey`) or "try again" renders the page again.
 */
export class PageErrorBoundary extends Component<{ resetKey: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidUpdate(previous: { resetKey: string }): void {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }

  override render(): ReactNode {
    return this.state.failed ? <Crashed onRetry={() => this.setState({ failed: false })} /> : this.props.children;
  }
}
