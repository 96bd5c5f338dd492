/**
 * Object-ACE GUIDs ([MS-ADA*] schemaIDGUID / rightsGuid) whose write or control access on a service
 * account amounts to taking it over. Lower-case, as guidToString renders them.
 */
export const takeoverWriteTargets: Readonly<Record<string, string>> = {
  // shadow credentials: add a key and authenticate as the account with PKINIT
  '5b47d60f-6090-40b2-9f37-2a4de88f3063': 'msDS-KeyCredentialLink',
  // RBCD: let a principal one controls impersonate users to the account
  '3f78c3e5-f79a-46bd-a0b8-9d18116ddc79': 'msDS-AllowedToActOnBehalfOfOtherIdentity',
  '800d94d7-b7a1-42a1-b14d-7cae1423d07f': 'msDS-AllowedToDelegateTo',
  'bf967a68-0de6-11d0-a285-00aa003049e2': 'userAccountControl',
  // property set holding userAccountControl and msDS-AllowedToActOnBehalfOfOtherIdentity
  '4c164200-20c0-11d0-a768-00aa006e0529': 'User-Account-Restrictions',
  'f3a64788-5306-11d1-a9c5-0000f80367c1': 'servicePrincipalName',
  // gMSA: grant oneself the right to read the password
  '888eedd6-ce04-df40-b462-b8a50e41ba38': 'msDS-GroupMSAMembership',
};

/** Extended right "Reset Password" (User-Force-Change-Password). */
export const RESET_PASSWORD_RIGHT = '00299570-246d-11d0-a768-00aa006e0529';
