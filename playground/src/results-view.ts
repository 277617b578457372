// The Run panel: each segment's size as a number and a bar, its time, and a few
// members of the segment picked (or the error that stopped it).
import type { RunResult, SegmentOutcome } from './protocol.js';

export function renderResults(container: HTMLElement, result: RunResult, onPick: (segment: string) => void): void {
    container.replaceChildren();
    const largest = Math.max(1, ...result.segments.map(s => s.count ?? 0));
    const table = el('table', { class: 'results' });
    table.append(el('thead', {}, el('tr', {}, el('th', {}, 'Segment'), el('th', { class: 'num' }, 'Contacts'), el('th', {}, ''), el('th', { class: 'num' }, 'Time'))));
    const body = el('tbody');
    for (const s of result.segments) {
        const row = el('tr', { 'data-segment': s.name, tabindex: '0' });
        const bar = el('div', { class: 'bar' });
        bar.style.width = `${s.count === undefined ? 0 : Math.max(s.count > 0 ? 1 : 0, (100 * s.count) / largest)}%`;
        row.append(
            el('td', { class: 'name' }, s.name),
            el('td', { class: `num count${s.error ? ' failed' : ''}` }, s.error ? 'failed' : s.count!.toLocaleString('en-US')),
            el('td', { class: 'barcell' }, bar),
            el('td', { class: 'num time' }, `${s.ms.toFixed(0)} ms`),
        );
        row.addEventListener('click', () => onPick(s.name));
        row.addEventListener('keydown', e => { if (e.key === 'Enter') onPick(s.name); });
        body.append(row);
    }
    table.append(body);
    container.append(table);
}

export function renderMembers(container: HTMLElement, segment: SegmentOutcome | undefined): void {
    container.replaceChildren();
    if (!segment) return;
    if (segment.error) {
        container.append(el('p', { class: 'error' }, segment.error));
        return;
    }
    container.append(el('h3', {}, `${segment.name}: ${segment.count!.toLocaleString('en-US')} contacts${segment.count! > segment.sample.length ? `, the first ${segment.sample.length}` : ''}`));
    const list = el('ul', { class: 'members' });
    for (const m of segment.sample) {
        list.append(el('li', {}, el('span', { class: 'who' }, m.name ?? '(no name)'), ' ', el('span', { class: 'email' }, m.email ?? ''), ' ', el('code', {}, m.id)));
    }
    container.append(list);
}

export function el(tag: string, attributes: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElement {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
    node.append(...children);
    return node;
}
