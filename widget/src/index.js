// Entry point of dist/cso-chat.js: registers <cso-chat> once, however often the script is included.
import { CsoChat } from "./cso-chat.js";

if (!customElements.get("cso-chat")) customElements.define("cso-chat", CsoChat);
