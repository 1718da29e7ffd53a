import { lazy, Suspense, useEffect, useRef } from 'react';
import { NavLink, Route, Routes, Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SearchPage } from './pages/SearchPage';
import { CertificationPage } from './pages/CertificationPage';
import { ModelPage } from './pages/ModelPage';
import { ExplainPage } from './pages/ExplainPage';
import { RecognitionsPage } from './pages/RecognitionsPage';
import { FrameworkPage, FrameworksPage } from './pages/FrameworksPage';
import { PageErrorBoundary } from './error-boundary';

// The verifier (jose, WebCrypto) is loaded only by those who open it.
const VerifyPage = lazy(() => import('./pages/VerifyPage'));
// The public-sector baseline (charts) too: it is not part of the first load.
const PublicSectorPage = lazy(() => import('./pages/PublicSectorPage'));

/** The main navigation, in order; `/` (search) is current only on itself. */
const NAV = [
  { to: '/', label: 'nav.search' },
  { to: '/explain', label: 'nav.explain' },
  { to: '/recognitions', label: 'nav.recognitions' },
  { to: '/frameworks', label: 'nav.frameworks' },
  { to: '/public-sector', label: 'nav.publicSector' },
  { to: '/verify', label: 'nav.verify' },
] as const;

const NotFound = () => {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('app.notFound')}</h1>
      <p>{t('app.notFoundText')}</p>
      <Link to="/">{t('app.home')}</Link>
    </>
  );
};

/**
 * A path with a broken percent-escape (`/models/%ZZ`) names no page (the server answers it 404 with this app too):
 * null. The decoded path is returned, not thrown away: a minifier drops a call to decodeURIComponent whose result
 * is unused, and with it the exception.
 */
const decodedPath = (path: string): string | null => {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
};

/**
 * After a navigation inside the app, focus moves to the new page's content (as a full page load would put a screen
 * reader at the top); not on the first load, and not when only the query string changes (a search or a page of
 * results, where the reader stays on the control they used).
 */
const useFocusOnNavigation = () => {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus();
  }, [pathname]);
};

export const App = () => {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'zh-Hant' ? 'en' : 'zh-Hant';
  const { pathname, search } = useLocation();
  useFocusOnNavigation();
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="site-header">
        <div className="brand">
          <Link to="/" className="brand-name">
            {t('app.title')}
          </Link>
          <p className="tagline">{t('app.tagline')}</p>
        </div>
        <button
          type="button"
          className="language"
          lang={other}
          aria-label={t('app.switchToLabel')}
          onClick={() => void i18n.changeLanguage(other)}
          data-testid="language-switch"
        >
          {t('app.switchTo')}
        </button>
        <nav aria-label={t('nav.main')}>
          <ul>
            {NAV.map(({ to, label }) => (
              <li key={to}>
                <NavLink to={to} end={to === '/'}>
                  {t(label)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <PageErrorBoundary resetKey={pathname + search}>
          <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
            {decodedPath(pathname) !== null ? (
              <Routes>
                <Route path="/" element={<SearchPage />} />
                <Route path="/certifications" element={<SearchPage />} />
                <Route path="/certifications/:id" element={<CertificationPage />} />
                <Route path="/models/:id" element={<ModelPage />} />
                <Route path="/explain" element={<ExplainPage />} />
                <Route path="/recognitions" element={<RecognitionsPage />} />
                <Route path="/recognitions/:jurisdiction" element={<RecognitionsPage />} />
                <Route path="/frameworks" element={<FrameworksPage />} />
                <Route path="/frameworks/:id" element={<FrameworkPage />} />
                <Route path="/public-sector" element={<PublicSectorPage />} />
                <Route path="/verify" element={<VerifyPage />} />
                <Route path="*" element={<NotFound />} />
              </Routes>
            ) : (
              <NotFound />
            )}
          </Suspense>
        </PageErrorBoundary>
      </main>
      <footer className="site-footer">
        <p>{t('app.illustrative')}</p>
        <p>
          {t('app.developers')}: <a href="/graphql">{t('app.api')}</a> · <a href="/health/ready">{t('app.health')}</a> ·{' '}
          <a href="/metrics">{t('app.metrics')}</a> · <a href="/.well-known/jwks.json">{t('app.keys')}</a>
        </p>
      </footer>
    </>
  );
};
