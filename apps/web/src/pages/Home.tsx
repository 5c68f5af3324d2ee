import { Link } from "react-router";
import { useAuth } from "../auth.ts";

export function Home() {
  const { user } = useAuth();
  return (
    <section className="hero">
      <h1>{user ? `Welcome back, ${user.username}` : "Parking, sorted."}</h1>
      <p className="lead">Find a lot, reserve a spot for when you need it or park on arrival, and pay as you leave.</p>
      <p className="actions">
        <Link className="button" to="/lots">
          Find a lot
        </Link>
        {user ? (
          <Link className="button button-quiet" to="/reservations">
            Your reservations
          </Link>
        ) : (
          <>
            <Link className="button button-quiet" to="/sign-up">
              Create an account
            </Link>
            <Link className="button button-quiet" to="/sign-in">
              Sign in
            </Link>
          </>
        )}
      </p>
    </section>
  );
}
