import { parseServicePrincipalName, spnNamesHost } from '../../src/domain/service-principal-name';

describe('parseServicePrincipalName', () => {
  it.each([
    ['HTTP/srv01', { serviceClass: 'HTTP', host: 'srv01', port: null, serviceName: null }],
    [
      'MSSQLSvc/srv01.corp.example.test:1433',
      { serviceClass: 'MSSQLSvc', host: 'srv01.corp.example.test', port: '1433', serviceName: null },
    ],
    [
      'MSSQLSvc/SRV01:REPORTS',
      { serviceClass: 'MSSQLSvc', host: 'SRV01', port: 'REPORTS', serviceName: null },
    ],
    [
      'ldap/dc1.corp.example.test/corp.example.test',
      { serviceClass: 'ldap', host: 'dc1.corp.example.test', port: null, serviceName: 'corp.example.test' },
    ],
    [
      'GC/dc1.corp.example.test:3268/corp.example.test',
      { serviceClass: 'GC', host: 'dc1.corp.example.test', port: '3268', serviceName: 'corp.example.test' },
    ],
  ])('%s', (spn, parsed) => {
    expect(parseServicePrincipalName(spn)).toEqual(parsed);
  });

  it.each(['', 'HTTP', 'HTTP/', '/srv01', 'HTTP/:80', 'a/b/c/d'])('not an SPN: %j', (spn) => {
    expect(parseServicePrincipalName(spn)).toBeNull();
  });
});

describe('spnNamesHost', () => {
  const srv01 = ['SRV01', 'srv01.corp.example.test'];

  it.each([
    'HTTP/srv01',
    'HTTP/SRV01',
    'MSSQLSvc/srv01.corp.example.test:1433',
    'MSSQLSvc/SRV01.CORP.EXAMPLE.TEST:REPORTS',
    'ldap/srv01.corp.example.test/corp.example.test',
  ])('%s names SRV01', (spn) => {
    expect(spnNamesHost(spn, srv01)).toBe(true);
  });

  it.each(['HTTP/srv010', 'HTTP/xsrv01', 'HTTP/srv01.corp', 'HTTP/web01/srv01', 'srv01/web01', 'garbage'])(
    '%s does not',
    (spn) => {
      expect(spnNamesHost(spn, srv01)).toBe(false);
    },
  );
});
