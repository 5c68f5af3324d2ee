import { createRouter, createWebHistory } from "vue-router";

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes: [
    { path: "/", component: () => import("./pages/KioskHome.vue"), meta: { title: "Park kiosk" } },
    { path: "/lots/:id", component: () => import("./pages/LobbyDisplay.vue"), props: true, meta: { title: "Park lobby display" } },
    { path: "/gate", component: () => import("./pages/GateKiosk.vue"), meta: { title: "Park gate" } },
    { path: "/:rest(.*)*", component: () => import("./pages/NotFoundPage.vue"), meta: { title: "Not found · Park kiosk" } },
  ],
});

router.afterEach((to) => {
  if (typeof to.meta.title === "string") document.title = to.meta.title;
});
