import { runInputSchema } from './requests';
import { buildRunFlow } from './run-flow';
import { WHOLE_TABLE } from '../contracts';

describe('a run request', () => {
  it('takes a dbt-style model selection and hands it to the transform job', () => {
    const input = runInputSchema.parse({ pipeline: 'mysql', date: '2024-05-01', select: 'plays+' });
    const flow = buildRunFlow(
      { runId: 'mysql-2024-05-01', pipeline: 'mysql', partitionDate: '2024-05-01' },
      [{ table: 'spotify_artists', parts: [WHOLE_TABLE] }],
      { attempts: 1, fullRefresh: true, select: input.select },
    );
    expect(flow.data).toMatchObject({ select: 'plays+', fullRefresh: true });
  });

  it('refuses a selection that is not a model name, naming the field', () => {
    const parsed = runInputSchema.safeParse({
      pipeline: 'mysql',
      date: '2024-05-01',
      select: 'plays; drop table x',
    });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['select']);
  });
});
