/**
 * Static checks of the frontend sources: no HTML sinks anywhere in src/.
 */
import * as fs from 'fs';
import * as path from 'path';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__') {
        out.push(...sources(p));
      }
    } else if (/\.tsx?$/.test(entry.name)) {
      out.push(p);
    }
  }
  return out;
}

describe('frontend sources', () => {
  const files = sources(path.join(__dirname, '..'));

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(8);
  });

  it.each([
    'innerHTML',
    'outerHTML',
    'dangerouslySetInnerHTML',
    'insertAdjacentHTML',
    'document.write',
    'new Function',
    'eval(',
    'fetch('
  ])('never use %s', sink => {
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      expect({ file: f, found: text.includes(sink) }).toEqual({
        file: f,
        found: false
      });
    }
  });

  it('loads plotly only through a dynamic import', () => {
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      expect(/import\s+[^(]*from\s+['"]plotly/.test(text)).toBe(false);
    }
  });
});
