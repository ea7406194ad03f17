import { cronProblem } from '../../src/model';

describe('cron schedules', () => {
  test.each([
    ['0 3 * * 1', undefined],
    ['*/15 2-4 1,15 jan-jun mon-fri', undefined],
    ['@weekly', undefined],
    ['0 3 * *', '4 fields instead of 5'],
    ['60 3 * * 1', 'minute "60" is outside 0-59'],
    ['0 3 * 13 1', 'month "13" is outside 1-12'],
    ['0 3 * * 8', 'day of week "8" is outside 0-7'],
    ['0 5-3 * * 1', 'hour range "5-3" runs backwards'],
    ['0 3 * * 1/0', 'day of week step "1/0" must be at least 1'],
    ['0 3 ? * 1', 'day of month "?" is not a value, range, list or step'],
  ])('%s → %s', (expression, problem) => {
    expect(cronProblem(expression)).toBe(problem);
  });
});
