/**
 * Where in the document a compile error is: the JSON path the server answers with and the editor
 * highlights, worked out once in the engine.
 */
import { describe, expect, it } from 'vitest';
import { compileErrorPath, compilePolicy, type CompileError } from '../../src/index.js';

const T = { id: 't', type: 'trigger', data: { events: ['lead.created'] } };
const notify = { id: 'n', type: 'notify', data: { to: [{ kind: 'team', id: 'ae' }], message: { en: 'hi', zh: '你好' } } };
const doc = (nodes: unknown[], edges: unknown[]) => ({ key: 'k', kind: 'routing', name: 'k', nodes, edges });

function pathsOf(document: unknown): Array<[CompileError['code'], string]> {
  const r = compilePolicy(document);
  if (r.ok) throw new Error('expected compile errors');
  return r.errors.map((e) => [e.code, compileErrorPath(e, document)]);
}

describe('compileErrorPath', () => {
  it('a bad config field points into that node’s data, by its index in the document', () => {
    const d = doc(
      [T, notify, { id: 'rr', type: 'assign.roundRobin', data: { teams: 'ae' } }],
      [
        { id: 'e1', source: 't', target: 'n' },
        { id: 'e2', source: 'n', target: 'rr' },
      ],
    );
    expect(pathsOf(d)).toContainEqual(['invalidConfig', '$.nodes[2].data.teams']);
  });

  it('an unknown kind points at the node’s type', () => {
    const d = doc([T, { id: 'x', type: 'teleport', data: {} }], [{ id: 'e1', source: 't', target: 'x' }]);
    expect(pathsOf(d)).toContainEqual(['unknownKind', '$.nodes[1].type']);
  });

  it('a document-level problem keeps its own path; a dangling edge points at that edge', () => {
    expect(pathsOf({ key: 'k', kind: 'routing', name: 'k', nodes: 'none', edges: [] })).toEqual([['invalidDocument', '$.nodes']]);
    const d = doc(
      [T, notify],
      [
        { id: 'e1', source: 't', target: 'n' },
        { id: 'e2', source: 'n', target: 'ghost' },
      ],
    );
    expect(pathsOf(d)).toContainEqual(['danglingEdge', '$.edges[1].target']);
  });

  it('an edge’s own mistake points at that edge, not at the node it leaves', () => {
    const d = doc(
      [T, notify, { id: 'rr', type: 'assign.roundRobin', data: {} }],
      [
        { id: 'e1', source: 't', target: 'rr' },
        { id: 'e2', source: 'rr', sourceHandle: 'noMatch', target: 'n' },
        { id: 'e3', source: 'n', target: 't' },
        { id: 'e1', source: 't', target: 'n' },
      ],
    );
    const paths = pathsOf(d);
    expect(paths).toContainEqual(['badHandle', '$.edges[1].sourceHandle']);
    expect(paths).toContainEqual(['edgeIntoTrigger', '$.edges[2].target']);
    expect(paths).toContainEqual(['duplicateId', '$.edges[0].id']);
  });

  it('an error that names nothing in the document (or a node that is not there) is at the root', () => {
    const e: CompileError = { code: 'cycle', nodeId: 'gone', message: { en: 'x', zh: '某' } };
    expect(compileErrorPath(e, doc([T], []))).toBe('$');
    expect(compileErrorPath(e, 'not a document')).toBe('$');
    expect(compileErrorPath({ ...e, nodeId: 't' }, doc([notify, T], []))).toBe('$.nodes[1]');
    expect(compileErrorPath({ code: 'badHandle', edgeId: 'e9', message: e.message } as CompileError, doc([T], [{ id: 'e1' }, { id: 'e9' }]))).toBe(
      '$.edges[1].sourceHandle',
    );
  });
});
