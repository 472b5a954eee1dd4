/**
 * The people of the demo organisation that tests, the proxy and the UI refer to by email.
 * Kept apart from the seed builder so that identity (Jira users) can name them without
 * importing the whole seed.
 */

export const DEMO_CLAIMED_DOMAINS = ['acme.example', 'acme-labs.example'] as const;

export const DEMO_DIRECTORY_NAMES = ['Okta Workforce', 'Entra Contractors'] as const;

export interface DemoPerson {
  email: string;
  givenName: string;
  familyName: string;
  jobTitle: string;
  department: string;
}

const person = (
  email: string,
  givenName: string,
  familyName: string,
  jobTitle: string,
  department: string,
) => ({
  email,
  givenName,
  familyName,
  jobTitle,
  department,
});

/** Named demo accounts; their situation is described in the table at the top of seeds/demo.ts. */
export const DEMO_PEOPLE = {
  alice: person('alice.admin@acme.example', 'Alice', 'Admin', 'IT Director', 'IT'),
  olivia: person('olivia.owner@acme.example', 'Olivia', 'Owner', 'CTO', 'Executive'),
  paul: person('paul.agent@acme.example', 'Paul', 'Agent', 'Service Desk Agent', 'IT'),
  bob: person('bob.mover@acme.example', 'Bob', 'Mover', 'Product Manager', 'Product'),
  carla: person('carla.both@acme.example', 'Carla', 'Both', 'Data Engineer', 'Engineering'),
  dan: person('dan.deactivated@acme.example', 'Dan', 'Deactivated', 'Sales Lead', 'Sales'),
  erin: person('erin.unlinked@acme.example', 'Erin', 'Unlinked', 'Designer', 'Design'),
  frank: person('frank.deleted@acme.example', 'Frank', 'Deleted', 'QA Engineer', 'Engineering'),
  gina: person('gina.suspended@acme.example', 'Gina', 'Suspended', 'Recruiter', 'People'),
  hank: person('hank.active@acme.example', 'Hank', 'Active', 'Backend Engineer', 'Engineering'),
  ivy: person('ivy.invited@acme.example', 'Ivy', 'Invited', 'Office Manager', 'Operations'),
  jack: person('jack.external@gmail.com', 'Jack', 'External', 'Freelancer', 'External'),
  kate: person('kate.partner@partner.example', 'Kate', 'Partner', 'Consultant', 'External'),
  leo: person('leo.exportcontrol@acme.example', 'Leo', 'Exportcontrol', 'Researcher', 'Research'),
  mia: person('mia.pendingdeletion@acme.example', 'Mia', 'Pendingdeletion', 'Analyst', 'Finance'),
  nora: person(
    'nora.contractor@acme-labs.example',
    'Nora',
    'Contractor',
    'Contract Developer',
    'Engineering',
  ),
} as const satisfies Record<string, DemoPerson>;

export type DemoPersonKey = keyof typeof DEMO_PEOPLE;

export function displayNameOf(p: DemoPerson): string {
  return `${p.givenName} ${p.familyName}`;
}
