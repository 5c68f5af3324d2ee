import { createPark } from "@park/sdk/vue";
import { createApp } from "vue";
import KioskApp from "./KioskApp.vue";
import { park, tokens } from "./api.ts";
import { router } from "./router.ts";
import "./styles.css";

createApp(KioskApp)
  .use(createPark({ client: park, tokens }))
  .use(router)
  .mount("#app");
