// What every command gets: where to write, and how to style it.
import type { Style } from '../report/terminal.js';

export interface CommandContext {
    out(text: string): void;
    err(text: string): void;
    style: Style;
    errStyle: Style;
}
