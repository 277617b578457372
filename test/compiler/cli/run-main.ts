// Runs `seg` in process and collects what it writes (no colour).
import { main } from '../../../compiler/cli/main.js';

export interface MainResult { code: number; out: string; err: string }

export async function runMain(...args: string[]): Promise<MainResult> {
    const out: string[] = [], err: string[] = [];
    const code = await main([...args, '--no-color'], { out: t => out.push(t), err: t => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
}
