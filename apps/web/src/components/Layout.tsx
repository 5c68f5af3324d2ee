import { useEffect } from "react";
import { Link, Outlet, useLocation, useMatches } from "react-router";
import { messageOf } from "../api.ts";
import { useAuth } from "../auth.ts";
import { canSee, type Access } from "./Guard.tsx";

export interface NavItem {
  to: string;
  label: string;
  access: Access;
}

export interface PageHandle {
  title: string;
}

export function Layout({ nav }: { nav: NavItem[] }) {
  const { state, user, signOut, retry, recheck } = useAuth();
  const { pathname } = useLocation();
  // The server applies role changes and disabling on the next call; each new page makes one.
  useEffect(() => recheck(), [pathname, recheck]);
  useDocumentTitle();
  const visible = nav.filter((item) => canSee(item.access, state));
  const current = currentItem(visible, pathname);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link to="/" className="brand" aria-label="Park home">
            <span className="brand-mark" aria-hidden="true">
              P
            </span>
            Park
          </Link>
          <nav aria-label="Main" className="nav">
            {visible.map((item) => (
              <Link
                key={item.to}
                to={item.to}
                className={item === current ? "nav-link active" : "nav-link"}
                aria-current={item === current ? "page" : undefined}
              >
                {item.label}
              </Link>
            ))}
          </nav>
          {user ? (
            <div className="account">
              <span className="account-name">
                Signed in as <strong>{user.username}</strong>
              </span>
              <button type="button" className="button button-quiet" onClick={signOut}>
                Sign out
              </button>
            </div>
          ) : null}
        </div>
      </header>
      {state.status === "unavailable" ? (
        <div className="banner" role="alert">
          {messageOf(state.error)}{" "}
          <button type="button" className="button button-quiet" onClick={retry}>
            Try again
          </button>
        </div>
      ) : null}
      <main id="main" className="content">
        <Outlet />
      </main>
      <footer className="footer">Park · parking made simple</footer>
    </div>
  );
}

/**
 * The link for where we are: the deepest one whose path holds the current one,
 * so /admin/occupancy marks "Occupancy board" and not also "Admin".
 */
function currentItem(items: NavItem[], pathname: string): NavItem | undefined {
  const holds = (to: string) => (to === "/" ? pathname === "/" : pathname === to || pathname.startsWith(`${to}/`));
  return items.filter((item) => holds(item.to)).sort((a, b) => b.to.length - a.to.length)[0];
}

function useDocumentTitle() {
  const matches = useMatches();
  const handle = matches.at(-1)?.handle as PageHandle | undefined;
  const title = handle?.title;
  useEffect(() => {
    document.title = title ? `${title} · Park` : "Park";
  }, [title]);
}
