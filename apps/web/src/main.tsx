import { ParkProvider } from "@park/sdk/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router/dom";
import { api, queryClient, tokens } from "./api.ts";
import { router } from "./routes.tsx";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

createRoot(root).render(
  <StrictMode>
    <ParkProvider client={api} queryClient={queryClient} tokens={tokens}>
      <RouterProvider router={router} />
    </ParkProvider>
  </StrictMode>,
);
