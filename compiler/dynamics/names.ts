// Dynamics segment names → Seg identifiers: "All from Seattle (2024)" → AllFromSeattle2024.
// PascalCase never collides with Seg's lower-case keywords; a name taken twice gets _2, _3, ….

export class SegmentNames {
    private readonly taken = new Set<string>();

    /** A fresh identifier for this name. */
    claim(name: string): string {
        const base = toIdentifier(name);
        let id = base;
        for (let i = 2; this.taken.has(id.toLowerCase()); i++) id = `${base}_${i}`;
        this.taken.add(id.toLowerCase());
        return id;
    }
}

export function toIdentifier(name: string): string {
    // Back-end names (SEGMENT_CRM_ID_…) are identifiers already: keep them recognisable.
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && /[A-Z]/.test(name[0])) return name;
    const words = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^A-Za-z0-9]+/).filter(Boolean);
    const id = words.map(w => w[0].toUpperCase() + w.slice(1)).join('');
    if (!id) return 'Imported';
    return /^[0-9]/.test(id) ? `Segment${id}` : id;
}
