import { lazy, Suspense, type ReactNode } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";
import { Guard, type Access } from "./components/Guard.tsx";
import { Layout, type NavItem, type PageHandle } from "./components/Layout.tsx";
import { Loading } from "./components/Loading.tsx";
import { Admin } from "./pages/Admin.tsx";
import { AdminLots } from "./pages/admin/AdminLots.tsx";
import { AdminUsers } from "./pages/admin/AdminUsers.tsx";
import { AuditLog } from "./pages/admin/AuditLog.tsx";
import { EditLot } from "./pages/admin/EditLot.tsx";
import { JobsAndMail } from "./pages/admin/JobsAndMail.tsx";
import { NewLot } from "./pages/admin/NewLot.tsx";
import { Occupancy } from "./pages/admin/Occupancy.tsx";
import { Gate } from "./pages/Gate.tsx";
import { Home } from "./pages/Home.tsx";
import { LotPage } from "./pages/LotPage.tsx";
import { Lots } from "./pages/Lots.tsx";
import { NotFound } from "./pages/NotFound.tsx";
import { Profile } from "./pages/Profile.tsx";
import { Reservations } from "./pages/Reservations.tsx";
import { Sessions } from "./pages/Sessions.tsx";
import { SignIn } from "./pages/SignIn.tsx";
import { SignUp } from "./pages/SignUp.tsx";
import { Vehicles } from "./pages/Vehicles.tsx";

// The charts library is loaded with the page that draws charts, not with the app.
const Reports = lazy(() => import("./pages/admin/Reports.tsx").then((module) => ({ default: module.Reports })));

interface Page {
  path: string;
  title: string;
  access: Access;
  element: ReactNode;
  /** Label in the main navigation, shown to those `access` lets in. */
  nav?: string;
}

// Every page of the app. A new page is one line here; the guard and the
// navigation follow from `access`.
export const pages: Page[] = [
  { path: "/", title: "Welcome", access: "anyone", element: <Home /> },
  { path: "/lots", title: "Find a lot", access: "anyone", element: <Lots />, nav: "Find a lot" },
  { path: "/lots/:id", title: "Lot", access: "anyone", element: <LotPage /> },
  { path: "/vehicles", title: "My vehicles", access: "user", element: <Vehicles />, nav: "Vehicles" },
  { path: "/reservations", title: "My reservations", access: "user", element: <Reservations />, nav: "Reservations" },
  { path: "/sessions", title: "Parking", access: "user", element: <Sessions />, nav: "Parking" },
  { path: "/gate", title: "Gate", access: "staff", element: <Gate />, nav: "Gate" },
  { path: "/admin/occupancy", title: "Occupancy board", access: "staff", element: <Occupancy />, nav: "Occupancy board" },
  { path: "/profile", title: "Profile", access: "user", element: <Profile />, nav: "Profile" },
  { path: "/admin", title: "Admin console", access: "admin", element: <Admin />, nav: "Admin" },
  { path: "/admin/lots", title: "Lots", access: "admin", element: <AdminLots /> },
  { path: "/admin/lots/new", title: "New lot", access: "admin", element: <NewLot /> },
  { path: "/admin/lots/:id/edit", title: "Edit lot", access: "admin", element: <EditLot /> },
  { path: "/admin/users", title: "Users", access: "admin", element: <AdminUsers /> },
  { path: "/admin/audit", title: "Audit log", access: "admin", element: <AuditLog /> },
  { path: "/admin/jobs", title: "Jobs & mail", access: "admin", element: <JobsAndMail /> },
  {
    path: "/admin/reports",
    title: "Reports",
    access: "admin",
    element: (
      <Suspense fallback={<Loading what="Loading reports…" />}>
        <Reports />
      </Suspense>
    ),
  },
  { path: "/sign-in", title: "Sign in", access: "guest", element: <SignIn />, nav: "Sign in" },
  { path: "/sign-up", title: "Create account", access: "guest", element: <SignUp />, nav: "Create account" },
  { path: "*", title: "Not found", access: "anyone", element: <NotFound /> },
];

const nav: NavItem[] = pages.flatMap((page) => (page.nav ? [{ to: page.path, label: page.nav, access: page.access }] : []));

const routes: RouteObject[] = [
  {
    element: <Layout nav={nav} />,
    children: pages.map((page) => ({
      path: page.path,
      handle: { title: page.title } satisfies PageHandle,
      element: <Guard access={page.access}>{page.element}</Guard>,
    })),
  },
];

export const router = createBrowserRouter(routes);
