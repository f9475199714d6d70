// anywidget entry: lime_widgets/static/widget.js
import { render } from "./render.js";

export default { render };
