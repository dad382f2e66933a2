// Entry module listed before the playground's main.js: starts the engine worker at once (engine-early.js).
import {startEngineEarly} from "../engine-early.js";

startEngineEarly();
