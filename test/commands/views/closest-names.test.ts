import { closestNames } from '../../../src/commands/views/closest-names';

const names = ['SRV01', 'SRV02', 'SRV03', 'APP10', 'DC1', 'FILESRV01', 'srv01'];

describe('closestNames', () => {
  it('returns up to three nearest names, case-insensitive, nearest first', () => {
    expect(closestNames('srv1', names)).toEqual(['SRV01', 'SRV02', 'SRV03']);
    expect(closestNames('SRV02', names, 1)).toEqual(['SRV02']);
  });

  it('ranks names containing the input first', () => {
    expect(closestNames('filesrv', names)).toEqual(['FILESRV01']);
    expect(closestNames('app', names)[0]).toBe('APP10');
  });

  it('leaves out names too far away to be a typo, and duplicates by case', () => {
    expect(closestNames('*)(objectClass=*', names)).toEqual([]);
    expect(closestNames('exchange', names)).toEqual([]);
    expect(closestNames('srv01', names).filter((n) => n.toLowerCase() === 'srv01')).toHaveLength(1);
  });

  it('handles empty input and candidates', () => {
    expect(closestNames('', names)).toEqual([]);
    expect(closestNames('srv01', [])).toEqual([]);
    expect(closestNames('srv01', names, 0)).toEqual([]);
  });

  it('is deterministic for ties', () => {
    expect(closestNames('SRV0', ['SRV02', 'SRV01', 'SRV03'])).toEqual(['SRV01', 'SRV02', 'SRV03']);
  });
});
