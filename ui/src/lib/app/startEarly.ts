// Imported first by main.ts, for its side effect: the first document is asked for at once
// (see early.ts).
import { beginEarlyOpen } from "./early";

beginEarlyOpen();
