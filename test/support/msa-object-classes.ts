/** The objectClass values of managed service accounts as an AD DC returns them, for fake LDAP entries. */
export const SMSA_OBJECT_CLASSES = [
  'top',
  'person',
  'organizationalPerson',
  'user',
  'computer',
  'msDS-ManagedServiceAccount',
];

export const GMSA_OBJECT_CLASSES = [
  'top',
  'person',
  'organizationalPerson',
  'user',
  'computer',
  'msDS-GroupManagedServiceAccount',
];
