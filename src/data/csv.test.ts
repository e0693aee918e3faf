import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads a header and plain rows with line numbers', () => {
    const result = parseCsv('a,b,c\n1,2,3\n4,5,6\n', 'x.csv');
    expect(result.header).toEqual(['a', 'b', 'c']);
    expect(result.rows).toEqual([
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4', '5', '6'] },
    ]);
    expect(result.issues).toEqual([]);
  });

  it('handles quoted commas, doubled quotes and empty fields', () => {
    const text =
      'id,title,genres\n1,"Good, the Bad and the Ugly, The (1966)",Western\n2,"11\'09""01 (2002)",\n3,,""\n';
    const { rows, issues } = parseCsv(text, 'movies.csv');
    expect(issues).toEqual([]);
    expect(rows.map((r) => r.fields)).toEqual([
      ['1', 'Good, the Bad and the Ugly, The (1966)', 'Western'],
      ['2', `11'09"01 (2002)`, ''],
      ['3', '', ''],
    ]);
  });

  it('keeps newlines inside quotes and numbers records by their first physical line', () => {
    const text = 'a,b\n1,"two\nlines"\n2,"three\r\nmore\nlines"\n3,x\n';
    const { rows, issues } = parseCsv(text, 'x.csv');
    expect(issues).toEqual([]);
    expect(rows).toEqual([
      { line: 2, fields: ['1', 'two\nlines'] },
      { line: 4, fields: ['2', 'three\r\nmore\nlines'] },
      { line: 7, fields: ['3', 'x'] },
    ]);
  });

  it('accepts CRLF, strips a BOM, ignores blank lines and a missing final newline', () => {
    const text = '\uFEFFa,b\r\n1,2\r\n\r\n\n3,4';
    const { header, rows, issues } = parseCsv(text, 'x.csv');
    expect(header).toEqual(['a', 'b']);
    expect(rows).toEqual([
      { line: 2, fields: ['1', '2'] },
      { line: 5, fields: ['3', '4'] },
    ]);
    expect(issues).toEqual([]);
  });

  it('reports an unterminated quote at its line and keeps reading the next line', () => {
    const text = 'a,b\n1,ok\n2,"broken\n3,fine\n';
    const { rows, issues } = parseCsv(text, 'movies.csv');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'movies.csv', line: 3 });
    expect(issues[0]?.message).toMatch(/unterminated/);
    expect(rows).toEqual([
      { line: 2, fields: ['1', 'ok'] },
      { line: 4, fields: ['3', 'fine'] },
    ]);
  });

  it('reports text after a closing quote and skips that record only', () => {
    const { rows, issues } = parseCsv('a,b\n1,"x"y\n2,z\n', 'x.csv');
    expect(issues).toEqual([expect.objectContaining({ line: 2 })]);
    expect(rows).toEqual([{ line: 3, fields: ['2', 'z'] }]);
  });

  it('returns an empty header for empty text', () => {
    expect(parseCsv('', 'x.csv')).toEqual({ header: [], rows: [], issues: [] });
    expect(parseCsv('\n\n', 'x.csv')).toEqual({ header: [], rows: [], issues: [] });
  });

  it('reads 100k rows', () => {
    const lines = ['userId,movieId,rating,timestamp'];
    for (let k = 0; k < 100_000; k++) lines.push(`${k % 610},${k},4.5,964982703`);
    const { rows, issues } = parseCsv(lines.join('\n'), 'ratings.csv');
    expect(issues).toEqual([]);
    expect(rows).toHaveLength(100_000);
    expect(rows[99_999]).toEqual({ line: 100_001, fields: ['569', '99999', '4.5', '964982703'] });
  });
});
